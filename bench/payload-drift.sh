#!/bin/sh
# bench/payload-drift.sh TOOL KERNEL_CACHE
# For every Debian kernel unpacked under KERNEL_CACHE (linux-*/vmlinuz, by
# mk/debian-kernel.sh, whose .unpacked names the package and version): the
# kernel's own built-in archive put back with `embed --method builtin`,
# which recompresses the unchanged vmlinux with the payload's codec. The new
# payload must not be longer than the original: the spare bytes are the
# margin left for an archive that compresses worse and for the next kernel
# build (goal: at least 1024); negative when it does not fit. The seconds
# are the whole embed: decompress, recompress, check.
set -eu
tool=$1 cache=$2 goal=1024
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

# The number before WORDS in the embed's message, or nothing.
number_before() { sed -n "s/.* \([0-9][0-9]*\) $1.*/\1/p" "$work/err"; }

row() { printf '%-50s %-20s %-5s %10s %12s %6s %7s\n' "$@"; }
row package version codec original recompressed spare seconds
rows=0 met=0
for dir in "$cache"/linux-*/; do
	if [ ! -f "$dir/.unpacked" ] || [ ! -e "$dir/vmlinuz" ]; then continue; fi
	k=$dir/vmlinuz
	json=$("$tool" inspect --json "$k")
	codec=$(echo "$json" | jq -r .payload_compression)
	orig=$(echo "$json" | jq .payload_length)
	unpacked=$(cat "$dir/.unpacked") # NAME=VERSION; older caches: NAME
	pkg=${unpacked%%=*} version=${unpacked#*=}
	if [ "$version" = "$unpacked" ]; then # uname -v: "... Debian 6.12.38-1 (date)"
		version=$(echo "$json" | jq -r .kernel_version |
			sed -n 's/.* Debian \([^ ]*\).*/\1/p')
	fi
	"$tool" extract "$k" --initramfs "$work/own.cpio" --force
	start=$(now)
	"$tool" embed --method builtin -f -o "$work/out" "$k" "$work/own.cpio" 2> "$work/err" || true
	end=$(now)
	spare=$(number_before "bytes of the payload to spare")
	if [ -z "$spare" ]; then # "... is N bytes, M more than the original ..."
		more=$(number_before "more than the original")
		[ -n "$more" ] || { cat "$work/err" >&2; exit 1; }
		spare=$((-more))
	fi
	rows=$((rows + 1))
	[ "$spare" -lt "$goal" ] || met=$((met + 1))
	row "$pkg" "${version:-?}" "$codec" "$orig" $((orig - spare)) "$spare" \
		"$(printf '%.1f' "$(echo "$end - $start" | bc -l)")"
done
printf '%d of %d kernels leave at least %d bytes of the payload to spare\n' "$met" "$rows" "$goal"
