#!/bin/sh
# `vmlinuz-tool update` without QEMU: what it leaves behind when the kernel
# it is given does not exist (tests/qemu/update.t boots the real thing).
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
umask 022

mkdir root
"$VT" update --kver 0.0-missing --root root --dest state >/dev/null 2>err; rc=$?
check "a missing kernel: exit 1 (got $rc)" [ "$rc" = 1 ]
check "one line naming it ($(cat err))" \
	[ "$(cat err)" = "vmlinuz-tool: root/boot/vmlinuz-0.0-missing: cannot open: No such file or directory" ]
check "the injector directory is created 0711, root lists it alone (got $(stat -c %a state))" \
	[ "$(stat -c %a state)" = 711 ]
check "and nothing is installed in it" [ "$(ls state)" = "" ]
finish
