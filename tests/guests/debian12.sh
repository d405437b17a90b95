#!/bin/sh
# debian12.sh OUTDIR: OUTDIR/disk.img, a real Debian 12 system (debian12-lib.sh)
# booted by GRUB on BIOS, for the real-guest tests: ext4 on MBR (sfdisk on the
# disk image, mke2fs -d onto a partition image); the first boot runs
# grub-install, update-initramfs and update-grub.
# OUTDIR/kver names the guest's kernel, OUTDIR/.unpacked its package and version.
set -eu

out=$1
. "$(dirname "$0")/debian12-lib.sh"
guest_cached "$out" "$0"

# Fixed identities: the partition table and fstab name the root before it exists.
ROOT_UUID=6a7c0e36-5d1b-4b2e-9f0a-1e2d3c4b5a60
DISK_ID=0x7674d0c1
FS_MIB=2048

t=$out/tree
guest_tree "$t" debian12 grub-pc
echo "UUID=$ROOT_UUID / ext4 errors=remount-ro 0 1" > "$t/etc/fstab"
# The serial console, and no menu delay, when GRUB boots it.
sed -i -e 's/^GRUB_TIMEOUT=.*/GRUB_TIMEOUT=0/' \
	-e 's/^GRUB_CMDLINE_LINUX=.*/GRUB_CMDLINE_LINUX="console=ttyS0"/' "$t/etc/default/grub"
guest_firstboot "$t" <<'SCRIPT'
grub-install /dev/vda
update-initramfs -u -k all
update-grub
SCRIPT
kver=$(guest_kernel "$t")

truncate -s "${FS_MIB}M" "$out/fs.img"
mke2fs -q -t ext4 -U "$ROOT_UUID" -d "$t" "$out/fs.img"
truncate -s $((FS_MIB + 4))M "$out/disk.img"
printf 'label: dos\nlabel-id: %s\nstart=1MiB, size=%sMiB, type=83, bootable\n' "$DISK_ID" "$FS_MIB" |
	sfdisk -q "$out/disk.img" >/dev/null
dd if="$out/fs.img" of="$out/disk.img" bs=1M seek=1 conv=notrunc,sparse status=none
rm -rf "$out/fs.img" "$t"
guest_first_boot "$ROOT_UUID" "$kver"
