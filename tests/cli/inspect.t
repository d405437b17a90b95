#!/bin/sh
# `vmlinuz-tool inspect --json` on Debian's 6.1 (LZ4) and 6.12 (ZSTD) kernels
# and on the seven synthetic fixtures: the fields other tools rely on.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# field JSON-FILE JQ-FILTER: one field, compact.
field() { jq -c "$2" "$1"; }
# holds JSON-FILE [JQ-ARGS] FILTER: the filter is true.
holds() { f=$1; shift; jq -e "$@" "$f" >/dev/null; }

for series in 6.1 6.12; do
	k=$(kernel "$series") j=$work/$series.json
	case $series in 6.1) codec=lz4 prefix=6.1.0- ;; 6.12) codec=zstd prefix=6.12. ;; esac
	"$VT" inspect --json "$k" > "$j" 2>"$work/err"
	check "$series: exit 0, nothing on stderr" [ $? = 0 -a ! -s "$work/err" ]
	check "$series: boot_protocol \"2.15\"" [ "$(field "$j" .boot_protocol)" = '"2.15"' ]
	check "$series: kernel_version starts with $prefix" \
		holds "$j" --arg p "$prefix" '.kernel_version | startswith($p)'
	check "$series: payload_compression $codec" [ "$(field "$j" .payload_compression)" = "\"$codec\"" ]
	check "$series: init_size is a number no smaller than the output" \
		holds "$j" '(.init_size | type) == "number" and .init_size >= .payload_output_size'
	check "$series: signed false" [ "$(field "$j" .signed)" = false ]
	check "$series: entries 16/32/64-bit, handover, PE" \
		[ "$(jq -c .entries "$j")" = '["16-bit","32-bit","64-bit","handover","PE"]' ]
	check "$series: builtin_initramfs size 512" [ "$(field "$j" .builtin_initramfs.size)" = 512 ]
	check "$series: builtin_initramfs files" \
		[ "$(field "$j" .builtin_initramfs.files)" = '["dev","dev/console","root"]' ]
	check "$series: embedded_initramfs null" [ "$(field "$j" .embedded_initramfs)" = null ]
	check "$series: payload_offset 0x2cc" [ "$(field "$j" .payload_offset)" = 716 ]
done

# The fixtures: mkbzimage's header, each codec named, no initramfs slot.
for codec in gzip bzip2 lzma xz lzo lz4 zstd; do
	j=$work/$codec.json
	"$VT" inspect --json "$VT_FIXTURES/$codec.bzImage" > "$j"
	check "fixture $codec: payload_compression, output size, no PE, no slot" \
		[ "$(jq -c '[.boot_protocol, .payload_compression, .payload_output_size, .efi_stub, .builtin_initramfs]' "$j")" \
		= "[\"2.15\",\"$codec\",$(stat -c %s "$VT_FIXTURES/payload.elf"),false,null]" ]
done
check "fixture kernel_version" \
	[ "$(field "$work/zstd.json" .kernel_version)" = '"6.99.0-mkbzimage (test fixture)"' ]

# The text form names the same facts.
"$VT" inspect "$(kernel 6.12)" > "$work/text"
check "text: boot protocol" \
	grep -q '^boot protocol: *2.15$' "$work/text"
check "text: payload line" grep -q '^payload: *offset 0x2cc, [0-9]* bytes, zstd,' "$work/text"
check "text: signed no" grep -q '^signed: *no$' "$work/text"
finish
