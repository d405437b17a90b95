#!/bin/sh
# real-guest-suite.sh INJECTOR [LAYOUT]: the real-guest tier, run by
# tests/qemu/real-guest-*.t. Debian's stock INJECTOR kernel (guest.sh kroot)
# with the injector initramfs embedded boots a real Debian 12 system (its
# own systemd, udev, sshd) with a per-VM payload that injects an SSH key;
# the test logs in as an administrator would, over QEMU's user network.
# LAYOUT is how the guest boots, and which builder in tests/guests/ makes it:
#   grub  grub.cfg from update-grub, ext4 on MBR (debian12.sh; the default)
#   esp   systemd-boot type #1 entries and kernels on the ESP, none in /boot
#         (debian12-esp.sh); the injector boots under UEFI (OVMF)
#   uki   a unified kernel image in the ESP's EFI/Linux, nothing else to boot
#         (debian12-uki.sh)
# KEEP_WORK=1 keeps the console and the disk for a look after a failure.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
. "$(dirname "$0")/../real-guest.sh"
injector=$1 layout=${2:-grub}
work=$(mktemp -d)
trap 'stop_vm; [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT

# Per layout: the builder, the source the injector's log names, the firmware.
case $layout in
grub) builder=debian12 source="boot configuration" firmware= ;;
esp) builder=debian12-esp source="ESP boot entry" firmware=$(ovmf_args plain) ;;
uki) builder=debian12-uki source="UKI Debian GNU/Linux 12 (bookworm)" firmware= ;;
esac

# entry_args: the command line of the entry the guest's boot loader would start.
entry_args() {
	case $layout in
	grub) guest_ssh "$work" cat /boot/grub/grub.cfg | first_linux_args ;;
	esp) guest_ssh "$work" cat /efi/loader/entries/*.conf | awk '$1 == "options" { $1 = ""; print }' ;;
	uki) cat "$guests/cmdline" ;;
	esac
}

guests=$VT_BUILD/guests/$builder
# The lock: the 6.1 and 6.12 runs (and bench/) may start side by side.
mkdir -p "$VT_BUILD/guests"
check "Debian 12 guest built (tests/guests/$builder.sh, cached)" \
	flock "$guests.lock" nice "$(dirname "$0")/../guests/$builder.sh" "$guests"
kernels_tested "$(kroot "$injector")" "$guests"
check "$injector injector built" make_injector "$injector" "$work"
check "payload with a fresh ed25519 key" make_key_payload "$work"
check "guest disk copied" cp --sparse=always "$guests/disk.img" "$work/disk.img"
cat "$guests/root.at" > "$work/disk.at" 2>/dev/null || echo 1 > "$work/disk.at"
echo ext4 > "$work/disk.fs"

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
check "powered off over SSH" poweroff_vm "$work"
check "e2fsck -fn finds the filesystem clean" check_disk "$work"
[ "$layout" = grub ] || check "fsck.vfat -n finds the ESP clean" check_esp "$work"
finish
