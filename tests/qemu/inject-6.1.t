#!/bin/sh
# The end-to-end suite with Debian's stock 6.1 kernel as the injector and
# Debian's 6.12 kernel in the guests (tests/qemu/inject-suite.sh).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
. "$(dirname "$0")/inject-suite.sh"
work=$(mktemp -d)
# KEEP_WORK=1 keeps the consoles and disks for a look after a failure.
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
run_suite 6.1 6.12
finish
