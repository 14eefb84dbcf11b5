#!/bin/sh
# Test fixture: a runc wrapper whose features document lies. `features` prints runc's document with an
# unknown property, an ociVersionMin above its ociVersionMax, a hook kind and a mount option nobody has,
# seccomp knownFlags, memoryPolicy lists and mountExtensions.idmap.enabled (runc 1.1.5 applies no idmap);
# `create` refuses what the document lists: a config declaring that ociVersionMin, a user namespace,
# CAP_AUDIT_READ, an SCMP_ACT_LOG rule, the SECCOMP_FILTER_FLAG_SPEC_ALLOW flag, or a memoryPolicy.
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
    d.hooks = [...(d.hooks || []), "ociConformLie"];
    d.mountOptions = [...(d.mountOptions || []), "oci-conform-lie"];
    d.linux = d.linux || {};
    d.linux.seccomp = { ...(d.linux.seccomp || {}), knownFlags: ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"] };
    d.linux.memoryPolicy = { modes: ["MPOL_BIND"], flags: ["MPOL_F_STATIC_NODES"] };
    d.linux.mountExtensions = { idmap: { enabled: true } };
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
      ((l.seccomp && l.seccomp.syscalls) || []).some((r) => r.action === "SCMP_ACT_LOG") ? "unknown seccomp action SCMP_ACT_LOG" :
      ((l.seccomp && l.seccomp.flags) || []).includes("SECCOMP_FILTER_FLAG_SPEC_ALLOW") ? "unknown seccomp flag SECCOMP_FILTER_FLAG_SPEC_ALLOW" :
      l.memoryPolicy ? "unknown property linux.memoryPolicy" : "";
    if (why) { process.stderr.write("features-lies: " + why + "\n"); process.exit(1); }
  ' || exit 1
fi
exec "$real" "$@"
