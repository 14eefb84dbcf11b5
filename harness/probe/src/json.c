/* Minimal JSON writer for the probe: an in-memory buffer, correct escaping of any byte string.
 * Valid UTF-8 passes through; control characters, DEL and bytes that are not part of a valid
 * UTF-8 sequence are written as \u00XX, so any byte sequence yields valid JSON. */
#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void jb_init(struct jbuf *b) {
  memset(b, 0, sizeof(*b));
}

void jb_free(struct jbuf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void jb_raw(struct jbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (b->len + n + 1 > cap) cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
      static const char msg[] = "probe: out of memory\n";
      (void)!write(2, msg, sizeof(msg) - 1);
      _exit(3);
    }
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void sep(struct jbuf *b) {
  if (b->depth > 0 && b->needcomma[b->depth]) jb_raw(b, ",", 1);
  if (b->depth > 0) b->needcomma[b->depth] = 1;
}

static void vsep(struct jbuf *b);
static void esc(struct jbuf *b, const char *str, size_t n);

static void push(struct jbuf *b) {
  if (b->depth < 63) b->depth++;
  b->needcomma[b->depth] = 0;
}

void jb_obj_begin(struct jbuf *b) {
  vsep(b);
  jb_raw(b, "{", 1);
  push(b);
}
void jb_obj_end(struct jbuf *b) {
  b->depth--;
  jb_raw(b, "}", 1);
}
void jb_arr_begin(struct jbuf *b) {
  vsep(b);
  jb_raw(b, "[", 1);
  push(b);
}
void jb_arr_end(struct jbuf *b) {
  b->depth--;
  jb_raw(b, "]", 1);
}

/* Length of the valid UTF-8 sequence starting at s (n bytes left), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t need;
  unsigned int cp;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) {
    need = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    need = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (n < need) return 0;
  for (size_t i = 1; i < need; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3f);
  }
  if (need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return 0;
  if (need == 4 && (cp < 0x10000 || cp > 0x10ffff)) return 0;
  return need;
}

static void esc(struct jbuf *b, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  jb_raw(b, "\"", 1);
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c == '"') {
      jb_raw(b, "\\\"", 2);
      i++;
    } else if (c == '\\') {
      jb_raw(b, "\\\\", 2);
      i++;
    } else if (c == '\n') {
      jb_raw(b, "\\n", 2);
      i++;
    } else if (c == '\t') {
      jb_raw(b, "\\t", 2);
      i++;
    } else if (c < 0x20 || c == 0x7f) {
      char u[8];
      snprintf(u, sizeof(u), "\\u%04x", c);
      jb_raw(b, u, 6);
      i++;
    } else {
      size_t l = utf8_len(s + i, n - i);
      if (l == 0) {
        char u[8];
        snprintf(u, sizeof(u), "\\u%04x", c);
        jb_raw(b, u, 6);
        i++;
      } else {
        jb_raw(b, (const char *)s + i, l);
        i += l;
      }
    }
  }
  jb_raw(b, "\"", 1);
}

/* Per nesting level: 0 first element, 1 a comma is due, 2 a key was written and awaits its value. */
static void vsep(struct jbuf *b) {
  if (b->depth > 0 && b->needcomma[b->depth] == 2) {
    b->needcomma[b->depth] = 1;
    return;
  }
  sep(b);
}

void jb_key(struct jbuf *b, const char *k) {
  sep(b);
  esc(b, k, strlen(k));
  jb_raw(b, ":", 1);
  b->needcomma[b->depth] = 2;
}

void jb_strn(struct jbuf *b, const char *s, size_t n) {
  vsep(b);
  esc(b, s, n);
}
void jb_str(struct jbuf *b, const char *s) {
  jb_strn(b, s, strlen(s));
}
void jb_int(struct jbuf *b, long long v) {
  char t[32];
  vsep(b);
  int n = snprintf(t, sizeof(t), "%lld", v);
  jb_raw(b, t, (size_t)n);
}
void jb_uint_str(struct jbuf *b, unsigned long long v) {
  char t[32];
  vsep(b);
  int n = snprintf(t, sizeof(t), "\"%llu\"", v);
  jb_raw(b, t, (size_t)n);
}
void jb_bool(struct jbuf *b, int v) {
  vsep(b);
  if (v)
    jb_raw(b, "true", 4);
  else
    jb_raw(b, "false", 5);
}
void jb_null(struct jbuf *b) {
  vsep(b);
  jb_raw(b, "null", 4);
}
void jb_kstr(struct jbuf *b, const char *k, const char *v) {
  jb_key(b, k);
  if (v)
    jb_str(b, v);
  else
    jb_null(b);
}
void jb_kstrv(struct jbuf *b, const char *k, char *const *v, int n) {
  jb_key(b, k);
  jb_arr_begin(b);
  for (int i = 0; v && (n < 0 ? v[i] != NULL : i < n); i++) jb_str(b, v[i]);
  jb_arr_end(b);
}
void jb_kint(struct jbuf *b, const char *k, long long v) {
  jb_key(b, k);
  jb_int(b, v);
}
void jb_kbool(struct jbuf *b, const char *k, int v) {
  jb_key(b, k);
  jb_bool(b, v);
}

int jb_write_fd(struct jbuf *b, int fd) {
  size_t off = 0;
  while (off < b->len) {
    ssize_t w = write(fd, b->data + off, b->len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    off += (size_t)w;
  }
  return 0;
}
