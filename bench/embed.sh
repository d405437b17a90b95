#!/bin/sh
# bench/embed.sh TOOL VMLINUZ [RUNS]
# Median wall time of `embed` with a 32 MiB archive, as a ratio to `cp` of a
# file the size of the output (goal <= 2), and the output's size overhead over
# stock + archive (goal <= 8 KiB). embed fsyncs its output, so cp followed by
# sync of the copy is measured too. The default (--method auto) decompresses
# the payload to look at the built-in slot before it takes the stub:
# `--method stub` is measured as well.
set -eu
tool=$1 image=$2 runs=${3:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/root"
head -c $((32 << 20)) /dev/urandom > "$work/root/data"
(cd "$work/root" && echo data | cpio -o -H newc --quiet) > "$work/archive.cpio"
"$tool" embed -o "$work/out" "$image" "$work/archive.cpio" 2>/dev/null
head -c "$(stat -c %s "$work/out")" /dev/urandom > "$work/same-size"

hyperfine --style basic --runs "$runs" --warmup 2 --export-json "$work/h.json" \
	-n embed "$tool embed --force -o $work/out $image $work/archive.cpio 2>/dev/null" \
	-n stub "$tool embed --method stub --force -o $work/out $image $work/archive.cpio 2>/dev/null" \
	-n cp "cp $work/same-size $work/copy" \
	-n cp+sync "cp $work/same-size $work/copy && sync $work/copy" >&2

median() { jq ".results[] | select(.command == \"$1\") | .median" "$work/h.json"; }
embed=$(median embed) stub=$(median stub) cp=$(median cp) cpsync=$(median cp+sync)
out=$(stat -c %s "$work/out") stock=$(stat -L -c %s "$image") archive=$(stat -c %s "$work/archive.cpio")
printf '%s + %s-byte archive (%s runs):\n' "$(basename "$image")" "$archive" "$runs"
printf '  embed  median %7.1f ms (--method auto)\n' "$(echo "$embed * 1000" | bc -l)"
printf '  embed --method stub median %7.1f ms\n' "$(echo "$stub * 1000" | bc -l)"
printf '  cp     median %7.1f ms (a %s-byte file)\n' "$(echo "$cp * 1000" | bc -l)" "$out"
printf '  cp+sync median %6.1f ms (embed fsyncs its output before renaming it)\n' \
	"$(echo "$cpsync * 1000" | bc -l)"
printf '  embed / cp = %.2f, embed / (cp+sync) = %.2f\n' "$(echo "$embed / $cp" | bc -l)" \
	"$(echo "$embed / $cpsync" | bc -l)"
printf '  size overhead over stock + archive: %d bytes\n' $((out - stock - archive))
