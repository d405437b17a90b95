#!/bin/sh
# The real-guest tier on LVM: a Debian 12 system whose root is a logical
# volume and whose /boot is a partition of its own (tests/guests/debian12-lvm.sh),
# logged into over SSH with the key injected by Debian's stock 6.12 kernel as
# the injector, built for a profile that carries lvm2.
exec sh "$(dirname "$0")/real-guest-suite.sh" 6.12 debian12-lvm
