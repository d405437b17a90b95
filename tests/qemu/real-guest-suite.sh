#!/bin/sh
# real-guest-suite.sh INJECTOR [GUEST]: the real-guest tier, run by
# tests/qemu/real-guest-*.t. Debian's stock INJECTOR kernel (guest.sh kroot)
# with the injector initramfs embedded boots a real Debian 12 system, GUEST
# (default debian12; built by tests/guests/GUEST.sh: its own systemd, udev,
# sshd) with a per-VM payload that injects an SSH key; the test logs in as
# an administrator would, over QEMU's user network. GUEST is also how it boots:
#   debian12      grub.cfg from update-grub, ext4 root on one MBR partition
#   debian12-lvm  grub.cfg, root LV, separate /boot: the injector is built for
#                 the ubuntu profile, which asks for lvm2 (`storage lvm`)
#   debian12-esp  systemd-boot type #1 entries and kernels on the ESP, none in
#                 /boot; the injector boots under UEFI (OVMF)
#   debian12-uki  a unified kernel image in the ESP's EFI/Linux, nothing else
#                 to boot
# KEEP_WORK=1 keeps the console and the disk for a look after a failure.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
. "$(dirname "$0")/../real-guest.sh"
injector=$1 guest=${2:-debian12}
work=$(mktemp -d)
trap 'stop_vm; [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT

# Per guest: the source the injector's log names, the firmware, the profile, an ESP to check.
source="boot configuration" firmware= esp=
case $guest in
debian12-lvm) INJECTOR_PROFILE=ubuntu ;;
debian12-esp) source="ESP boot entry" firmware=$(ovmf_args plain) esp=1 ;;
debian12-uki) source="UKI Debian GNU/Linux 12 (bookworm)" esp=1 ;;
esac

# entry_args: the command line of the entry the guest's boot loader would start.
entry_args() {
	case $guest in
	debian12-esp) guest_ssh "$work" cat /efi/loader/entries/*.conf | awk '$1 == "options" { $1 = ""; print }' ;;
	debian12-uki) cat "$guests/cmdline" ;;
	*) guest_ssh "$work" cat /boot/grub/grub.cfg | first_linux_args ;;
	esac
}

guests=$VT_BUILD/guests/$guest
# The lock: the 6.1 and 6.12 runs (and bench/) may start side by side.
mkdir -p "$VT_BUILD/guests"
check "Debian 12 guest built (tests/guests/$guest.sh, cached)" \
	flock "$guests.lock" nice "$(dirname "$0")/../guests/$guest.sh" "$guests"
kernels_tested "$(kroot "$injector")" "$guests"
check "$injector injector built (profile ${INJECTOR_PROFILE:-debian})" make_injector "$injector" "$work"
check "payload with a fresh ed25519 key" make_key_payload "$work"
check "guest disk copied" cp --sparse=always "$guests/disk.img" "$work/disk.img"
cat "$guests/root.at" > "$work/disk.at" 2>/dev/null || echo 1 > "$work/disk.at"
echo ext4 > "$work/disk.fs"

# ext4_at "OFFSET SIZE": e2fsck -fn on a copy of those bytes of the disk, and no journal to replay.
ext4_at() {
	set -- $1
	dd if="$work/disk.img" of="$work/part.img" iflag=skip_bytes,count_bytes skip="$1" count="$2" \
		bs=4M conv=sparse status=none &&
		e2fsck -fn "$work/part.img" >>"$work/check.log" 2>&1 &&
		! dumpe2fs -h "$work/part.img" 2>/dev/null | grep -q needs_recovery
	r=$?
	rm -f "$work/part.img"
	return $r
}

FAIL_LOG=$work/console.log
# shellcheck disable=SC2086
start_vm "$work" -kernel "$work/injector.vmlinuz" -initrd "$work/vm.cpio" \
	-append "console=ttyS0 panic=-1 injector.fail=poweroff" $firmware
check "sshd answers with the injected key" wait_ssh "$work"
st=$(status_of "$work/console.log")
check "injector: $st" [ "$st" = "status=ok stage=kexec files=1" ]
check "injector chose the kernel of the $source" grep -aq "kernel candidate 0 ($source)" "$work/console.log"
check "another key is refused" refused "$work"
k=$(guest_ssh "$work" uname -r)
check "uname -r is the guest's own kernel ($k)" [ "$k" = "$(cat "$guests/kver")" ]
got=$(guest_ssh "$work" cat /proc/cmdline | squeeze)
want=$(entry_args | squeeze)
check "/proc/cmdline is the $source's plus the append ($got)" [ "$got" = "$want $KEY_APPEND" ]
case $got in *injector.*) not_ok "no injector.* on the guest's command line" ;; *) ok "no injector.* on the guest's command line" ;; esac
s=$(guest_ssh "$work" timeout 300 systemctl is-system-running --wait)
check "systemctl is-system-running: $s" [ "$s" = running -o "$s" = degraded ]
if [ -f "$guests/lv.at" ]; then
	src=$(guest_ssh "$work" findmnt -no SOURCE / | squeeze)
	check "the guest's root is its logical volume ($src)" [ "$src" = /dev/mapper/vg-root ]
	src=$(guest_ssh "$work" findmnt -no UUID /boot | squeeze)
	check "the guest mounted its own /boot ($src)" [ -n "$src" ]
	check "the injector activated the volume group" grep -aq "root: LVM volume groups activated" "$work/console.log"
	check "the injector mounted /boot from fstab" grep -aq "mount: .* on /guest/boot (ext4, UUID=" "$work/console.log"
	check "the injector deactivated it before the kexec" grep -aq "kexec: LVM volume groups deactivated" "$work/console.log"
fi
check "powered off over SSH" poweroff_vm "$work"
if [ -f "$guests/lv.at" ]; then
	check "e2fsck -fn finds /boot clean (a copy of its partition)" ext4_at "$(cat "$guests/boot.at")"
	check "e2fsck -fn finds the root LV clean (a copy of its extents)" ext4_at "$(cat "$guests/lv.at")"
else
	check "e2fsck -fn finds the filesystem clean" check_disk "$work"
fi
[ -z "$esp" ] || check "fsck.vfat -n finds the ESP clean" check_esp "$work"
finish
