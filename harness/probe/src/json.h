/* Minimal JSON writer for the probe: an in-memory buffer, correct escaping of any byte string. */
#ifndef PROBE_JSON_H
#define PROBE_JSON_H

#include <stddef.h>
#include <stdint.h>

struct jbuf {
  char *data;
  size_t len;
  size_t cap;
  /* One flag per nesting level: 1 when the next value needs a leading comma. */
  unsigned char needcomma[64];
  int depth;
};

void jb_init(struct jbuf *b);
void jb_free(struct jbuf *b);
void jb_raw(struct jbuf *b, const char *s, size_t n);
void jb_obj_begin(struct jbuf *b);
void jb_obj_end(struct jbuf *b);
void jb_arr_begin(struct jbuf *b);
void jb_arr_end(struct jbuf *b);
/* Object key (must be inside an object); the next call writes its value. */
void jb_key(struct jbuf *b, const char *k);
void jb_str(struct jbuf *b, const char *s);
void jb_strn(struct jbuf *b, const char *s, size_t n);
void jb_int(struct jbuf *b, long long v);
void jb_uint_str(struct jbuf *b, unsigned long long v); /* decimal as a JSON string */
void jb_bool(struct jbuf *b, int v);
void jb_null(struct jbuf *b);
/* Convenience: key + value. */
void jb_kstr(struct jbuf *b, const char *k, const char *v); /* v NULL -> null */
void jb_kint(struct jbuf *b, const char *k, long long v);
/* k: an array of the strings v[0..n-1], or of v up to its NULL entry when n < 0 */
void jb_kstrv(struct jbuf *b, const char *k, char *const *v, int n);
void jb_kbool(struct jbuf *b, const char *k, int v);
/* Write the buffer to fd in full (retrying short writes); returns 0 or -1. */
int jb_write_fd(struct jbuf *b, int fd);

#endif
