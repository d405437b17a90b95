# Shared by the tests/qemu/inject-*.t suite and mk/demo.sh: injector kernels,
# guest disks built without mounting anything or loop devices (mke2fs -d,
# mkfs.xfs protofiles, mkfs.btrfs --rootdir, sfdisk on image files), per-VM
# payloads, and a guest initrd whose init reports what the injector did and
# powers off.
# Needs: VT (the tool), VT_KERNELS (unpacked Debian kernel packages); btrfs
# subvolumes also VT_BTRFS_SNAPSHOT (tests/tools/btrfs-snapshot.c, static).

# A kernel is SERIES (6.1, 6.12: the cloud flavour) or SERIES-FLAVOUR (6.1-amd64, 6.12-rt-amd64).
kroot() { case $1 in *-*) echo "$VT_KERNELS/linux-$1" ;; *) echo "$VT_KERNELS/linux-$1-cloud-amd64" ;; esac; }
kver() { basename "$(ls "$(kroot "$1")"/boot/vmlinuz-*)" | sed 's/^vmlinuz-//'; }

# Fixed identities, so boot entries can name the root before it exists.
fs_uuid() {
	case $1 in
	ext4) echo 3b0c4a52-6f1e-4c1a-9d3e-0e4a5b6c7d01 ;;
	xfs) echo 3b0c4a52-6f1e-4c1a-9d3e-0e4a5b6c7d02 ;;
	btrfs) echo 3b0c4a52-6f1e-4c1a-9d3e-0e4a5b6c7d03 ;;
	esac
}
ROOT_PARTLABEL=guest-root

# make_injector KERNEL DIR [--with-rescue]: DIR/injector.cpio and
# DIR/injector.vmlinuz from Debian's stock KERNEL (kroot), for the profile
# INJECTOR_PROFILE (default debian). --with-rescue: the shell fallback
# (injector.fail=shell) needs /bin/sh.
make_injector() {
	"$VT" mkinitramfs --profile "${INJECTOR_PROFILE:-debian}" --moddir "$(kroot "$1")" ${3:+"$3"} --force \
		-o "$2/injector.cpio" &&
		"$VT" embed --force -o "$2/injector.vmlinuz" "$(kroot "$1")/vmlinuz" "$2/injector.cpio" 2>/dev/null
}

# lvm2's settings without udev (as injector-init/sys/lvm.c runs it).
LVM_NO_UDEV='devices{obtain_device_list_from_udev=0} activation{udev_sync=0 udev_rules=0 monitoring=0}'

# The guest's /init: mount the root its command line names (root=UUID=,
# rootflags=) read-only, print one GUEST line with what the injector left
# there and which kernel and command line it booted, power off.
guest_init() {
	cat <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in virtio_pci virtio_blk virtio_scsi sd_mod xfs btrfs dm_mod; do modprobe $m 2>/dev/null; done
# An initrd made for a profile with `storage lvm` has lvm2: the root may be a logical volume.
[ ! -x /sbin/lvm ] || /sbin/lvm vgchange -ay --sysinit --config "$LVM_NO_UDEV" >/dev/null 2>&1
arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n1; }
root=$(arg root) flags=$(arg rootflags)
# Polls: on a loaded host the disk may take long to appear; no cost otherwise.
for i in $(seq 60); do dev=$(findfs "$root" 2>/dev/null) && break; sleep 1; done
mkdir -p /mnt && mount -o "ro${flags:+,$flags}" "$dev" /mnt
k=/mnt/root/.ssh/authorized_keys
# Kernel messages stay off the console: one landing inside the GUEST line
# (a slow host's clocksource warnings) would break it.
dmesg -n 1
echo "GUEST: key=$(cat $k) mode=$(stat -c %a:%u:%g:%Y $k)" \
	"motd=$(tail -n1 /mnt/etc/motd) nologin=$([ -e /mnt/etc/nologin ] && echo present || echo deleted)" \
	"tz=$(readlink /mnt/etc/localtime) arg=$(grep -o 'injected=[a-z]*' /proc/cmdline)" \
	"kernel=$(uname -r) layout=$(arg layout)"
umount /mnt
poweroff -f
INIT
}

# make_guest_initrd SERIES DIR: DIR/guest-SERIES/base.cpio (busybox and the
# storage and filesystem modules, through mkinitramfs for the profile
# INJECTOR_PROFILE, default debian) and initrd.img (base plus guest_init as
# /init in a second archive: the kernel unpacks it last).
make_guest_initrd() {
	g=$2/guest-$1
	rm -rf "$g" && mkdir -p "$g/init"
	"$VT" mkinitramfs --profile "${INJECTOR_PROFILE:-debian}" --moddir "$(kroot "$1")" \
		--with-rescue --init /bin/busybox --compress none --force -o "$g/base.cpio" || return 1
	guest_init | sed "s|\$LVM_NO_UDEV|$LVM_NO_UDEV|" > "$g/init/init" && chmod 755 "$g/init/init"
	(cd "$g/init" && echo init | cpio -o -H newc -R 0:0 --quiet) > "$g/init.cpio"
	cat "$g/base.cpio" "$g/init.cpio" > "$g/initrd.img"
}

# Not a bzImage: kexec_file_load refuses it (ENOEXEC).
not_a_kernel() { printf 'this is not a kernel\n%.0s' $(seq 200) > "$1"; }

# make_guest_tree SERIES LAYOUT FS DIR: DIR/tree, a Debian-like root (Fedora
# for bls) holding SERIES' stock kernel and the guest initrd (make_guest_initrd
# first) where LAYOUT puts them, with a decoy that is not a kernel where a
# wrong choice would find it:
#   grub     /boot/grub/grub.cfg (Debian); decoy: a newer /boot/vmlinuz-*
#   bls      /boot/loader/entries (Fedora, separate-/boot paths); decoy: an older entry
#   links    /vmlinuz and /initrd.img; decoy: a newer /boot/vmlinuz-*
#   newest   /boot/vmlinuz-V only; decoy: an older /boot/vmlinuz-*
#   none     no kernel at all
#   badkernel  /boot/vmlinuz-V is not a kernel
# Boot entries say layout=LAYOUT; /etc/kernel/cmdline (used by entries
# without options) says layout=fallback and, on btrfs, rootflags=subvol=@.
make_guest_tree() {
	v=$(kver "$1") layout=$2 fs=$3 t=$4/tree
	rm -rf "$t" && mkdir -p "$t/etc/kernel" "$t/boot" "$t/root"
	printf 'ID=debian\nVERSION_ID=12\nPRETTY_NAME="Debian GNU/Linux 12"\n' > "$t/etc/os-release"
	echo "Welcome." > "$t/etc/motd"
	: > "$t/etc/nologin"
	flags=
	[ "$fs" != btrfs ] || flags=" rootflags=subvol=@"
	echo "layout=fallback$flags" > "$t/etc/kernel/cmdline"
	initrd=initrd.img-$v
	[ "$layout" != bls ] || initrd=initramfs-$v.img
	if [ "$layout" != none ]; then
		cp "$(kroot "$1")/boot/vmlinuz-$v" "$t/boot/"
		cp "$4/guest-$1/initrd.img" "$t/boot/$initrd"
	fi
	case $layout in
	grub)
		mkdir -p "$t/boot/grub"
		not_a_kernel "$t/boot/vmlinuz-99.0.0-decoy"
		cat > "$t/boot/grub/grub.cfg" <<-CFG
		set default="0"
		menuentry 'Debian GNU/Linux' --class debian {
			linux	/boot/vmlinuz-$v root=UUID=$(fs_uuid "$fs") ro$flags layout=grub
			initrd	/boot/$initrd
		}
		CFG
		;;
	bls)
		printf 'ID=fedora\nVERSION_ID=39\nPRETTY_NAME="Fedora Linux 39"\n' > "$t/etc/os-release"
		mkdir -p "$t/boot/loader/entries" "$t/boot/grub2"
		printf 'insmod blscfg\nblscfg\n' > "$t/boot/grub2/grub.cfg"
		not_a_kernel "$t/boot/vmlinuz-5.0.0-decoy"
		for ver in "$v" 5.0.0-decoy; do
			img=$initrd
			[ "$ver" = "$v" ] || img=$initrd-decoy
			cat > "$t/boot/loader/entries/0123456789abcdef0123456789abcdef-$ver.conf" <<-ENTRY
			title Fedora Linux ($ver)
			version $ver
			linux /vmlinuz-$ver
			initrd /$img
			options root=UUID=$(fs_uuid "$fs") ro$flags layout=bls
			ENTRY
		done
		;;
	links)
		ln -s "boot/vmlinuz-$v" "$t/vmlinuz"
		ln -s "boot/$initrd" "$t/initrd.img"
		not_a_kernel "$t/boot/vmlinuz-99.0.0-decoy"
		;;
	newest) not_a_kernel "$t/boot/vmlinuz-5.0.0-decoy" ;;
	badkernel) not_a_kernel "$t/boot/vmlinuz-$v" ;;
	esac
}

# xfs_proto DIR: a mkfs.xfs protofile that copies DIR (files, directories,
# symlinks; modes and owners; mkfs sets the times).
xfs_proto() {
	printf '/dev/null\n0 0\n'
	xfs_proto_dir "$1"
}
xfs_proto_dir() {
	printf 'd--%03d %s\n' "$(stat -c %a "$1")" "$(stat -c '%u %g' "$1")"
	for f in "$1"/* "$1"/.[!.]*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		if [ -L "$f" ]; then
			printf '%s l--777 %s %s\n' "${f##*/}" "$(stat -c '%u %g' "$f")" "$(readlink "$f")"
		elif [ -d "$f" ]; then
			printf '%s ' "${f##*/}"
			xfs_proto_dir "$f"
		else
			printf '%s ---%03d %s %s\n' "${f##*/}" "$(stat -c %a "$f")" "$(stat -c '%u %g' "$f")" "$f"
		fi
	done
	echo '$'
}

# make_fs FS DIR SERIES: DIR/fs.img from DIR/tree. btrfs puts the tree into
# subvolume @ (btrfs_subvolume, a SERIES helper VM) and leaves only that at the top.
make_fs() {
	img=$2/fs.img
	rm -f "$img"
	case $1 in
	ext4) mke2fs -q -t ext4 -U "$(fs_uuid ext4)" -d "$2/tree" "$img" 256M >/dev/null ;;
	xfs)
		xfs_proto "$2/tree" > "$2/xfs.proto" && truncate -s 320M "$img" &&
			mkfs.xfs -q -m uuid="$(fs_uuid xfs)" -p "$2/xfs.proto" "$img"
		;;
	btrfs)
		truncate -s 256M "$img" &&
			mkfs.btrfs -q -U "$(fs_uuid btrfs)" --rootdir "$2/tree" "$img" >/dev/null &&
			btrfs_subvolume "$2" "$3"
		;;
	esac
}

# btrfs_subvolume DIR SERIES: a helper VM (SERIES' stock kernel, the busybox
# and modules of DIR/guest-SERIES/base.cpio) snapshots the top level of
# DIR/fs.img as @ and removes the rest: Debian 12's mkfs.btrfs has no --subvol.
btrfs_subvolume() {
	h=$1/helper
	rm -rf "$h" && mkdir -p "$h/bin"
	cp "$VT_BTRFS_SNAPSHOT" "$h/bin/btrfs-snapshot"
	cat > "$h/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t devtmpfs dev /dev
for m in virtio_pci virtio_blk btrfs; do modprobe $m 2>/dev/null; done
for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda ] && break; sleep 1; done
mkdir -p /mnt && mount -t btrfs /dev/vda /mnt && btrfs-snapshot /mnt @ &&
	for f in /mnt/* /mnt/.[!.]*; do [ "$f" = /mnt/@ ] || rm -rf "$f"; done &&
	umount /mnt && echo "HELPER: subvolume @ done"
poweroff -f
INIT
	chmod 755 "$h/init"
	(cd "$h" && printf 'init\nbin\nbin/btrfs-snapshot\n' | cpio -o -H newc -R 0:0 --quiet) > "$h/helper.cpio"
	cat "$1/guest-$2/base.cpio" "$h/helper.cpio" > "$h/initrd"
	qemu_vm "$h/console.log" 120 -kernel "$(kroot "$2")/vmlinuz" -initrd "$h/initrd" \
		-append "console=ttyS0 panic=-1" -drive "file=$1/fs.img,format=raw,if=virtio" </dev/null
	grep -aq 'HELPER: subvolume @ done' "$h/console.log"
}

# make_disk TABLE DIR: DIR/disk.img from DIR/fs.img: the filesystem itself
# (none), or a GPT (a 1 MiB BIOS boot partition, then the root, named
# ROOT_PARTLABEL) or MBR table (the root only) written by sfdisk. DIR/disk.at
# keeps where the filesystem starts, in MiB, for check_disk.
make_disk() {
	d=$2
	if [ "$1" = none ]; then
		mv "$d/fs.img" "$d/disk.img" && echo 0 > "$d/disk.at"
		return
	fi
	mib=$(($(stat -c %s "$d/fs.img") >> 20))
	rm -f "$d/disk.img" && truncate -s $((mib + 4))M "$d/disk.img"
	at=1
	[ "$1" = dos ] || at=2
	if [ "$1" = gpt ]; then
		printf 'label: gpt\nstart=1MiB, size=1MiB, type=21686148-6449-6E6F-744E-656564454649\nstart=2MiB, size=%sMiB, type=linux, name=%s\n' \
			"$mib" "$ROOT_PARTLABEL"
	else
		printf 'label: dos\nstart=1MiB, size=%sMiB, type=83\n' "$mib"
	fi | sfdisk -q "$d/disk.img" >/dev/null || return 1
	dd if="$d/fs.img" of="$d/disk.img" bs=1M seek="$at" conv=notrunc,sparse status=none &&
		echo "$at" > "$d/disk.at" && rm -f "$d/fs.img"
}

# make_guest_disk SERIES DIR [LAYOUT [FS [TABLE]]]: make_guest_initrd,
# make_guest_tree, make_fs and make_disk in one; defaults: newest, ext4, none.
make_guest_disk() {
	[ -f "$2/guest-$1/initrd.img" ] || make_guest_initrd "$1" "$2" || return 1
	make_guest_tree "$1" "${3:-newest}" "${4:-ext4}" "$2" && make_fs "${4:-ext4}" "$2" "$1" &&
		make_disk "${5:-none}" "$2" && echo "${4:-ext4}" > "$2/disk.fs"
}

# check_disk DIR: the filesystem's own checker, read-only, finds no error;
# ext4 must also have been unmounted cleanly (no journal to replay).
check_disk() {
	fs=$(cat "$1/disk.fs") img=$1/disk.img
	if [ "$(cat "$1/disk.at")" != 0 ]; then
		img=$1/check.img
		dd if="$1/disk.img" of="$img" bs=1M skip="$(cat "$1/disk.at")" count="$(($(stat -c %s "$1/disk.img") / 1048576 - 4))" conv=sparse status=none
	fi
	case $fs in
	ext4) e2fsck -fn "$img" && ! dumpe2fs -h "$img" 2>/dev/null | grep -q needs_recovery ;;
	xfs) xfs_repair -n -f "$img" ;;
	btrfs) btrfs check --readonly "$img" ;;
	esac >"$1/check.log" 2>&1
	r=$?
	[ "$img" = "$1/disk.img" ] || rm -f "$img"
	return $r
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

# make_mission DIR: the mission most loader tests run once: DIR/injector.vmlinuz
# from Debian's 6.12, DIR/disk.img a guest with Debian's 6.1 (make_guest_disk's
# defaults) and DIR/vm.cpio (make_payload).
make_mission() {
	make_injector 6.12 "$1" && make_guest_disk 6.1 "$1" >/dev/null && make_payload "$1" >/dev/null
}

# The line the guest prints when every injected change is there (then
# kernel= and layout=).
GUEST_OK="GUEST: key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoKey admin@host mode=600:1000:1000:1700000000 motd=Injected by vmlinuz-tool. nologin=deleted tz=/usr/share/zoneinfo/UTC arg=injected=yes"

# qemu_vm LOG SECONDS ARGS...: QEMU under TCG for at most SECONDS, the
# serial console on stdio: its output into LOG, its input from our stdin.
qemu_vm() {
	log=$1 secs=$2
	shift 2
	timeout "$secs" qemu-system-x86_64 -machine accel=tcg -m 1024 -display none -monitor none \
		-no-reboot -serial stdio "$@" >"$log" 2>"$log.qemu"
}

# check_mission LOG LABEL: two checks, the injector applied make_payload's
# four files and kexec'd, and the guest kernel saw every change.
check_mission() {
	FAIL_LOG=$1
	status=$(status_of "$1")
	check "$2, injector: $status" [ "$status" = "status=ok stage=kexec files=4" ]
	guest=$(grep -a '^GUEST: ' "$1" | tr -d '\r' | tail -n1)
	check "$2, the guest kernel sees every change: ${guest#"$GUEST_OK"}" \
		[ "${guest#"$GUEST_OK" }" != "$guest" ]
}

# disk_args BUS IMAGE: QEMU options attaching IMAGE on BUS.
disk_args() {
	case $1 in
	virtio-blk) echo "-drive file=$2,format=raw,if=virtio" ;;
	virtio-scsi) echo "-device virtio-scsi-pci,id=scsi0 -drive file=$2,format=raw,if=none,id=d0 -device scsi-hd,drive=d0,bus=scsi0.0" ;;
	nvme) echo "-drive file=$2,format=raw,if=none,id=d0 -device nvme,drive=d0,serial=vt0001" ;;
	esac
}

# boot_injected DIR LOG [BUS [APPEND]]: the injector kernel with the per-VM
# archive and DIR/disk.img on BUS (virtio-blk, virtio-scsi, nvme); APPEND
# (default injector.fail=poweroff) goes on its command line; at most
# BOOT_SECONDS (default 120), on QEMU's CPU model BOOT_CPU (default qemu64).
# The console's input is our stdin.
boot_injected() {
	# shellcheck disable=SC2046
	qemu_vm "$2" "${BOOT_SECONDS:-120}" -cpu "${BOOT_CPU:-qemu64}" -kernel "$1/injector.vmlinuz" \
		-initrd "$1/vm.cpio" -append "console=ttyS0 panic=-1 ${4:-injector.fail=poweroff}" \
		$(disk_args "${3:-virtio-blk}" "$1/disk.img")
}
