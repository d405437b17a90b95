#!/bin/sh
# `vmlinuz-tool extract`: the vmlinux of every codec (fixtures and both Debian
# kernels) and the built-in initramfs, checked against independent tools;
# then the output rules: no clobbering without --force, never the input.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# is_elf64 FILE: an ELF64 x86-64 file by readelf's own reading.
is_elf64() {
	readelf -h "$1" 2>/dev/null > hdr &&
		grep -q 'Class: *ELF64' hdr && grep -q 'Machine: *Advanced Micro Devices X86-64' hdr
}

# The payload of a bzImage without its size word, cut out with dd: what
# scripts/extract-vmlinux would feed to the decompressor.
raw_payload() { # raw_payload IMAGE JSON
	skip=$(( ($(jq .setup_sects "$2") + 1) * 512 + $(jq .payload_offset "$2") ))
	tail -c +$((skip + 1)) "$1" | head -c $(( $(jq .payload_length "$2") - 4 ))
}

for codec in gzip bzip2 lzma xz lzo lz4 zstd; do
	img=$VT_FIXTURES/$codec.bzImage
	"$VT" inspect --json "$img" > "$codec.json"
	"$VT" extract "$img" --vmlinux "vmlinux-$codec"
	check "fixture $codec: --vmlinux writes an ELF64 x86-64" is_elf64 "vmlinux-$codec"
	check "fixture $codec: its size is payload_output_size" \
		[ "$(stat -c %s "vmlinux-$codec")" = "$(jq .payload_output_size "$codec.json")" ]
	check "fixture $codec: it is the ELF that was compressed" \
		cmp -s "vmlinux-$codec" "$VT_FIXTURES/payload.elf"
done

for series in 6.1 6.12; do
	k=$(kernel "$series")
	case $series in 6.1) unpack="lz4 -dc" ;; 6.12) unpack="zstd -dcq" ;; esac
	"$VT" inspect --json "$k" > "$series.json"
	"$VT" extract "$k" --vmlinux "vmlinux-$series"
	check "$series: --vmlinux writes an ELF64 x86-64" is_elf64 "vmlinux-$series"
	check "$series: its size is payload_output_size" \
		[ "$(stat -c %s "vmlinux-$series")" = "$(jq .payload_output_size "$series.json")" ]
	raw_payload "$k" "$series.json" | $unpack > "ref-$series" 2>/dev/null
	check "$series: it is what '$unpack' makes of the payload" cmp -s "vmlinux-$series" "ref-$series"
	"$VT" extract "$k" --initramfs "initramfs-$series"
	check "$series: --initramfs writes 512 bytes" [ "$(stat -c %s "initramfs-$series")" = 512 ]
	check "$series: a cpio archive of dev, dev/console, root" \
		[ "$(cpio -t --quiet < "initramfs-$series" | tr '\n' ' ')" = "dev dev/console root " ]
	rm -f "ref-$series"
done

# Refusals. The input is a copy: a failed refusal must not harm the cache.
cp "$VT_FIXTURES/lz4.bzImage" in.bzImage
sum=$(sha256sum < in.bzImage)
echo old > existing
"$VT" extract in.bzImage --vmlinux existing 2>err; rc=$?
check "existing output: exit 1" [ "$rc" = 1 ]
check "existing output: one line, says --force" \
	[ "$(cat err)" = "vmlinuz-tool: existing: already exists (use --force to overwrite)" ]
check "existing output: unchanged" [ "$(cat existing)" = old ]
"$VT" extract in.bzImage --vmlinux existing --force
check "--force replaces it" cmp -s existing "$VT_FIXTURES/payload.elf"
"$VT" extract in.bzImage --vmlinux in.bzImage --force 2>err; rc=$?
check "output is the input: exit 1, even with --force" [ "$rc" = 1 ]
check "output is the input: one line" \
	[ "$(cat err)" = "vmlinuz-tool: in.bzImage: is an input file; refusing to overwrite it" ]
check "output is the input: the input is unchanged" [ "$(sha256sum < in.bzImage)" = "$sum" ]
ln -s in.bzImage link
"$VT" extract link --vmlinux in.bzImage --force 2>/dev/null; rc=$?
check "output is the input through a symlink: refused" [ "$rc" = 1 -a "$(sha256sum < in.bzImage)" = "$sum" ]
check "no temporary file is left behind" [ -z "$(find . -name '.*' ! -name . | head -n1)" ]

# Usage: exit 2, a usage line on stderr, nothing written.
usage() { # usage DESCRIPTION ARGS...
	what=$1; shift
	before=$(ls -A | sort)
	"$VT" "$@" >/dev/null 2>err; rc=$?
	check "$what: exit 2 (got $rc)" [ "$rc" = 2 ]
	check "$what: says usage" grep -q '^usage: vmlinuz-tool ' err
	check "$what: nothing written" [ "$(ls -A | sort)" = "$before" ]
}
usage "extract without an output" extract in.bzImage
usage "extract with two outputs" extract in.bzImage --vmlinux a --initramfs b
usage "extract without an image" extract --vmlinux a
usage "extract with two images" extract in.bzImage in.bzImage --vmlinux a
usage "extract with an unknown option" extract --bogus in.bzImage --vmlinux a
usage "inspect without an image" inspect
usage "inspect with an unknown option" inspect --bogus in.bzImage
usage "an unknown command" frobnicate in.bzImage
usage "no command" 

for args in "--help" "extract --help" "inspect --help"; do
	# shellcheck disable=SC2086
	"$VT" $args > out 2>err; rc=$?
	check "$args: exit 0, nothing on stderr" [ "$rc" = 0 -a ! -s err ]
	check "$args: usage on stdout" grep -q '^usage: vmlinuz-tool' out
done
finish
