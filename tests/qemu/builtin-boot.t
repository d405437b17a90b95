#!/bin/sh
# The builtin method on the tiny fixture kernels (VT_TINY, built by
# tests/fixtures/make-tinykernel.sh): one per payload codec, each carrying a
# real built-in initramfs whose init prints "TINYTEST: marker=fixture".
# Each gets a different init re-embedded by `embed` (auto, which must pick
# builtin) and must boot it under QEMU/SeaBIOS; the zstd one also boots
# through its EFI stub under OVMF. Debian's stock 6.1 and 6.12 kernels take a
# 512-byte archive into their default slot and boot it (6.12 under OVMF too).
# Each kernel's own archive must fit back
# (the recompression is at least as strong as the kernel build's). Too-large
# archives and payloads are refused with their gap and leave no output;
# auto falls back to the stub.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
codecs="gzip bzip2 lzma xz lzo lz4 zstd"

# tiny_archive OUT MARKER [FILLER]: /dev/console and a static init printing
# MARKER, written by the kernel's own gen_init_cpio (no root needed).
tiny_archive() {
	cc -static -O2 -DMARKER="\"$2\"" -o "$work/init-$2" "$VT_FIXTURES_SRC/tiny-init.c"
	{
		echo "dir /dev 0755 0 0"
		echo "nod /dev/console 0600 0 0 c 5 1"
		echo "file /init $work/init-$2 0755 0 0"
		[ -z "${3:-}" ] || echo "file /filler $3 0644 0 0"
	} > "$work/list-$2"
	"$VT_TINY/gen_init_cpio" "$work/list-$2" > "$1"
}

marker() { grep -ao 'TINYTEST: marker=[a-z0-9-]*' "$1" | head -n1; }

# The kernel's own fields and the PE header, as objdump reads them.
pe_view() { objdump -p "$1" | sed 1,2d; }

VT_FIXTURES_SRC=$(cd "$(dirname "$0")/../fixtures" && pwd)

boot "$VT_TINY/bzImage-gzip" - 128 "" "$work/fixture.log"
check "the gzip fixture boots its own init: $(marker "$work/fixture.log")" \
	[ "$(marker "$work/fixture.log")" = "TINYTEST: marker=fixture" ]

for c in $codecs; do
	in=$VT_TINY/bzImage-$c out=$work/out-$c
	tiny_archive "$work/new-$c.cpio" "new-$c"
	"$VT" embed -o "$out" "$in" "$work/new-$c.cpio" 2> "$work/err-$c"
	check "$c: auto picks builtin ($(head -c 160 "$work/err-$c"))" \
		grep -q "method builtin" "$work/err-$c"
	check "$c: same size, same setup and PE header" \
		[ "$(stat -c %s "$out")" = "$(stat -c %s "$in")" -a \
		  "$(pe_view "$out")" = "$(pe_view "$in")" ]
	check "$c: inspect lists the new archive" \
		sh -c "'$VT' inspect '$out' | grep -qx '  init' && ! '$VT' inspect '$out' | grep -qx '  filler'"
	boot "$out" - 128 "" "$work/$c.log"
	check "$c: boots the new init: $(marker "$work/$c.log")" \
		[ "$(marker "$work/$c.log")" = "TINYTEST: marker=new-$c" ]
done

# Recompression at least as strong as the kernel build's: each kernel's own
# archive fits back.
for c in $codecs; do
	"$VT" extract "$VT_TINY/bzImage-$c" --initramfs "$work/own-$c.cpio"
	"$VT" embed --method builtin -o "$work/own-$c" "$VT_TINY/bzImage-$c" "$work/own-$c.cpio" \
		2> "$work/err"
	check "$c: the kernel's own archive fits back ($(head -c 160 "$work/err"))" [ -s "$work/own-$c" ]
	rm -f "$work/own-$c" "$work/own-$c.cpio"
done

# A builtin-embedded kernel keeps a findable slot: embed again, boot again.
tiny_archive "$work/again.cpio" again
"$VT" embed --method builtin -o "$work/again" "$work/out-gzip" "$work/again.cpio" 2>/dev/null
boot "$work/again" - 128 "" "$work/again.log"
check "gzip, embedded twice: boots the second init: $(marker "$work/again.log")" \
	[ "$(marker "$work/again.log")" = "TINYTEST: marker=again" ]

# EFI: OVMF loads the kernel through its PE entry (the EFI stub).
# shellcheck disable=SC2046
boot "$work/out-zstd" - 256 "" "$work/efi.log" $(ovmf_args plain)
check "zstd under OVMF: booted by EFI ($(grep -ao 'efi: EFI v[0-9.]*' "$work/efi.log" | head -n1))" \
	grep -aq 'efi: EFI v' "$work/efi.log"
check "zstd under OVMF: boots the new init: $(marker "$work/efi.log")" \
	[ "$(marker "$work/efi.log")" = "TINYTEST: marker=new-zstd" ]

# Debian's stock kernels, every x86 flavour (6.1: cloud LZ4, generic and rt
# XZ; 6.12: ZSTD), have the 512-byte default slot: a forced builtin fits a
# marker into it, the loader's initrd brings the test init (and
# /dev/console, which the default archive provided). Each boots under
# SeaBIOS, 6.12's also through the EFI stub under OVMF: the boot
# decompressors themselves read the recompressed payloads.
spec_of_dir() { # spec_of_dir DIR: gen_init_cpio lines for DIR's tree
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort) | while read -r p; do
		p=${p#.}
		if [ -d "$1$p" ]; then echo "dir $p 0755 0 0"
		else echo "file $p $1$p $(stat -c %a "$1$p") 0 0"; fi
	done
}
make_embedded "$work/unused.cpio" 0 with-busybox
{ printf 'dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\n'; spec_of_dir "$work/embedded-root"; } \
	> "$work/initrd.list"
"$VT_TINY/gen_init_cpio" "$work/initrd.list" > "$work/initrd.cpio"
echo yes > "$work/marker"
printf 'dir /etc 0755 0 0\nfile /etc/marker-pervm %s 0644 0 0\n' "$work/marker" > "$work/marker.list"
"$VT_TINY/gen_init_cpio" "$work/marker.list" > "$work/marker.cpio"
want="INJTEST: embedded=yes pervm=yes last=embedded big=absent"
stock="6.1-cloud-amd64 6.1-amd64 6.1-rt-amd64 6.12-cloud-amd64 6.12-amd64 6.12-rt-amd64"
# shellcheck disable=SC2086
kernels_tested $(for k in $stock; do echo "$VT_KERNELS/linux-$k"; done)
for k in $stock; do
	out=$work/debian-$k
	"$VT" embed --method builtin -o "$out" "$VT_KERNELS/linux-$k/vmlinuz" "$work/marker.cpio" \
		2> "$work/err"
	check "$k: builtin fits $(stat -c %s "$work/marker.cpio") bytes ($(head -c 160 "$work/err"))" \
		[ -s "$out" ]
	boot "$out" "$work/initrd.cpio" 256 "" "$out.log"
	check "$k: the built-in marker and the initrd's init: $(report "$out.log")" \
		[ "$(report "$out.log")" = "$want" ]
	case $k in 6.12-*)
		# shellcheck disable=SC2046
		boot "$out" "$work/initrd.cpio" 512 "" "$out-efi.log" $(ovmf_args plain)
		check "$k under OVMF: booted by EFI, same report: $(report "$out-efi.log")" \
			[ -n "$(grep -a 'efi: EFI v' "$out-efi.log")" -a "$(report "$out-efi.log")" = "$want" ]
	esac
	rm -f "$out"
done

# refused DESCRIPTION PATTERN COMMAND...: exit 1, one stderr line matching
# PATTERN, no output file.
refused() {
	what=$1 pattern=$2; shift 2
	rm -f "$work/refused"
	"$@" -o "$work/refused" 2> "$work/err"; rc=$?
	check "$what: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "$what: one line with the gap ($(head -c 200 "$work/err"))" \
		[ "$(wc -l < "$work/err")" = 1 -a -n "$(grep -E "$pattern" "$work/err")" ]
	check "$what: no output" [ ! -e "$work/refused" ]
}

# 8 MiB does not fit the slot of about 4 MiB.
head -c $((8 << 20)) /dev/urandom > "$work/big"
tiny_archive "$work/big.cpio" big "$work/big"
refused "archive over the slot" \
	"big.cpio: the archive is [0-9]+ bytes, [0-9]+ more than the built-in initramfs slot holds \\([0-9]+\\); use --method stub" \
	"$VT" embed --method builtin "$VT_TINY/bzImage-xz" "$work/big.cpio"

# Random data that fits the slot but not the payload once compressed.
slot=$("$VT" inspect --json "$VT_TINY/bzImage-xz" | jq .builtin_initramfs.size)
head -c $((slot - (1 << 20))) /dev/urandom > "$work/noise"
tiny_archive "$work/noise.cpio" noise "$work/noise"
refused "payload over the original" \
	"bzImage-xz: the recompressed payload \\(xz\\) is [0-9]+ bytes, [0-9]+ more than the original [0-9]+; use --method stub" \
	"$VT" embed --method builtin "$VT_TINY/bzImage-xz" "$work/noise.cpio"

"$VT" embed -o "$work/fallback" "$VT_TINY/bzImage-xz" "$work/noise.cpio" 2> "$work/err"
check "auto falls back to the stub and says why ($(head -n1 "$work/err" | head -c 200))" \
	grep -q "method stub: the recompressed payload (xz) is" "$work/err"
boot "$work/fallback" - 128 "" "$work/fallback.log"
check "the stub fallback boots: $(marker "$work/fallback.log")" \
	[ "$(marker "$work/fallback.log")" = "TINYTEST: marker=noise" ]
finish
