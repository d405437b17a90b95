#!/bin/sh
# Bad input, as a user meets it: for every kind of broken or foreign image,
# both inspect and extract print exactly one line on stderr,
# "vmlinuz-tool: FILE: problem", exit 1, and write nothing (no output file, no
# temporary file) in the output directory.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
mkdir out

# variant NAME BASE: a copy of BASE to damage.
variant() { cp "$2" "$1"; }

# Offsets of setup_header fields in the file (Documentation/arch/x86/boot.rst;
# common/bootparam.h asserts the same numbers).
VERSION=0x206 KERNEL_VERSION=0x20e PAYLOAD_OFFSET=0x248 HANDOVER=0x264 KERNEL_INFO=0x268
fixture=$VT_FIXTURES/zstd.bzImage k612=$(kernel 6.12)
"$VT" inspect --json "$fixture" > fixture.json
payload_at=$(( ($(jq .setup_sects fixture.json) + 1) * 512 + $(jq .payload_offset fixture.json) ))
payload_len=$(jq .payload_length fixture.json)
init_size=$(jq .init_size fixture.json)

# bad DESCRIPTION FILE MESSAGE [prefix]: both commands fail on FILE with MESSAGE
# (or a message starting with it, for library-worded tails). What a wrongly
# successful run leaves is removed, so one failure does not cascade.
bad() {
	what=$1 file=$2 msg=$3 match=${4:-exact}
	for cmd in inspect extract; do
		if [ "$cmd" = inspect ]; then
			"$VT" inspect "$file" >stdout 2>err; rc=$?
		else
			"$VT" extract "$file" --vmlinux out/vmlinux >stdout 2>err; rc=$?
		fi
		line="vmlinuz-tool: $file: $msg"
		check "$what ($cmd): exit 1 (got $rc)" [ "$rc" = 1 ]
		check "$what ($cmd): one line on stderr" [ "$(wc -l < err)" = 1 ]
		if [ "$match" = prefix ]; then
			check "$what ($cmd): '$(cat err)'" [ "$(head -c ${#line} err)" = "$line" ]
		else
			check "$what ($cmd): '$(cat err)'" [ "$(cat err)" = "$line" ]
		fi
		check "$what ($cmd): nothing written" [ -z "$(ls -A out)" -a ! -s stdout ]
		rm -rf out && mkdir out
	done
}

: > empty
bad "empty file" empty "empty file"
head -c 100 "$k612" > cut100
bad "cut to 100 bytes" cut100 "too small for a bzImage (100 bytes)"
head -c 1000 "$k612" > cut1000
bad "cut inside setup" cut1000 "truncated: 1000 bytes, but the setup code alone is 20480"
size=$(stat -L -c %s "$k612")
head -c $((size / 2)) "$k612" > cut-half
bad "cut inside the payload" cut-half "truncated: $((size / 2)) bytes, but the header declares $size"
cp "$VT_FIXTURES/payload.elf" vmlinux.elf
bad "an ELF vmlinux" vmlinux.elf "is an ELF file (a vmlinux?), not a bzImage"
{ printf 'MZ'; head -c 54 /dev/zero; printf 'ARM\144'; head -c 65472 /dev/zero; } > arm64.Image
bad "an arm64 Image" arm64.Image "is an arm64 Image, not an x86 bzImage"
head -c 65536 /dev/urandom > random
bad "random bytes" random "not an x86 bzImage (no HdrS boot header)"
bad "a missing file" missing "cannot open: No such file or directory"
mkdir adir
bad "a directory" adir "not a regular file"

variant payload-outside "$fixture"
poke payload-outside $PAYLOAD_OFFSET 4 0x7fffffff
bad "payload_offset outside the file" payload-outside \
	"payload (offset 0x7fffffff, $payload_len bytes) lies outside the file"
variant kinfo-outside "$fixture"
poke kinfo-outside $KERNEL_INFO 4 0x7fffffff
bad "kernel_info_offset outside the file" kinfo-outside \
	"kernel_info (offset 0x7fffffff, 16 bytes) lies outside the file"
variant version-outside "$fixture"
poke version-outside $KERNEL_VERSION 2 0xffff
bad "kernel_version outside the setup code" version-outside \
	"kernel_version (0x101ff) points outside the setup code"
# The fixtures have no EFI handover entry; the Debian kernel has.
variant handover-outside "$k612"
poke handover-outside $HANDOVER 4 0x7fffffff
bad "handover_offset outside the file" handover-outside \
	"handover entry (offset 0x800001ff, 1 bytes) lies outside the file"

for v in 0x0201 0x0207; do
	variant "protocol-$v" "$fixture"
	poke "protocol-$v" $VERSION 2 "$v"
	bad "protocol $v" "protocol-$v" \
		"boot protocol 2.0${v#0x020} is too old: 2.08 or newer is needed"
done

variant unknown-magic "$fixture"
poke unknown-magic "$payload_at" 4 0x44434241
bad "unknown payload magic" unknown-magic "payload has an unknown compression (magic 41 42 43 44)"
variant corrupt "$fixture"
head -c 512 /dev/zero | dd of=corrupt bs=1 seek=$((payload_at + payload_len / 2)) conv=notrunc status=none
bad "corrupt payload" corrupt "payload: corrupt zstd stream: " prefix
variant bomb "$fixture"
poke bomb $((payload_at + payload_len - 4)) 4 $((init_size + 1))
bad "size word above init_size" bomb \
	"payload claims $((init_size + 1)) decompressed bytes, more than init_size ($init_size) or the 1024 MiB cap allows"

# Problems that only extract meets.
"$VT" extract "$fixture" --initramfs out/initramfs 2>err; rc=$?
check "fixture without initramfs: exit 1, one line" \
	[ "$rc" = 1 -a "$(cat err)" = "vmlinuz-tool: $fixture: has no built-in initramfs" ]
check "fixture without initramfs: nothing written" [ -z "$(ls -A out)" ]
"$VT" extract "$fixture" --vmlinux nodir/vmlinux 2>err; rc=$?
check "output in a missing directory: exit 1, one line naming the output" \
	[ "$rc" = 1 -a "$(cat err)" = "vmlinuz-tool: nodir/vmlinux: cannot create a temporary file: No such file or directory" ]
check "no temporary file anywhere" [ -z "$(find . -name '.*' ! -name . | head -n1)" ]
finish
