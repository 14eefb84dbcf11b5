#!/bin/bash
# Test fixture (fault): a merely slow runtime: every call waits 0.3 s, then runc answers it. Conformant.
sleep 0.3
exec "${OCI_CONFORM_WRAPPED_RUNTIME:-runc}" "$@"
