#!/bin/sh
# bench/extract.sh TOOL VMLINUZ [RUNS]
# Median wall time of `inspect` and `extract --vmlinux` on VMLINUZ, and the
# ratio of extract to `zstd -dc` (or the matching tool) on the same payload.
set -eu
tool=$1 image=$2 runs=${3:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

json=$("$tool" inspect --json "$image")
codec=$(echo "$json" | jq -r .payload_compression)
setup=$(( ($(echo "$json" | jq .setup_sects) + 1) * 512 ))
offset=$(( setup + $(echo "$json" | jq .payload_offset) ))
length=$(( $(echo "$json" | jq .payload_length) - 4 )) # without the size word
tail -c +$((offset + 1)) "$image" | head -c "$length" > "$work/payload"
case $codec in
zstd) decomp="zstd -dc" ;;
lz4) decomp="lz4 -dc" ;;
xz|lzma) decomp="xz -dc" ;;
gzip) decomp="gzip -dc" ;;
*) echo "bench: no reference decompressor for $codec" >&2; exit 1 ;;
esac

hyperfine --style basic --runs "$runs" --warmup 2 --export-json "$work/h.json" \
	-n inspect "$tool inspect $image > /dev/null" \
	-n extract "$tool extract $image --vmlinux $work/vmlinux --force" \
	-n reference "$decomp $work/payload > $work/ref" >&2

median() { jq ".results[] | select(.command == \"$1\") | .median" "$work/h.json"; }
inspect=$(median inspect) extract=$(median extract) ref=$(median reference)
printf '%s (%s payload, %s runs):\n' "$(basename "$image")" "$codec" "$runs"
printf '  inspect           median %7.1f ms\n' "$(echo "$inspect * 1000" | bc -l)"
printf '  extract --vmlinux median %7.1f ms\n' "$(echo "$extract * 1000" | bc -l)"
printf '  %-17s median %7.1f ms\n' "$decomp" "$(echo "$ref * 1000" | bc -l)"
printf '  extract / %s = %.2f\n' "$decomp" "$(echo "$extract / $ref" | bc -l)"
