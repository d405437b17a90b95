#!/bin/sh
# Injectors built from Debian's generic and rt kernels, 6.1 and 6.12: unlike
# the cloud flavour (inject-6.1.t, inject-6.12.t) they build crc32c as a
# module, which ext4, xfs and btrfs ask the kernel for at mount time. Each
# injector mounts all three (Debian 6.12 cloud in the guests).
exec sh "$(dirname "$0")/inject-suite.sh" --filesystems 6.12 6.1-amd64 6.1-rt-amd64 6.12-amd64 6.12-rt-amd64
