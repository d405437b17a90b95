#!/bin/sh
# bench/mkinitramfs.sh TOOL KERNEL-ROOT [RUNS]
# Median wall time of `mkinitramfs --with-rescue` for the kernel unpacked
# at KERNEL-ROOT, as a ratio to Debian's own mkinitramfs (initramfs-tools)
# building for the same modules (goal: >= 10x faster). initramfs-tools reads
# /lib/modules/VERSION with its modules.dep and /boot/config-VERSION: a
# depmod'ed copy of the tree and the config are linked there for the run
# and removed after.
set -eu
tool=$1 root=$2 runs=${3:-5}
version=$(ls "$root/lib/modules")
work=$(mktemp -d)
link=/lib/modules/$version config=/boot/config-$version
for f in "$link" "$config"; do
	[ ! -e "$f" ] || { echo "bench: $f exists; not touching it" >&2; exit 1; }
done
made_dir=
[ -d /lib/modules ] || { mkdir /lib/modules; made_dir=1; }
mkdir -p /boot
trap 'rm -f "$link" "$config"; [ -z "$made_dir" ] || rmdir /lib/modules; rm -rf "$work"' EXIT

mkdir -p "$work/tree/lib/modules"
cp -a "$root/lib/modules/$version" "$work/tree/lib/modules/"
depmod -b "$work/tree" "$version"
ln -s "$work/tree/lib/modules/$version" "$link"
ln -s "$(realpath "$root/boot/config-$version")" "$config"
cp -a /etc/initramfs-tools "$work/conf"

hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$work/h.json" \
	-n vmlinuz-tool "$tool mkinitramfs --force --profile debian --moddir $root --with-rescue --init /bin/true -o $work/ours.cpio" \
	-n initramfs-tools "mkinitramfs -d $work/conf -o $work/debian.img $version 2>/dev/null" >&2

median() { jq ".results[] | select(.command == \"$1\") | .median" "$work/h.json"; }
ours=$(median vmlinuz-tool) theirs=$(median initramfs-tools)
printf '%s, %s runs:\n' "$version" "$runs"
printf '  vmlinuz-tool mkinitramfs  median %8.1f ms  (%s bytes)\n' \
	"$(echo "$ours * 1000" | bc -l)" "$(stat -c %s "$work/ours.cpio")"
printf '  initramfs-tools           median %8.1f ms  (%s bytes)\n' \
	"$(echo "$theirs * 1000" | bc -l)" "$(stat -c %s "$work/debian.img")"
printf '  speed-up: %.1fx (goal >= 10x)\n' "$(echo "$theirs / $ours" | bc -l)"
