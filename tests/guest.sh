# Shared by tests/qemu/inject-boot.t and mk/demo.sh: an injector kernel, a
# guest disk built without mounting anything (mke2fs -d), and a guest initrd
# whose init reports what the injector did and powers off.
# Needs: VT (the tool), VT_KERNELS (unpacked Debian kernel packages).

kver() { basename "$(ls "$VT_KERNELS/linux-$1-cloud-amd64"/boot/vmlinuz-*)" | sed 's/^vmlinuz-//'; }

# make_injector SERIES DIR: DIR/injector.cpio and DIR/injector.vmlinuz from
# Debian's stock SERIES cloud kernel.
make_injector() {
	root=$VT_KERNELS/linux-$1-cloud-amd64
	"$VT" mkinitramfs --profile debian --moddir "$root" --force -o "$2/injector.cpio" &&
		"$VT" embed --force -o "$2/injector.vmlinuz" "$root/vmlinuz" "$2/injector.cpio" 2>/dev/null
}

# The guest's /init: mount the disk read-only, print one GUEST line with what
# the injector left there, power off.
guest_init() {
	cat <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
modprobe virtio_pci && modprobe virtio_blk
for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda ] && break; sleep 1; done
mkdir -p /mnt && mount -o ro /dev/vda /mnt
k=/mnt/root/.ssh/authorized_keys
echo "GUEST: key=$(cat $k) mode=$(stat -c %a:%u:%g:%Y $k)" \
	"motd=$(tail -n1 /mnt/etc/motd) nologin=$([ -e /mnt/etc/nologin ] && echo present || echo deleted)" \
	"tz=$(readlink /mnt/etc/localtime) arg=$(grep -o 'injected=[a-z]*' /proc/cmdline)"
umount /mnt
poweroff -f
INIT
}

# make_guest_disk SERIES DIR: DIR/disk.img, an ext4 filesystem holding a
# Debian-like root with SERIES' stock kernel and a guest initrd built from
# the same kernel's modules (busybox and virtio through mkinitramfs, with
# guest_init as /init in a second archive: the kernel unpacks it last).
make_guest_disk() {
	v=$(kver "$1") g=$2/guest
	rm -rf "$g" && mkdir -p "$g/root/etc" "$g/root/boot" "$g/root/root" "$g/init/"
	printf 'ID=debian\nVERSION_ID=12\nPRETTY_NAME="Debian GNU/Linux 12"\n' > "$g/root/etc/os-release"
	echo "Welcome." > "$g/root/etc/motd"
	: > "$g/root/etc/nologin"
	cp "$VT_KERNELS/linux-$1-cloud-amd64/boot/vmlinuz-$v" "$g/root/boot/"
	"$VT" mkinitramfs --profile debian --moddir "$VT_KERNELS/linux-$1-cloud-amd64" \
		--with-rescue --init /bin/busybox --compress none --force -o "$g/base.cpio" || return 1
	guest_init > "$g/init/init" && chmod 755 "$g/init/init"
	(cd "$g/init" && echo init | cpio -o -H newc -R 0:0 --quiet) > "$g/init.cpio"
	cat "$g/base.cpio" "$g/init.cpio" > "$g/root/boot/initrd.img-$v"
	rm -f "$2/disk.img"
	mke2fs -q -t ext4 -d "$g/root" "$2/disk.img" 256M
}

# make_payload DIR: DIR/vm.cpio injecting a key, a motd line, a symlink,
# deleting /etc/nologin and appending arguments for the guest kernel.
make_payload() {
	mkdir -p "$1/vm"
	echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoKey admin@host" > "$1/vm/admin.pub"
	cat > "$1/vm/vm.manifest" <<'MANIFEST'
# What the host puts into this VM at every boot.
file    /root/.ssh/authorized_keys  admin.pub  mode=0600 owner=1000:1000 mtime=1700000000
line    /etc/motd  "Injected by vmlinuz-tool."
delete  /etc/nologin
symlink /etc/localtime  /usr/share/zoneinfo/UTC
append  "console=ttyS0 injected=yes"
MANIFEST
	"$VT" payload --force -o "$1/vm.cpio" "$1/vm/vm.manifest"
}

# The line the guest prints when every injected change is there.
GUEST_OK="GUEST: key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoKey admin@host mode=600:1000:1000:1700000000 motd=Injected by vmlinuz-tool. nologin=deleted tz=/usr/share/zoneinfo/UTC arg=injected=yes"

# boot_injected DIR LOG [QEMU ARGS...]: the injector kernel with the per-VM
# archive and the guest disk; the console goes to LOG.
boot_injected() {
	d=$1 log=$2
	shift 2
	timeout 300 qemu-system-x86_64 -machine accel=tcg -m 1024 -display none -monitor none \
		-no-reboot -kernel "$d/injector.vmlinuz" -initrd "$d/vm.cpio" \
		-append "console=ttyS0 panic=-1 injector.fail=poweroff" \
		-drive "file=$d/disk.img,format=raw,if=virtio" -serial "file:$log" "$@"
}
