# Sourced by the real-guest builders (tests/guests/debian12*.sh): a Debian 12
# system from Debian's own packages (systemd, udev, openssh-server, the cloud
# kernel and its initramfs-tools image), built into a directory with
# mmdebstrap (it mounts /proc and /dev inside that tree only while it runs),
# then a "first boot" under QEMU with the guest's own kernel and initrd in
# which Debian's tools write the boot configuration, and a power-off.
# Nothing on the host is mounted and no loop device is used.
# Each builder is cached in its OUTDIR: the disk is rebuilt only when the
# builder or this file changes (their hash is kept in OUTDIR/key).

# guest_cached OUT BUILDER: exits the builder when OUT holds its disk.
guest_cached() {
	key=$(cat "$2" "$(dirname "$2")/debian12-lib.sh" | sha256sum | cut -d' ' -f1)
	[ "$(cat "$1/key" 2>/dev/null)" = "$key" ] && [ -f "$1/disk.img" ] && exit 0
	# mmdebstrap mounts /proc and /dev in the tree while it runs: never remove through them.
	if grep -q " $(realpath -m "$1")/" /proc/mounts; then
		echo "$(basename "$2"): $1: something is mounted below it" >&2
		exit 1
	fi
	rm -rf "$1" && mkdir -p "$1"
}

# guest_tree TREE HOSTNAME PACKAGES: the system, its name, DHCP on QEMU's
# user network, and no SSH key but the one the injector puts in.
guest_tree() {
	mmdebstrap --quiet --variant=minbase --mode=root \
		--include=linux-image-cloud-amd64,systemd-sysv,udev,dbus,libpam-systemd,openssh-server,initramfs-tools,zstd,e2fsprogs,iproute2,procps,$3 \
		bookworm "$1" http://deb.debian.org/debian >"$out/mmdebstrap.log" 2>&1
	echo "$2" > "$1/etc/hostname"
	printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n' "$2" > "$1/etc/hosts"
	# The virtio NIC is en*.
	mkdir -p "$1/etc/systemd/network"
	printf '[Match]\nName=en*\n\n[Network]\nDHCP=yes\n' > "$1/etc/systemd/network/80-dhcp.network"
	systemctl --root="$1" enable systemd-networkd.service >/dev/null 2>&1
	# The initrd mmdebstrap made holds most modules (it could not see the disk);
	# the first boot's update-initramfs makes the installed system's own, with
	# the modules its root needs (and gzip takes far less time on them under TCG).
	sed -i 's/^MODULES=.*/MODULES=dep/' "$1/etc/initramfs-tools/initramfs.conf"
	rm -rf "$1/root/.ssh"
}

# guest_firstboot TREE < SCRIPT: SCRIPT (sh, set -e) runs once at the first
# boot; then the unit removes itself and powers off.
guest_firstboot() {
	{
		printf '#!/bin/sh\nset -e\n'
		cat
		cat <<-'SCRIPT'
		rm /etc/systemd/system/multi-user.target.wants/vt-firstboot.service \
			/etc/systemd/system/vt-firstboot.service /usr/local/sbin/vt-firstboot
		sync
		echo "VT-FIRSTBOOT: done"
		SCRIPT
	} > "$1/usr/local/sbin/vt-firstboot"
	chmod 755 "$1/usr/local/sbin/vt-firstboot"
	cat > "$1/etc/systemd/system/vt-firstboot.service" <<-'UNIT'
	[Unit]
	Description=vmlinuz-tool tests: write the boot configuration, power off
	After=local-fs.target

	[Service]
	Type=oneshot
	ExecStart=/usr/local/sbin/vt-firstboot
	ExecStartPost=/bin/systemctl --no-block poweroff
	StandardOutput=journal+console

	[Install]
	WantedBy=multi-user.target
	UNIT
	systemctl --root="$1" enable vt-firstboot.service >/dev/null 2>&1
}

# guest_kernel TREE: OUT/kver's value on stdout; OUT/.unpacked (the package
# and version, as mk/debian-kernel.sh's says it, for kernels_tested); the
# kernel and initrd for the first boot in OUT/first.*.
guest_kernel() {
	kv=$(basename "$(ls "$1"/boot/vmlinuz-*)" | sed 's/^vmlinuz-//')
	dpkg-query --admindir="$1/var/lib/dpkg" -W -f '${Package}=${Version}\n' "linux-image-$kv" \
		> "$out/.unpacked"
	cp "$1/boot/vmlinuz-$kv" "$out/first.vmlinuz"
	cp "$1/boot/initrd.img-$kv" "$out/first.initrd"
	echo "$kv"
}

# guest_first_boot ROOT_UUID KVER: boots OUT/disk.img once with its own
# kernel, which runs the first-boot script; then OUT/kver and OUT/key.
guest_first_boot() {
	timeout 1800 qemu-system-x86_64 -machine accel=tcg -m 1024 -display none -monitor none \
		-no-reboot -serial stdio -kernel "$out/first.vmlinuz" -initrd "$out/first.initrd" \
		-append "root=UUID=$1 rw console=ttyS0 panic=-1" \
		-drive "file=$out/disk.img,format=raw,if=virtio" </dev/null >"$out/firstboot.log" 2>&1
	grep -aq 'VT-FIRSTBOOT: done' "$out/firstboot.log" || {
		echo "$out/firstboot.log: the first boot did not finish" >&2
		exit 1
	}
	rm -f "$out/first.vmlinuz" "$out/first.initrd"
	echo "$2" > "$out/kver"
	echo "$key" > "$out/key"
}
