#!/bin/sh
# real-guest-suite.sh INJECTOR: the real-guest tier, run by
# tests/qemu/real-guest-6.1.t and real-guest-6.12.t. Debian's stock INJECTOR
# kernel (guest.sh kroot) with the injector initramfs embedded boots a real
# Debian 12 system (tests/guests/debian12.sh: its own systemd, udev, sshd,
# grub.cfg from update-grub) with a per-VM payload that injects an SSH key;
# the test logs in as an administrator would, over QEMU's user network.
# KEEP_WORK=1 keeps the console and the disk for a look after a failure.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
. "$(dirname "$0")/../real-guest.sh"
injector=$1
work=$(mktemp -d)
trap 'stop_vm; [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT

guests=$VT_BUILD/guests/debian12
# The lock: the 6.1 and 6.12 runs (and bench/) may start side by side.
mkdir -p "$VT_BUILD/guests"
check "Debian 12 guest built (tests/guests/debian12.sh, cached)" \
	flock "$guests.lock" nice "$(dirname "$0")/../guests/debian12.sh" "$guests"
kernels_tested "$(kroot "$injector")" "$guests"
check "$injector injector built" make_injector "$injector" "$work"
check "payload with a fresh ed25519 key" make_key_payload "$work"
check "guest disk copied" cp --sparse=always "$guests/disk.img" "$work/disk.img"
echo 1 > "$work/disk.at" && echo ext4 > "$work/disk.fs"

start_vm "$work" -kernel "$work/injector.vmlinuz" -initrd "$work/vm.cpio" \
	-append "console=ttyS0 panic=-1 injector.fail=poweroff"
check "sshd answers with the injected key" wait_ssh "$work"
st=$(status_of "$work/console.log")
check "injector: $st" [ "$st" = "status=ok stage=kexec files=1" ]
check "another key is refused" refused "$work"
k=$(guest_ssh "$work" uname -r)
check "uname -r is the guest's own kernel ($k)" [ "$k" = "$(cat "$guests/kver")" ]
got=$(guest_ssh "$work" cat /proc/cmdline | squeeze)
want=$(guest_ssh "$work" cat /boot/grub/grub.cfg | first_linux_args | squeeze)
check "/proc/cmdline is grub.cfg's entry plus the append ($got)" [ "$got" = "$want $KEY_APPEND" ]
case $got in *injector.*) not_ok "no injector.* on the guest's command line" ;; *) ok "no injector.* on the guest's command line" ;; esac
s=$(guest_ssh "$work" timeout 300 systemctl is-system-running --wait)
check "systemctl is-system-running: $s" [ "$s" = running -o "$s" = degraded ]
check "powered off over SSH" poweroff_vm "$work"
check "e2fsck -fn finds the filesystem clean" check_disk "$work"
finish
