#!/bin/sh
# inject-suite.sh INJECTOR GUEST: the end-to-end suite, run by
# tests/qemu/inject-6.1.t and inject-6.12.t. Debian's stock INJECTOR kernel
# (guest.sh kroot: 6.1, 6.12-amd64, ...) with the injector initramfs
# embedded boots guests holding Debian's GUEST kernel: four layouts that must
# end in the guest's own kernel (whose init checks every change), three
# failures, a hostile guest and a guest user's links (guest_user).
# inject-suite.sh --filesystems GUEST INJECTOR...: for each INJECTOR, the
# three filesystems (ext4 with metadata_csum, xfs v5, btrfs), each of which
# needs crc32c at mount (run by tests/qemu/inject-flavours.t).
# KEEP_WORK=1 keeps the consoles and disks for a look after a failure;
# SUITE_ONLY="hostile hostile_strict" runs only those cases (functions below).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d)
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT

# in_log LOG TEXT: TEXT is on the console (fixed string).
in_log() { grep -aqF -- "$2" "$1"; }

# new_case NAME: $c, a directory sharing the injector, the guest initrd and
# the default payload.
new_case() {
	c=$work/$1 FAIL_LOG=$work/$1/console.log
	rm -rf "$c" && mkdir -p "$c"
	for f in injector.vmlinuz vm.cpio "guest-$guest"; do ln -s "$work/$f" "$c/$f"; done
}

# shell_input LOG COMMANDS: COMMANDS on the console once the injector has
# started its fallback shell (waiting at most 90 s for it); the tty keeps
# them until the shell reads.
shell_input() {
	for _ in $(seq 900); do in_log "$1" 'starting a shell' 2>/dev/null && break; sleep 0.1; done
	sleep 1
	printf '%s\n' "$2"
}

# boot_case BUS APPEND [COMMANDS]: boots $c; $rc is QEMU's exit status (124
# when the timeout killed it, 0 when the guest powered off).
boot_case() {
	rc=0
	if [ $# -ge 3 ]; then
		shell_input "$c/console.log" "$3" | boot_injected "$c" "$c/console.log" "$1" "$2" || rc=$?
	else
		boot_injected "$c" "$c/console.log" "$1" "$2" </dev/null || rc=$?
	fi
}

# into_guest NAME LAYOUT FS TABLE BUS APPEND KERNEL: the injector finds the
# root, injects, picks KERNEL by LAYOUT and kexecs it; the guest's init sees
# every change, and the command line of the boot entry (grub, bls) or else
# /etc/kernel/cmdline (layout=fallback).
into_guest() {
	name=$1 layout=$2 fs=$3 bus=$5 kernel=$7 from=fallback
	case $layout in grub | bls) from=$layout ;; esac
	new_case "$name"
	check "$name: $fs disk ($4 table, $layout layout) built" make_guest_disk "$guest" "$c" "$layout" "$fs" "$4"
	boot_case "$bus" "$6"
	st=$(status_of "$c/console.log")
	check "$name: injector on $bus: $st" [ "$st" = "status=ok stage=kexec files=4" ]
	check "$name: kexec chose $kernel" in_log "$c/console.log" "kexec: loaded $kernel"
	# BIOS boot, no lockdown: the load path without a digest (docs/injector-init.md)
	check "$name: loaded by kexec_load" in_log "$c/console.log" "ms (kexec_load)"
	seen=$(grep -a '^GUEST: ' "$c/console.log" | tr -d '\r' | tail -n1)
	check "$name: guest kernel $(kver "$guest") sees every change: ${seen#"$GUEST_OK"}" \
		[ "$seen" = "$GUEST_OK kernel=$(kver "$guest") layout=$from" ]
	check "$name: $fs checker finds no error after the run" check_disk "$c"
}

# Powered off by itself (no timeout) after the status line named the failure.
fell_back() { # fell_back NAME EXPECTED-STATUS
	st=$(status_of "$c/console.log")
	check "$1: $st" [ "$st" = "$2" ]
	check "$1: the VM powered off (QEMU status $rc)" [ "$rc" = 0 ]
}

# The fallback shell is interactive: it computes what we type. The vfat
# mount makes the kernel itself ask for fs-vfat (request_module), which only
# the injector's module helper can load.
SHELL_TEST='echo SHELL-$((6*7))
mount -t vfat /dev/null /mnt 2>/dev/null; grep -qw vfat /proc/filesystems && echo ON-DEMAND-$(cat /proc/sys/kernel/modprobe)
exit'

# An ext4 disk with files but no /etc/os-release: not an OS to the probe.
no_os_disk() {
	make_guest_tree "$guest" newest ext4 "$c" && rm "$c/tree/etc/os-release" &&
		make_fs ext4 "$c" && make_disk none "$c" && echo ext4 > "$c/disk.fs"
}

failures() {
	v=$(kver "$guest")
	new_case no-kernel
	check "no-kernel: disk without a kernel built" make_guest_disk "$guest" "$c" none
	boot_case virtio-blk "injector.root=UUID=$(fs_uuid ext4) injector.fail=shell" "$SHELL_TEST"
	fell_back no-kernel "status=error stage=kernel files=4"
	check "no-kernel: a shell prompt on the console" \
		sh -c "sed -n '/starting a shell/,\$p' '$c/console.log' | grep -aq '# '"
	check "no-kernel: the shell ran what was typed" in_log "$c/console.log" "SHELL-42"
	check "no-kernel: the kernel's own module request (fs-vfat) loaded through /init" \
		in_log "$c/console.log" "ON-DEMAND-/init"
	check "no-kernel: ext4 checker finds no error" check_disk "$c"

	new_case no-root
	check "no-root: disk without an OS built" no_os_disk
	boot_case virtio-blk "injector.rootwait=3 injector.fail=poweroff"
	fell_back no-root "status=error stage=root files=0"
	check "no-root: the log says why" in_log "$c/console.log" "no block device holds an OS"
	check "no-root: ext4 checker finds no error" check_disk "$c"

	new_case kexec-refused
	check "kexec-refused: disk whose kernel is not a bzImage built" \
		make_guest_disk "$guest" "$c" badkernel
	boot_case virtio-blk "injector.fail=poweroff"
	fell_back kexec-refused "status=error stage=kexec files=4"
	check "kexec-refused: the kernel refused it" \
		in_log "$c/console.log" "/boot/vmlinuz-$v: kexec_file_load: Exec format error"
	check "kexec-refused: ext4 checker finds no error" check_disk "$c"
}

# A guest's sparse initrd of 3 GiB (no space on the disk, three times the
# VM's RAM), named twice so that the two are concatenated in RAM: refused by
# its size before a byte is read.
initrd_size() {
	v=$(kver "$guest")
	new_case initrd-size
	check "initrd-size: disk with a 3 GiB sparse initrd built" huge_initrd_disk
	boot_case virtio-blk "injector.kernel=/boot/vmlinuz-$v injector.initrd=\"/boot/huge.img /boot/huge.img\" injector.fail=poweroff"
	fell_back initrd-size "status=error stage=kexec files=4 reason=initrd-size"
	check "initrd-size: the log says why" \
		in_log "$c/console.log" "initrd /boot/huge.img /boot/huge.img: 6442450944 bytes, more than a third of the RAM"
	check "initrd-size: ext4 checker finds no error" check_disk "$c"
}

# The guest's only kernel, with a 3 GiB sparse /boot/huge.img.
huge_initrd_disk() {
	make_guest_tree "$guest" newest ext4 "$c" && truncate -s 3G "$c/tree/boot/huge.img" &&
		make_fs ext4 "$c" && make_disk none "$c" && echo ext4 > "$c/disk.fs"
}

# A hostile guest: symlinks meant to lead the injector out of the guest
# root, files where directories are expected. Entries 4, 5 and 6 must be
# refused; the rest land inside the guest root, resolved as the guest
# itself would resolve them. The guest's init (tests/guest.sh) prints its
# GUEST: line whatever it finds.
hostile_tree() {
	t=$1/tree
	ln -s / "$t/root/.ssh"                         # absolute, to the root
	rm "$t/etc/motd" && ln -s ../../../../../injector/motd "$t/etc/motd"  # ../ out of the root
	ln -s ../../../../.. "$t/etc/cron.d"           # a directory, ../ out of the root
	echo "guest's own /init" > "$t/init"
	ln -s / "$t/etc/localtime"
	mkdir -p "$t/var/lib" "$t/srv" "$t/home/full"
	echo "a file" > "$t/var/lib/inj"               # where a directory is expected
	echo "a file" > "$t/srv/data"
	echo "keep" > "$t/home/full/x"                 # a directory that is not empty
}

hostile_disk() {
	make_guest_tree "$guest" newest ext4 "$c" && hostile_tree "$c" && make_fs ext4 "$c" &&
		make_disk none "$c" && echo ext4 > "$c/disk.fs"
}

hostile_payload() {
	mkdir -p "$1/vm"
	echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostile admin@host" > "$1/vm/admin.pub"
	cat > "$1/vm/vm.manifest" <<'MANIFEST'
# A hostile guest. failed= names entries by their line in the payload's
# canonical manifest (entry N on line N: these comments are dropped).
file    /root/.ssh/authorized_keys  admin.pub  mode=0600 owner=0:0
line    /etc/motd  "Injected by vmlinuz-tool."
delete  /etc/cron.d/init
file    /var/lib/inj/state  admin.pub
dir     /srv/data  mode=0755
delete  /home/full
symlink /etc/localtime  /usr/share/zoneinfo/UTC
append  "console=ttyS0"
MANIFEST
	rm -f "$1/vm.cpio"
	"$VT" payload -o "$1/vm.cpio" "$1/vm/vm.manifest"
}

# debugfs_cat FILE: FILE of the guest disk, read from the image (no mount).
debugfs_cat() { debugfs -R "cat $1" "$c/disk.img" 2>/dev/null; }
debugfs_link() { debugfs -R "stat $1" "$c/disk.img" 2>/dev/null | sed -n 's/^Fast link dest: "\(.*\)"$/\1/p'; }

# What the injector's own root holds, checked from its fallback shell: an
# escape would have put the key at /authorized_keys or deleted /init there.
HOSTILE_SHELL='p=ESC; for f in /authorized_keys /motd /injector/motd /srv/data/x; do [ -e $f ] && echo ${p}APED-$f; done
[ -e /init ] || echo ${p}APED-init-deleted
echo HOSTILE-CHECKED-$((6*7)) guest-key=$(cat /guest/authorized_keys)
exit'

# hostile_case NAME: $c, with the hostile payload and a fresh hostile disk.
hostile_case() {
	new_case "$1"
	rm "$c/vm.cpio"
	check "$1: payload built" hostile_payload "$c"
	check "$1: disk built" hostile_disk
}

# The three refusals, each with its reason on the log.
hostile_refusals() {
	check "$1: file in the way of /var/lib/inj/state refused" \
		in_log "$c/console.log" "manifest:4: /var/lib/inj/state: /var/lib/inj: Not a directory"
	check "$1: dir over the file /srv/data refused" \
		in_log "$c/console.log" "manifest:5: /srv/data: /srv/data: Not a directory"
	check "$1: delete of the non-empty /home/full refused" \
		in_log "$c/console.log" "manifest:6: /home/full: delete: Directory not empty"
}

# By default the failed entries are reported and the guest's kernel still
# boots (a guest user's file at a manifest path cannot stop the VM).
hostile() {
	hostile_case hostile
	boot_case virtio-blk "injector.fail=shell"
	fell_back hostile "status=partial stage=kexec files=4 failed=4,5,6"
	hostile_refusals hostile
	check "hostile: the guest's own kernel booted all the same" \
		in_log "$c/console.log" "kexec: loaded /boot/vmlinuz-$(kver "$guest")"
	check "hostile: the guest's init ran" in_log "$c/console.log" "GUEST: key="
	check "hostile: the key went to the guest's /authorized_keys (/root/.ssh -> /)" \
		[ "$(debugfs_cat /authorized_keys)" = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostile admin@host" ]
	check "hostile: /etc/motd (a ../ link) replaced by a file holding just the line" \
		[ "$(debugfs_cat /etc/motd)" = "Injected by vmlinuz-tool." ]
	check "hostile: delete through /etc/cron.d (a ../ link) removed the guest's /init" \
		sh -c "debugfs -R 'stat /init' '$c/disk.img' 2>&1 | grep -q 'File not found'"
	check "hostile: /etc/localtime (a link to /) replaced" [ "$(debugfs_link /etc/localtime)" = /usr/share/zoneinfo/UTC ]
	check "hostile: refused targets unchanged" \
		[ "$(debugfs_cat /var/lib/inj)$(debugfs_cat /srv/data)$(debugfs_cat /home/full/x)" = "a filea filekeep" ]
	check "hostile: ext4 checker finds no error" check_disk "$c"
}

# injector.strict=1: the same failures stop the boot and the failure
# policy runs; from its shell, the injector's own root is untouched.
hostile_strict() {
	hostile_case hostile-strict
	boot_case virtio-blk "injector.strict=1 injector.fail=shell" "$HOSTILE_SHELL"
	fell_back hostile-strict "status=error stage=inject files=4 failed=4,5,6"
	hostile_refusals hostile-strict
	check "hostile-strict: the log names the policy" \
		in_log "$c/console.log" "inject: 3 manifest entries failed (injector.strict=1)"
	check "hostile-strict: the shell ran" in_log "$c/console.log" "HOSTILE-CHECKED-42 guest-key=ssh-ed25519"
	check "hostile-strict: nothing escaped into the injector's root" sh -c "! grep -a 'ESCAPED-' '$c/console.log'"
	check "hostile-strict: ext4 checker finds no error" check_disk "$c"
}

# A guest user (uid 1000) plants links in her home: `shared -> /etc` for a
# `dir ... owner=1000:1000` that would chown the guest's /etc to her, and
# `link -> /etc` on the way of a `file` that would write in /etc. The
# injector follows no link a guest user owns (docs/manifest.md "Guest
# users"): both entries fail, named on the log, /etc keeps its owner and
# gets no file, her own file lands, and the guest's kernel boots.
guest_user_disk() {
	make_guest_tree "$guest" newest ext4 "$c" || return 1
	h=$c/tree/home/alice
	mkdir -p "$h" && ln -s /etc "$h/shared" && ln -s ../../etc "$h/link" &&
		chown -h 1000:1000 "$h" "$h/shared" "$h/link" &&
		make_fs ext4 "$c" && make_disk none "$c" && echo ext4 > "$c/disk.fs"
}

guest_user_payload() {
	mkdir -p "$1/vm"
	echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlice alice@host" > "$1/vm/alice.pub"
	cat > "$1/vm/vm.manifest" <<'MANIFEST'
dir     /home/alice/shared  mode=0755 owner=1000:1000
file    /home/alice/link/alice-was-here  alice.pub
file    /home/alice/.ssh-key  alice.pub  owner=1000:1000
append  "console=ttyS0"
MANIFEST
	rm -f "$1/vm.cpio"
	"$VT" payload -o "$1/vm.cpio" "$1/vm/vm.manifest"
}

# debugfs_owner PATH: the uid of PATH (not followed) on the guest disk.
debugfs_owner() { debugfs -R "stat $1" "$c/disk.img" 2>/dev/null | sed -n 's/^User: *\([0-9]*\).*/\1/p'; }

guest_user() {
	new_case guest-user
	rm "$c/vm.cpio"
	check "guest-user: payload built" guest_user_payload "$c"
	check "guest-user: disk built" guest_user_disk
	check "guest-user: the planted links are alice's on the disk" \
		[ "$(debugfs_owner /home/alice/shared)$(debugfs_owner /home/alice/link)" = 10001000 ]
	boot_case virtio-blk "injector.fail=shell"
	fell_back guest-user "status=partial stage=kexec files=1 failed=1,2"
	check "guest-user: dir through alice's shared -> /etc refused, with the reason" in_log "$c/console.log" \
		"manifest:1: /home/alice/shared: symlink /home/alice/shared owned by uid 1000 in a directory of uid 1000: not followed"
	check "guest-user: file through alice's link -> /etc refused, with the reason" in_log "$c/console.log" \
		"manifest:2: /home/alice/link/alice-was-here: symlink /home/alice/link owned by uid 1000"
	check "guest-user: the guest's /etc still root's (uid $(debugfs_owner /etc))" [ "$(debugfs_owner /etc)" = 0 ]
	check "guest-user: no file written in /etc" \
		sh -c "debugfs -R 'stat /etc/alice-was-here' '$c/disk.img' 2>&1 | grep -q 'File not found'"
	check "guest-user: her links left as they were" \
		[ "$(debugfs_link /home/alice/shared) $(debugfs_link /home/alice/link)" = "/etc ../../etc" ]
	check "guest-user: her own file landed, hers" \
		[ "$(debugfs_cat /home/alice/.ssh-key) $(debugfs_owner /home/alice/.ssh-key)" = \
			"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlice alice@host 1000" ]
	check "guest-user: the guest's own kernel booted all the same" \
		in_log "$c/console.log" "kexec: loaded /boot/vmlinuz-$(kver "$guest")"
	check "guest-user: ext4 checker finds no error" check_disk "$c"
}

# prepare INJECTOR GUEST: the injector kernel, the guest initrd, the payload.
prepare() {
	injector=$1 guest=$2
	kernels_tested "$(kroot "$injector")" "$(kroot "$guest")"
	# --with-rescue: the no-kernel and hostile cases type into the fallback shell.
	check "injector kernel built from Debian $injector" make_injector "$injector" "$work" --with-rescue
	[ -f "$work/guest-$guest/initrd.img" ] ||
		check "guest initrd built from Debian $guest" make_guest_initrd "$guest" "$work"
	[ -f "$work/vm.cpio" ] || check "payload built" make_payload "$work"
}

# Each filesystem asks the kernel for crc32c at mount; ext4 is grub's, xfs
# is named by UUID, btrfs is probed.
filesystems() {
	k=/boot/vmlinuz-$(kver "$guest")
	into_guest "$injector-ext4" grub ext4 gpt virtio-blk "injector.fail=poweroff" "$k"
	into_guest "$injector-xfs" bls xfs dos virtio-scsi \
		"injector.root=UUID=$(fs_uuid xfs) injector.fail=poweroff" "$k"
	into_guest "$injector-btrfs" links btrfs gpt nvme \
		"injector.rootflags=subvol=@ injector.fail=poweroff" /vmlinuz
}

run_suite() {
	prepare "$1" "$2"
	into_guest gpt-ext4 grub ext4 gpt virtio-blk "injector.fail=poweroff" "/boot/vmlinuz-$(kver "$guest")"
	into_guest xfs-uuid bls xfs dos virtio-scsi "injector.root=UUID=$(fs_uuid xfs) injector.fail=poweroff" \
		"/boot/vmlinuz-$(kver "$guest")"
	# The btrfs root is named by its partition with one injector, probed
	# inside the subvolume injector.rootflags names with the other.
	if [ "$injector" = 6.1 ]; then
		into_guest btrfs-subvol-partlabel links btrfs gpt nvme \
			"injector.root=PARTLABEL=$ROOT_PARTLABEL injector.rootflags=subvol=@ injector.fail=poweroff" /vmlinuz
	else
		into_guest btrfs-subvol-probed links btrfs gpt nvme \
			"injector.rootflags=subvol=@ injector.fail=poweroff" /vmlinuz
	fi
	into_guest plain-ext4 newest ext4 none virtio-blk "injector.fail=poweroff" "/boot/vmlinuz-$(kver "$guest")"
	failures
	initrd_size
	hostile
	hostile_strict
	guest_user
}

# suite_*: names no helper uses (they set plain shell variables).
if [ "$1" = --filesystems ]; then
	suite_guest=$2
	shift 2
	for suite_injector; do prepare "$suite_injector" "$suite_guest" && filesystems; done
elif [ -n "${SUITE_ONLY:-}" ]; then
	prepare "$1" "$2" && for suite_case in $SUITE_ONLY; do "$suite_case"; done
else
	run_suite "$1" "$2"
fi
finish
