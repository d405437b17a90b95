#!/bin/sh
# The mission end to end: Debian's stock 6.12 kernel with the injector
# initramfs embedded boots a VM with a per-VM archive, injects files into the
# guest's ext4 root (found by probing a virtio disk), and kexecs the guest's
# own Debian 6.1 kernel, whose init checks every change.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check "injector kernel built" make_injector 6.12 "$work"
check "guest disk built" make_guest_disk 6.1 "$work"
check "payload built" make_payload "$work"
boot_injected "$work" "$work/console.log"
status=$(grep -ao 'INJECTOR: status=[a-z]* stage=[a-z]* files=[0-9]*' "$work/console.log" | tail -n1)
check "injector: $status" [ "$status" = "INJECTOR: status=ok stage=kexec files=4" ]
guest=$(grep -a '^GUEST: ' "$work/console.log" | tr -d '\r' | tail -n1)
check "guest kernel sees every change: $guest" [ "$guest" = "$GUEST_OK" ]
check "the guest filesystem is clean afterwards" sh -c "e2fsck -fn \"$work/disk.img\" >/dev/null 2>&1"
finish
