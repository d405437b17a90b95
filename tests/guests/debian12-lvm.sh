#!/bin/sh
# debian12-lvm.sh OUTDIR: OUTDIR/disk.img, a real Debian 12 system in the
# Ubuntu Server / RHEL shape: GPT, a BIOS boot partition, /boot on an ext4
# partition of its own, the root an ext4 logical volume (vg/root) on an LVM
# physical volume; its fstab names /boot by UUID= and the root as
# /dev/mapper/vg-root, its initramfs-tools image carries lvm2. Built as
# debian12-base.sh says; its first boot (on the plain system, with lvm2 and
# fdisk) installs it onto a second, blank disk with Debian's own tools:
# sfdisk, pvcreate/vgcreate/lvcreate, mkfs.ext4, cp -ax, then grub-install,
# update-initramfs and update-grub chrooted into the copy. That disk is the
# guest. OUTDIR/boot.at and OUTDIR/lv.at: where /boot and the root LV's
# filesystem lie in it, "OFFSET SIZE" in bytes (for fsck on a copy).
. "$(dirname "$0")/debian12-base.sh"

BOOT_UUID=6a7c0e36-5d1b-4b2e-9f0a-1e2d3c4b5a61
LV_UUID=6a7c0e36-5d1b-4b2e-9f0a-1e2d3c4b5a62
DISK_MIB=3072

base_tree grub-pc,lvm2,fdisk
# Whatever initramfs-tools' dep mode makes of a chroot, the root's drivers are in.
printf 'dm_mod\nvirtio_pci\nvirtio_blk\next4\n' >> "$t/etc/initramfs-tools/modules"
# The copy loses the first-boot unit here; this system, discarded, by firstboot's ending.
sed -e "s/@BOOT_UUID@/$BOOT_UUID/g" -e "s/@LV_UUID@/$LV_UUID/g" <<'SCRIPT' | firstboot
set -ux
d=/dev/vdb
printf 'label: gpt\nstart=1MiB, size=1MiB, type=21686148-6449-6E6F-744E-656564454649\nstart=2MiB, size=300MiB, type=linux\nstart=302MiB, type=E6D6D379-F507-44C2-A23C-238F2A3DF928\n' |
	sfdisk -q $d
udevadm settle
mkfs.ext4 -q -U @BOOT_UUID@ ${d}2
pvcreate -q ${d}3
vgcreate -q vg ${d}3
lvcreate -q -y -l 100%FREE -n root vg
udevadm settle
mkfs.ext4 -q -U @LV_UUID@ /dev/mapper/vg-root
mount /dev/mapper/vg-root /mnt
mkdir /mnt/boot
mount ${d}2 /mnt/boot
# One filesystem: /boot's files land on the new /boot; /proc, /dev... stay empty.
cp -ax /. /mnt
mkdir -p /mnt/proc /mnt/sys /mnt/dev /mnt/run /mnt/tmp /mnt/mnt
rm -f /mnt/etc/systemd/system/multi-user.target.wants/vt-firstboot.service \
	/mnt/etc/systemd/system/vt-firstboot.service /mnt/usr/local/sbin/vt-firstboot
printf '/dev/mapper/vg-root / ext4 errors=remount-ro 0 1\nUUID=@BOOT_UUID@ /boot ext4 defaults 0 2\n' > /mnt/etc/fstab
for f in dev proc sys run; do mount --bind /$f /mnt/$f; done
chroot /mnt grub-install $d
chroot /mnt update-initramfs -u -k all
chroot /mnt update-grub
sync
for f in run sys proc dev; do umount /mnt/$f; done
umount /mnt/boot /mnt
vgchange -an vg
# Where the root's filesystem lies on the disk: partition 3's start, the
# PV's first extent, and the LV's one segment from extent 0 on.
echo "VT-LV: part=$(cat /sys/class/block/vdb3/start) pe_start=$(pvs --noheadings --units b --nosuffix -o pe_start ${d}3 | tr -d ' ') size=$(lvs --noheadings --units b --nosuffix -o lv_size vg/root | tr -d ' ') ranges=$(lvs --noheadings -o seg_pe_ranges vg/root | tr -d ' ')"
SCRIPT
root_disk
truncate -s "${DISK_MIB}M" "$out/lvm.img"
first_boot -drive "file=$out/lvm.img,format=raw,if=virtio"
lv=$(grep -ao 'VT-LV: part=[0-9]* pe_start=[0-9]* size=[0-9]* ranges=[^ ]*' "$out/firstboot.log" | tail -n1)
part=$(echo "$lv" | sed 's/.*part=\([0-9]*\).*/\1/') pe=$(echo "$lv" | sed 's/.*pe_start=\([0-9]*\).*/\1/')
size=$(echo "$lv" | sed 's/.*size=\([0-9]*\).*/\1/')
case $lv in *ranges=/dev/vdb3:0-*) ;; *)
	echo "debian12-lvm.sh: $out/firstboot.log: the root LV is not one segment from extent 0: $lv" >&2
	exit 1 ;;
esac
echo "$((2 << 20)) $((300 << 20))" > "$out/boot.at"
echo "$((part * 512 + pe)) $size" > "$out/lv.at"
mv "$out/lvm.img" "$out/disk.img"
done_key
