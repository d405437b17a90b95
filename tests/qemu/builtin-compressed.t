#!/bin/sh
# The builtin method on kernels built the way people build them
# (VT_BUILDERS, one directory per source series, each made by
# tests/fixtures/make-tinykernel-builders.sh): a compressed built-in
# initramfs (gzip, Kconfig's default; xz; zstd), from a directory or a cpio
# list, with and without the EFI stub. An archive that fills
# about 85% of the slot once compressed is rewritten in place: same file
# size, the PE header objdump reads unchanged, its new init booted under
# SeaBIOS and, with the EFI stub, under OVMF. An archive that does not fit
# compressed is refused with the gap and leaves no output. The kernel that
# carries its configuration (-ikconfig) has every CONFIG_RD_*: its gzip slot
# gets the smallest codec, not gzip (xz and lzma beat it on the init).
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
VT_FIXTURES_SRC=$(cd "$(dirname "$0")/../fixtures" && pwd)

# archive OUT MARKER FILLER_BYTES: /dev/console, a static init printing
# MARKER and FILLER_BYTES of random data, which no codec shrinks.
archive() {
	cc -static -O2 -DMARKER="\"$2\"" -o "$work/init-$2" "$VT_FIXTURES_SRC/tiny-init.c"
	head -c "$3" /dev/urandom > "$work/filler-$2"
	printf 'dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\nfile /init %s 0755 0 0\nfile /filler %s 0644 0 0\n' \
		"$work/init-$2" "$work/filler-$2" > "$work/list-$2"
	"$VT_TINY/gen_init_cpio" "$work/list-$2" > "$1"
}

marker() { grep -ao 'TINYTEST: marker=[a-z0-9.-]*' "$1" | head -n1; }
pe_view() { objdump -p "$1" | sed 1,2d; }
same_pe() { objdump -p "$2" >/dev/null && [ "$(pe_view "$2")" = "$(pe_view "$1")" ]; }
slot() { "$VT" inspect --json "$1" | jq -r ".builtin_initramfs.$2"; }
# The bytes the rewritten slot's archive takes and its codec, from embed's message.
used_of() { sed -n 's/.*compression [a-z0-9]*, \([0-9]*\) of [0-9]* bytes.*/\1/p' "$1"; }
codec_of() { sed -n 's/.*(compression \([a-z0-9]*\), .*/\1/p' "$1"; }

# picked_85 USED CAPACITY: embed said builtin, and 80-90% of the slot.
picked_85() {
	[ "$(($1 * 100 / $2))" -ge 80 ] && [ "$(($1 * 100 / $2))" -le 90 ] &&
		grep -q "method builtin: .*% full)" "$work/err"
}

# refused_with_gap RC CAPACITY: exit 1 and one line giving the gap.
refused_with_gap() {
	gap="[0-9]+ more than the built-in initramfs slot holds \\($2\\); use --method stub"
	[ "$1" = 1 ] && [ "$(wc -l < "$work/err")" = 1 ] &&
		grep -Eq "big.cpio: the archive is [0-9]+ bytes, ([0-9]+ compressed \\([a-z0-9]+\\) at best, )?$gap" \
			"$work/err"
}

# fixture SERIES KERNEL: every check on one kernel, named SERIES-SLOT-SOURCE-EFI[-ikconfig].
fixture() {
	k=$2 tag=${2##*/bzImage-}
	name=$1-$tag codec=${tag%%-*} out=$work/out-$1-$tag
	efi=$("$VT" inspect --json "$k" | jq -r .efi_stub)
	cap=$(slot "$k" capacity)
	check "$name: the slot is $codec-compressed ($(slot "$k" compression), $cap bytes)" \
		[ "$(slot "$k" compression)" = "$codec" ]
	# The init alone tells what the rest costs; random filler takes the slot to 85%.
	archive "$work/probe.cpio" probe 0
	"$VT" embed --method builtin -o "$work/probe" "$k" "$work/probe.cpio" 2> "$work/err"
	base=$(used_of "$work/err")
	rm -f "$work/probe"
	archive "$work/new-$name.cpio" "new-$name" $((cap * 85 / 100 - ${base:-0}))
	"$VT" embed -o "$out" "$k" "$work/new-$name.cpio" 2> "$work/err"
	used=$(used_of "$work/err") picked=$(codec_of "$work/err")
	case $name in
	*-ikconfig) check "$name: the smallest codec of all RD_*: $picked" \
		[ -n "$picked" -a "$picked" != gzip ] ;;
	*) check "$name: the slot's own codec: $picked" [ "$picked" = "$codec" ] ;;
	esac
	check "$name: auto picks builtin, 80-90% full ($(head -c 240 "$work/err"))" \
		picked_85 "${used:-0}" "$cap"
	check "$name: same size" [ "$(stat -c %s "$out")" = "$(stat -c %s "$k")" ]
	check "$name: the slot keeps its capacity, compression $(slot "$out" compression)" \
		[ "$(slot "$out" capacity)" = "$cap" -a "$(slot "$out" compression)" = "$picked" ]
	if [ "$efi" = true ]; then
		check "$name: objdump reads the same PE header" same_pe "$k" "$out"
	fi
	boot "$out" - 128 "" "$work/$name.log"
	check "$name: boots the new init under SeaBIOS: $(marker "$work/$name.log")" \
		[ "$(marker "$work/$name.log")" = "TINYTEST: marker=new-$name" ]
	if [ "$efi" = true ]; then
		# shellcheck disable=SC2046
		boot "$out" - 256 "" "$work/$name-efi.log" $(ovmf_args plain)
		check "$name: boots it under OVMF ($(grep -ao 'efi: EFI v[0-9.]*' "$work/$name-efi.log" | head -n1)): $(marker "$work/$name-efi.log")" \
			[ -n "$(grep -a 'efi: EFI v' "$work/$name-efi.log")" -a \
			  "$(marker "$work/$name-efi.log")" = "TINYTEST: marker=new-$name" ]
	fi
	rm -f "$out" "$work/new-$name.cpio"

	# Too large once compressed: refused with the gap, nothing written.
	archive "$work/big.cpio" big $((cap + cap / 10))
	"$VT" embed --method builtin -o "$work/refused" "$k" "$work/big.cpio" 2> "$work/err"
	rc=$?
	check "$name: too large: exit 1 (got $rc), one line with the gap ($(head -c 240 "$work/err"))" \
		refused_with_gap "$rc" "$cap"
	check "$name: too large: no output" [ ! -e "$work/refused" ]
}

# shellcheck disable=SC2086
kernels_tested $VT_BUILDERS
for dir in $VT_BUILDERS; do
	IFS='=' read -r pkg _ < "$dir/.unpacked"
	set -- "$dir"/bzImage-*
	check "fixtures: $(echo "$@" | wc -w) kernels in $dir" [ -e "$1" ]
	for k in "$@"; do fixture "${pkg#linux-source-}" "$k"; done
done
finish
