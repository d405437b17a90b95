#!/bin/sh
# The root on an LVM logical volume, probed: the injector (built for the
# ubuntu profile, which says `storage lvm`) finds no root on a plain
# partition, sees the physical volume, activates its volume group with
# lvm2, finds the root LV, injects, kexecs, and deactivates the group
# first. The disk is made without a loop device: a helper VM (lvm2 from
# the same archive) writes the LVM metadata, then the host writes the ext4
# root image into the LV's one segment (the PV's first extent on).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d)
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.12-cloud-amd64"
INJECTOR_PROFILE=ubuntu

# lvm_helper: a helper VM makes vda2 a PV of vg with root, one LV over all of it.
lvm_helper() {
	h=$work/helper
	mkdir -p "$h"
	cat > "$h/init" <<INIT
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in virtio_pci virtio_blk dm_mod; do modprobe \$m 2>/dev/null; done
for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda2 ] && break; sleep 1; done
c='$LVM_NO_UDEV'
lvm pvcreate -q -y --config "\$c" /dev/vda2 && lvm vgcreate -q --config "\$c" vg /dev/vda2 &&
	lvm lvcreate -q -y -Zn --config "\$c" -l 100%FREE -n root vg &&
	pe=\$(lvm pvs --config "\$c" --noheadings --units b --nosuffix -o pe_start /dev/vda2 | tr -d ' ') &&
	size=\$(lvm lvs --config "\$c" --noheadings --units b --nosuffix -o lv_size vg/root | tr -d ' ') &&
	ranges=\$(lvm lvs --config "\$c" --noheadings -o seg_pe_ranges vg/root | tr -d ' ') &&
	lvm vgchange -q -an --config "\$c" vg && echo "HELPER: pe_start="\$pe "size="\$size "ranges="\$ranges
poweroff -f
INIT
	chmod 755 "$h/init"
	(cd "$h" && echo init | cpio -o -H newc -R 0:0 --quiet) > "$h/init.cpio"
	cat "$work/guest-6.12/base.cpio" "$h/init.cpio" > "$h/initrd"
	qemu_vm "$h/console.log" 300 -kernel "$(kroot 6.12)/vmlinuz" -initrd "$h/initrd" \
		-append "console=ttyS0 panic=-1" -drive "file=$work/disk.img,format=raw,if=virtio" </dev/null
	grep -ao 'HELPER: pe_start=[0-9]* size=[0-9]* ranges=[^ ]*' "$h/console.log" | tail -n1 > "$work/lv"
	grep -q 'ranges=/dev/vda2:0-' "$work/lv"
}

# GPT: a BIOS boot partition, then the PV, 8 MiB more than the root image;
# the image goes where the LV's first extent is.
lvm_disk() {
	make_guest_disk 6.12 "$work" grub ext4 none || return 1
	mv "$work/disk.img" "$work/fs.img" && mib=$(($(stat -c %s "$work/fs.img") >> 20))
	truncate -s $((mib + 12))M "$work/disk.img" &&
		printf 'label: gpt\nstart=1MiB, size=1MiB, type=21686148-6449-6E6F-744E-656564454649\nstart=2MiB, size=%sMiB, type=E6D6D379-F507-44C2-A23C-238F2A3DF928\n' $((mib + 8)) |
		sfdisk -q "$work/disk.img" >/dev/null && lvm_helper || return 1
	pe=$(sed 's/.*pe_start=\([0-9]*\).*/\1/' "$work/lv")
	dd if="$work/fs.img" of="$work/disk.img" bs=1M seek=$(((2 << 20) + pe)) oflag=seek_bytes \
		conv=notrunc,sparse status=none
}

check "injector kernel built (profile ubuntu: lvm2 in it)" make_injector 6.12 "$work"
check "payload built" make_payload "$work"
check "guest disk with its root on LVM built (the helper VM writes the LVM metadata)" lvm_disk
boot_injected "$work" "$work/console.log" </dev/null
check_mission "$work/console.log" "root LV"
check "the volume group was activated" grep -aq "root: LVM volume groups activated" "$work/console.log"
check "the root is the LV" grep -aq "root: /dev/dm-0 (ext4, UUID $(fs_uuid ext4))" "$work/console.log"
check "deactivated before the kexec" grep -aq "kexec: LVM volume groups deactivated" "$work/console.log"
pe=$(sed 's/.*pe_start=\([0-9]*\).*/\1/' "$work/lv")
dd if="$work/disk.img" of="$work/check.img" iflag=skip_bytes,count_bytes skip=$(((2 << 20) + pe)) \
	count="$(stat -c %s "$work/fs.img")" status=none
check "the LV's filesystem is clean (e2fsck -fn on a copy)" sh -c "e2fsck -fn '$work/check.img' >/dev/null 2>&1"
check "... and was unmounted (no journal to replay)" \
	sh -c "! dumpe2fs -h '$work/check.img' 2>/dev/null | grep -q needs_recovery"
finish
