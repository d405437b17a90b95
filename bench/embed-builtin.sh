#!/bin/sh
# bench/embed-builtin.sh TOOL TINYDIR [RUNS]
# Median wall time of `embed --method builtin` on each tiny fixture kernel
# (TINYDIR/bzImage-CODEC, tests/fixtures/make-tinykernel.sh), as a ratio to
# compressing the same vmlinux with the codec's CLI the way the kernel build
# does (scripts/Makefile.lib): builtin decompresses, recompresses at the
# codec's strongest settings and decompresses again to check. Also the
# payload bytes left to spare with a 1 MiB archive.
set -eu
tool=$1 tiny=$2 runs=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cc -static -O2 -DMARKER='"bench"' -o "$work/init" "$(dirname "$0")/../tests/fixtures/tiny-init.c"
head -c $((1 << 20)) /dev/urandom | base64 > "$work/filler"
printf 'dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\nfile /init %s 0755 0 0\nfile /filler %s 0644 0 0\n' \
	"$work/init" "$work/filler" > "$work/list"
"$tiny/gen_init_cpio" "$work/list" > "$work/archive.cpio"

reference() {
	case $1 in
	gzip) echo "gzip -n -9" ;;
	bzip2) echo "bzip2 -9" ;;
	lzma) echo "lzma -9" ;;
	xz) echo "xz --check=crc32 --x86 --lzma2=dict=32MiB" ;;
	lzo) echo "lzop -9" ;;
	lz4) echo "lz4 -l -9" ;;
	zstd) echo "zstd -q -22 --ultra" ;;
	esac
}

median() { jq ".results[] | select(.command == \"$1\") | .median" "$work/h.json"; }
printf '%-6s %12s %12s %7s %14s\n' codec "builtin ms" "CLI ms" ratio "spare bytes"
for c in gzip bzip2 lzma xz lzo lz4 zstd; do
	k=$tiny/bzImage-$c
	"$tool" extract "$k" --vmlinux "$work/vmlinux" --force
	"$tool" embed --method builtin -f -o "$work/out" "$k" "$work/archive.cpio" 2> "$work/err"
	spare=$(sed -n 's/.* \([0-9]*\) bytes of the payload to spare/\1/p' "$work/err")
	hyperfine --style none --runs "$runs" --export-json "$work/h.json" \
		-n builtin "$tool embed --method builtin -f -o $work/out $k $work/archive.cpio 2>/dev/null" \
		-n cli "$(reference "$c") < $work/vmlinux > $work/ref" >/dev/null
	b=$(median builtin) r=$(median cli)
	printf '%-6s %12.0f %12.0f %7.2f %14s\n' "$c" "$(echo "$b * 1000" | bc -l)" \
		"$(echo "$r * 1000" | bc -l)" "$(echo "$b / $r" | bc -l)" "$spare"
done
