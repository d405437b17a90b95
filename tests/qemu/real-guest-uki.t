#!/bin/sh
# The real-guest tier on a guest booted by a unified kernel image (EFI/Linux
# on the ESP, nothing else to boot) with Debian's stock 6.12 kernel as the
# injector: it kexecs the UKI's .linux and .initrd with its .cmdline.
exec sh "$(dirname "$0")/real-guest-suite.sh" 6.12 debian12-uki
