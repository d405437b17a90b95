#!/bin/sh
# The real-guest tier on a systemd-boot guest (kernels and type #1 entries on
# the ESP, written by bootctl and kernel-install) with Debian's stock 6.12
# kernel as the injector, under UEFI.
exec sh "$(dirname "$0")/real-guest-suite.sh" 6.12 debian12-esp
