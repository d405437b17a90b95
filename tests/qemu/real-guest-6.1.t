#!/bin/sh
# The real-guest tier (a Debian 12 system logged into over SSH with the
# injected key) with Debian's stock 6.1 kernel as the injector.
exec sh "$(dirname "$0")/real-guest-suite.sh" 6.1
