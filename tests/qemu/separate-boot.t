#!/bin/sh
# A guest whose kernels live on a separate /boot partition named in its
# /etc/fstab by UUID: injector-init mounts it over the root (the profile's
# `mounts /boot`), finds grub.cfg's kernel there ("/vmlinuz-V", relative to
# that partition), kexecs it, and unmounts it cleanly. The root's own /boot
# holds only a decoy that is not a kernel. A /boot fstab names but that is
# not there fails the mount stage, unless fstab says nofail.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.12-cloud-amd64"
BOOT_UUID=3b0c4a52-6f1e-4c1a-9d3e-0e4a5b6c7d0b

# The grub layout's tree, its /boot moved to a filesystem of its own.
split_boot() {
	make_guest_disk 6.12 "$work" grub ext4 none && rm -f "$work/disk.img" || return 1
	rm -rf "$work/boot" && mv "$work/tree/boot" "$work/boot" && mkdir "$work/tree/boot" &&
		not_a_kernel "$work/tree/boot/vmlinuz-99.0.0-decoy" &&
		sed -i 's,/boot/,/,' "$work/boot/grub/grub.cfg" &&
		mke2fs -q -t ext4 -U "$BOOT_UUID" -d "$work/boot" "$work/boot.img" 96M >/dev/null
}

# disk_with FSTAB_LINE: DIR/disk.img, GPT: the /boot partition (1 MiB on), the root (98 MiB on).
disk_with() {
	echo "$1" > "$work/tree/etc/fstab" && make_fs ext4 "$work" 6.12 || return 1
	mib=$(($(stat -c %s "$work/fs.img") >> 20))
	rm -f "$work/disk.img" && truncate -s $((mib + 100))M "$work/disk.img"
	printf 'label: gpt\nstart=1MiB, size=96MiB, type=linux\nstart=98MiB, size=%sMiB, type=linux\n' "$mib" |
		sfdisk -q "$work/disk.img" >/dev/null &&
		dd if="$work/boot.img" of="$work/disk.img" bs=1M seek=1 conv=notrunc,sparse status=none &&
		dd if="$work/fs.img" of="$work/disk.img" bs=1M seek=98 conv=notrunc,sparse status=none
}

# clean_ext4 SKIP_MIB COUNT_MIB: that filesystem of the disk, checked on a copy.
clean_ext4() {
	dd if="$work/disk.img" of="$work/check.img" bs=1M skip="$1" count="$2" status=none &&
		e2fsck -fn "$work/check.img" >"$work/check.log" 2>&1 &&
		! dumpe2fs -h "$work/check.img" 2>/dev/null | grep -q needs_recovery
}

check "injector kernel built" make_injector 6.12 "$work"
check "payload built" make_payload "$work"
check "guest with a separate /boot built" split_boot

check "fstab: UUID= /boot" disk_with "UUID=$BOOT_UUID /boot ext4 defaults 0 2"
boot_injected "$work" "$work/uuid.log" </dev/null
check_mission "$work/uuid.log" "UUID= /boot"
check "the injector mounted /boot from fstab" \
	grep -aq "mount: /dev/vda1 on /guest/boot (ext4, UUID=$BOOT_UUID)" "$work/uuid.log"
check "kexec chose the kernel on /boot" grep -aq "kexec: loaded /boot/vmlinuz-$(kver 6.12)" "$work/uuid.log"
check "/boot unmounted cleanly (e2fsck -fn, no journal to replay)" clean_ext4 1 96
check "root unmounted cleanly" clean_ext4 98 "$mib"

check "fstab: a /boot that is not there" disk_with "LABEL=gone /boot ext4 defaults 0 2"
boot_injected "$work" "$work/missing.log" </dev/null
check "missing /boot: $(status_of "$work/missing.log")" \
	[ "$(status_of "$work/missing.log")" = "status=error stage=mount files=0" ]

check "fstab: a /boot that is not there, nofail" disk_with "LABEL=gone /boot ext4 nofail 0 2"
boot_injected "$work" "$work/nofail.log" </dev/null
check "nofail: went on without it" grep -aq "mount: /boot: .*nofail, going on without it" "$work/nofail.log"
check "nofail: the root's decoy is no kernel: $(status_of "$work/nofail.log")" \
	[ "$(status_of "$work/nofail.log")" = "status=error stage=kexec files=4" ]
check "root unmounted cleanly after the failure" clean_ext4 98 "$mib"
finish
