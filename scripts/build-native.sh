#!/usr/bin/env sh
# Builds the static C parts (the in-container probe, the reference runtime's init) with the system cc.
set -eu
cd "$(dirname "$0")/.."
for d in harness/probe reference-runtime/init; do
  if [ -f "$d/Makefile" ]; then make -s -C "$d"; fi
done
