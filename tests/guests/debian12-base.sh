# Sourced by tests/guests/debian12*.sh: a real Debian 12 system built from
# Debian's own packages (systemd, udev, openssh-server, the cloud kernel and
# its initramfs-tools image; the builder adds its boot loader), never mounted
# and without a loop device: mmdebstrap into a directory (it mounts /proc
# and /dev inside that tree only while it runs), mke2fs -d (and mformat for
# an ESP) onto partition images, sfdisk on the disk image. Then one "first boot" under QEMU with the guest's own
# kernel and initrd runs the builder's vt-firstboot script (Debian's tools
# write the boot configuration) and powers off.
# Cached: OUTDIR/disk.img is rebuilt only when the builder or this file
# changes (their hash is kept in OUTDIR/key). OUTDIR/kver names the guest's
# kernel, OUTDIR/.unpacked its package and version.
set -eu

out=$1
key=$(cat "$0" "$(dirname "$0")/debian12-base.sh" | sha256sum | cut -d' ' -f1)
[ "$(cat "$out/key" 2>/dev/null)" = "$key" ] && [ -f "$out/disk.img" ] && exit 0

# Fixed identities: the partition table and fstab name the root before it exists.
ROOT_UUID=6a7c0e36-5d1b-4b2e-9f0a-1e2d3c4b5a60
DISK_ID=0x7674d0c1
FS_MIB=2048
PACKAGES=linux-image-cloud-amd64,systemd-sysv,udev,dbus,libpam-systemd,openssh-server,initramfs-tools,zstd,e2fsprogs,iproute2,procps

# mmdebstrap mounts /proc and /dev in the tree while it runs: never remove through them.
if grep -q " $(realpath -m "$out")/" /proc/mounts; then
	echo "${0##*/}: $out: something is mounted below it" >&2
	exit 1
fi
rm -rf "$out" && mkdir -p "$out"
t=$out/tree

# base_tree EXTRA_PACKAGES: the system in $t, with EXTRA_PACKAGES (comma-separated) too.
base_tree() {
	mmdebstrap --quiet --variant=minbase --mode=root --include="$PACKAGES${1:+,$1}" \
		bookworm "$t" http://deb.debian.org/debian >"$out/mmdebstrap.log" 2>&1
	echo debian12 > "$t/etc/hostname"
	printf '127.0.0.1\tlocalhost\n127.0.1.1\tdebian12\n' > "$t/etc/hosts"
	echo "UUID=$ROOT_UUID / ext4 errors=remount-ro 0 1" > "$t/etc/fstab"
	# DHCP on QEMU's user network (the virtio NIC is en*).
	mkdir -p "$t/etc/systemd/network"
	printf '[Match]\nName=en*\n\n[Network]\nDHCP=yes\n' > "$t/etc/systemd/network/80-dhcp.network"
	systemctl --root="$t" enable systemd-networkd.service >/dev/null 2>&1
	# The serial console, and no menu delay, when GRUB boots it.
	[ ! -f "$t/etc/default/grub" ] || sed -i -e 's/^GRUB_TIMEOUT=.*/GRUB_TIMEOUT=0/' \
		-e 's/^GRUB_CMDLINE_LINUX=.*/GRUB_CMDLINE_LINUX="console=ttyS0"/' "$t/etc/default/grub"
	# The initrd mmdebstrap made holds most modules (it could not see the disk);
	# the first boot's update-initramfs makes the installed system's own, with
	# the modules its root needs (and gzip takes far less time on them under TCG).
	sed -i 's/^MODULES=.*/MODULES=dep/' "$t/etc/initramfs-tools/initramfs.conf"
	# No key may be there but the one the injector puts in.
	rm -rf "$t/root/.ssh"
}

# firstboot < SCRIPT: vt-firstboot, SCRIPT (sh, set -e) then the removal of
# itself and "VT-FIRSTBOOT: done", and the unit that runs it once, then
# powers off.
firstboot() {
	{
		printf '#!/bin/sh\nset -e\n'
		cat
		cat <<-'SCRIPT'
		rm /etc/systemd/system/multi-user.target.wants/vt-firstboot.service \
			/etc/systemd/system/vt-firstboot.service /usr/local/sbin/vt-firstboot
		sync
		echo "VT-FIRSTBOOT: done"
		SCRIPT
	} > "$t/usr/local/sbin/vt-firstboot"
	chmod 755 "$t/usr/local/sbin/vt-firstboot"
	cat > "$t/etc/systemd/system/vt-firstboot.service" <<'UNIT'
[Unit]
Description=vmlinuz-tool tests: write the boot configuration, power off
After=local-fs.target

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/vt-firstboot
# Also when it failed: the builder then fails at once, not at its timeout.
ExecStopPost=/bin/systemctl --no-block poweroff
StandardOutput=journal+console

[Install]
WantedBy=multi-user.target
UNIT
	systemctl --root="$t" enable vt-firstboot.service >/dev/null 2>&1
}

# root_disk [ESP_IMAGE]: $out/disk.img, the tree on an ext4 partition: MBR
# and that one partition, or GPT with ESP_IMAGE (ESP_MIB) first and the root
# after it ($out/root.at: where the root starts, in MiB); the guest's kernel
# and the mmdebstrap initrd kept for the first boot.
root_disk() {
	kver=$(basename "$(ls "$t"/boot/vmlinuz-*)" | sed 's/^vmlinuz-//')
	# The package and version, as mk/debian-kernel.sh's .unpacked says it (for kernels_tested).
	dpkg-query --admindir="$t/var/lib/dpkg" -W -f '${Package}=${Version}\n' "linux-image-$kver" \
		> "$out/.unpacked"
	cp "$t/boot/vmlinuz-$kver" "$out/first.vmlinuz"
	cp "$t/boot/initrd.img-$kver" "$out/first.initrd"
	truncate -s "${FS_MIB}M" "$out/fs.img"
	mke2fs -q -t ext4 -U "$ROOT_UUID" -d "$t" "$out/fs.img"
	if [ $# = 0 ]; then
		truncate -s $((FS_MIB + 4))M "$out/disk.img"
		printf 'label: dos\nlabel-id: %s\nstart=1MiB, size=%sMiB, type=83, bootable\n' "$DISK_ID" "$FS_MIB" |
			sfdisk -q "$out/disk.img" >/dev/null
		at=1
	else
		at=$((ESP_MIB + 1))
		truncate -s $((ESP_MIB + FS_MIB + 2))M "$out/disk.img"
		printf 'label: gpt\nstart=1MiB, size=%sMiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\nstart=%sMiB, size=%sMiB, type=linux\n' \
			"$ESP_MIB" "$at" "$FS_MIB" | sfdisk -q "$out/disk.img" >/dev/null
		dd if="$1" of="$out/disk.img" bs=1M seek=1 conv=notrunc,sparse status=none
		echo "$at" > "$out/root.at"
		rm -f "$1"
	fi
	dd if="$out/fs.img" of="$out/disk.img" bs=1M seek="$at" conv=notrunc,sparse status=none
	rm -rf "$out/fs.img" "$t"
}

# first_boot QEMU-ARGS...: boots $out/disk.img (and whatever QEMU-ARGS
# attach) once; fails unless vt-firstboot said it was done.
first_boot() {
	timeout 1800 qemu-system-x86_64 -machine accel=tcg -m 1024 -display none -monitor none -no-reboot \
		-serial stdio -kernel "$out/first.vmlinuz" -initrd "$out/first.initrd" \
		-append "root=UUID=$ROOT_UUID rw console=ttyS0 panic=-1" \
		-drive "file=$out/disk.img,format=raw,if=virtio" "$@" </dev/null >"$out/firstboot.log" 2>&1
	grep -aq 'VT-FIRSTBOOT: done' "$out/firstboot.log" || {
		echo "${0##*/}: $out/firstboot.log: the first boot did not finish" >&2
		exit 1
	}
	rm -f "$out/first.vmlinuz" "$out/first.initrd"
}

# done_key: the guest is complete; the cache key marks it so.
done_key() {
	echo "$kver" > "$out/kver"
	echo "$key" > "$out/key"
}
