#!/bin/sh
# Test fixture: a runc wrapper whose features document lies. `features` prints runc's document with an
# unknown property and an ociVersionMin above its ociVersionMax; `create` refuses what the document lists:
# a config declaring that ociVersionMin, a user namespace, CAP_AUDIT_READ, or an SCMP_ACT_LOG rule.
# The features cases must fail against it.
real="${OCI_CONFORM_WRAPPED_RUNTIME:-runc}"
sub=""
bundle=""
prev=""
for a in "$@"; do
  case "$prev" in
    --root | --log | --log-format) prev="" ; continue ;;
    --bundle | -b) bundle="$a" ;;
  esac
  if [ -z "$sub" ]; then
    case "$a" in
      -*) ;;
      *) sub="$a" ;;
    esac
  fi
  prev="$a"
done
if [ "$sub" = features ]; then
  "$real" features | node -e '
    const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
    d.ociVersionMin = "1.0.3";
    d.bogus = true;
    process.stdout.write(JSON.stringify(d, null, 2) + "\n");
  '
  exit $?
fi
if [ "$sub" = create ]; then
  [ -n "$bundle" ] || bundle="$PWD"
  FEATURES_CONFIG="$bundle/config.json" node -e '
    const c = JSON.parse(require("fs").readFileSync(process.env.FEATURES_CONFIG, "utf8"));
    const l = c.linux || {};
    const why =
      c.ociVersion === "1.0.3" ? "unsupported ociVersion 1.0.3" :
      (l.namespaces || []).some((n) => n.type === "user") ? "unknown namespace type user" :
      ((c.process && c.process.capabilities && c.process.capabilities.bounding) || []).includes("CAP_AUDIT_READ") ? "unknown capability CAP_AUDIT_READ" :
      ((l.seccomp && l.seccomp.syscalls) || []).some((r) => r.action === "SCMP_ACT_LOG") ? "unknown seccomp action SCMP_ACT_LOG" : "";
    if (why) { process.stderr.write("features-lies: " + why + "\n"); process.exit(1); }
  ' || exit 1
fi
exec "$real" "$@"
