#!/bin/sh
# `vmlinuz-tool mkinitramfs` on the Debian 6.1 and 6.12 module trees:
# reproducible bytes, readable by cpio and initramfs-tools, modules and
# their indexes, compressions, and refusals that leave nothing behind.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
r612=$VT_KERNELS/linux-6.12-cloud-amd64 r61=$VT_KERNELS/linux-6.1-cloud-amd64
v612=$(ls "$r612/lib/modules") v61=$(ls "$r61/lib/modules")
init=/bin/true # any small ELF stands in for injector-init here

one_error() { # as in embed.t: exit 1, one line, nothing left behind
	what=$1 prefix=$2; shift 2
	before=$(ls -A | sort)
	"$@" >/dev/null 2>err; rc=$?
	check "$what: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "$what: one line '$prefix...' ($(head -c 200 err))" \
		[ "$(wc -l < err)" = 1 -a "$(head -c ${#prefix} err)" = "$prefix" ]
	check "$what: nothing left behind" [ "$(ls -A | sort)" = "$before" ]
}
mk() { "$VT" mkinitramfs --init "$init" "$@"; }
: > err

mk --profile debian --moddir "$r612" --with-rescue -o a.cpio
mk --profile debian --moddir "$r612" --with-rescue -o b.cpio
check "same inputs, same bytes" cmp -s a.cpio b.cpio
check "uncompressed by default" [ "$(head -c 6 a.cpio)" = 070701 ]
cpio -t < a.cpio > list 2>/dev/null
check "cpio -t lists /init" grep -qx init list
check "entries in byte order" sh -c 'LC_ALL=C sort -c list'
check "modules.dep for the subset" grep -qx "lib/modules/$v612/modules.dep" list
check "modules.dep.bin for libkmod" grep -qx "lib/modules/$v612/modules.dep.bin" list
check "6.12 modules stay xz (CONFIG_MODULE_DECOMPRESS)" \
	grep -qx "lib/modules/$v612/kernel/fs/xfs/xfs.ko.xz" list
check "rescue: networking modules" grep -q "virtio_net.ko.xz$" list
check "rescue: busybox and its sh" sh -c 'grep -qx bin/busybox list && grep -qx bin/sh list'
check "rescue: dropbear and its libraries" \
	sh -c 'grep -qx usr/sbin/dropbear list && grep -qx lib/x86_64-linux-gnu/libtomcrypt.so.1 list'
check "the program interpreter" grep -qx lib64/ld-linux-x86-64.so.2 list
check "every profile, and the chosen one" sh -c \
	'grep -qx etc/injector/profiles/fedora list && grep -qx etc/injector/profile list'
cpio -i --quiet --to-stdout "lib/modules/$v612/modules.dep" < a.cpio > dep
check "xfs needs libcrc32c in modules.dep" \
	grep -qx "kernel/fs/xfs/xfs.ko.xz: kernel/lib/libcrc32c.ko.xz" dep
cpio -i --quiet --to-stdout "lib/modules/$v612/modules.injector" < a.cpio > table
tab=$(printf '\t')
check "module table: xfs after its soft and hard dependencies" grep -qx \
	"xfs${tab}kernel/fs/xfs/xfs.ko.xz${tab}kernel/arch/x86/crypto/crc32c-intel.ko.xz kernel/lib/libcrc32c.ko.xz kernel/fs/xfs/xfs.ko.xz" table
check "module table: the kernel's fs-xfs request, '-' as '_'" grep -q "^fs_xfs${tab}kernel/fs/xfs/xfs.ko.xz${tab}" table
check "module table: virtio-blk's modalias" \
	grep -qx "virtio:d00000002v\*${tab}kernel/drivers/block/virtio_blk.ko.xz${tab}kernel/drivers/block/virtio_blk.ko.xz" table
check "module table: rows for every module file" \
	[ "$(grep -c '\.ko' list)" = "$(cut -f2 table | sort -u | wc -l)" ]
cpio -tv < a.cpio 2>/dev/null | awk '{print $3, $4}' | sort -u > owners
check "everything owned by root" [ "$(cat owners)" = "root root" ]
lsinitramfs a.cpio > ls-list 2>/dev/null
check "lsinitramfs reads it" grep -qx "usr/sbin/dropbear" ls-list

mk --profile debian --moddir "$r61" --compress gzip -o c.cpio
sleep 1
mk --profile debian --moddir "$r61" --compress gzip -o d.cpio
check "gzip: same bytes a second later" cmp -s c.cpio d.cpio
zcat c.cpio | cpio -t > list61 2>/dev/null
check "6.1: plain .ko" grep -qx "lib/modules/$v61/kernel/lib/libcrc32c.ko" list61
check "no --with-rescue: no dropbear, no networking" \
	sh -c '! grep -q "dropbear\|virtio_net" list61'
check "no --with-rescue: of the modules.* files, only the module table" \
	[ "$(grep "^lib/modules/$v61/modules\." list61)" = "lib/modules/$v61/modules.injector" ]
mk --profile fedora --moddir "$r61" --compress xz -o e.cpio
check "xz with a CRC32 check, as the kernel needs" \
	sh -c 'xz --robot --list e.cpio | grep -q "CRC32"'
SOURCE_DATE_EPOCH=86400 mk --profile arch --moddir "$r61" --compress none -o f.cpio
check "SOURCE_DATE_EPOCH sets every mtime" \
	sh -c 'cpio -tv --quiet < f.cpio | grep -q "Jan  2  1970 init"'

# A 6.12 tree whose kernel cannot decompress modules: they are unpacked.
mkdir -p nodecomp/boot && ln -s "$r612/lib" nodecomp/lib
grep -v MODULE_DECOMPRESS "$r612/boot/config-$v612" > "nodecomp/boot/config-$v612"
mk --profile debian --moddir nodecomp --compress none -o g.cpio
cpio -t < g.cpio > listg 2>/dev/null
check "no CONFIG_MODULE_DECOMPRESS: modules decompressed" \
	sh -c "grep -qx 'lib/modules/$v612/kernel/fs/xfs/xfs.ko' listg && ! grep -q 'ko.xz' listg"
cpio -i --quiet --to-stdout "lib/modules/$v612/kernel/fs/xfs/xfs.ko" < g.cpio | head -c 4 > magic
check "a decompressed module is ELF" [ "$(od -An -c magic | tr -d ' ')" = 177ELF ]

mkdir -p nozstd/boot && ln -s "$r612/lib" nozstd/lib
grep -v RD_ZSTD "$r612/boot/config-$v612" > "nozstd/boot/config-$v612"
one_error "kernel without RD_ZSTD" "vmlinuz-tool: nozstd/boot/config-$v612: this kernel cannot" \
	mk --profile debian --moddir nozstd --compress zstd -o x.cpio
one_error "unknown profile" "vmlinuz-tool: " mk --profile nosuch --moddir "$r612" -o x.cpio
printf 'os-id x\nkernel /k\ninitrd /i\nmodules disks ahci\n' > bad-profile
one_error "bad profile" "vmlinuz-tool: ./bad-profile: line 4: unknown module class" \
	mk --profile ./bad-profile --moddir "$r612" -o x.cpio
one_error "missing init" "vmlinuz-tool: /nonexistent/init: " \
	"$VT" mkinitramfs --init /nonexistent/init --profile debian --moddir "$r612" -o x.cpio
one_error "init not ELF" "vmlinuz-tool: bad-profile: " \
	"$VT" mkinitramfs --init bad-profile --profile debian --moddir "$r612" -o x.cpio
mkdir -p empty/lib/modules
one_error "no kernel in the tree" "vmlinuz-tool: empty/lib/modules: holds 0 kernels" \
	mk --profile debian --moddir empty -o x.cpio
one_error "existing output" "vmlinuz-tool: a.cpio: already exists" \
	mk --profile debian --moddir "$r612" -o a.cpio
usage_rc=0
mk --profile debian --compress lzma -o x.cpio >/dev/null 2>&1 || usage_rc=$?
check "unknown compression is a usage error (exit 2)" [ "$usage_rc" = 2 ]
usage_rc=0
mk --moddir "$r612" -o x.cpio >/dev/null 2>&1 || usage_rc=$?
check "no --profile is a usage error (exit 2)" [ "$usage_rc" = 2 ]
"$VT" mkinitramfs --help > help
check "--help shows the usage" grep -q "mkinitramfs --profile NAME" help
finish
