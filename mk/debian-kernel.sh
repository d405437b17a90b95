#!/bin/sh
# debian-kernel.sh SERIES FLAVOUR CACHEDIR
#   SERIES   6.1 or 6.12      FLAVOUR  cloud-amd64, amd64 or rt-amd64
# Downloads the newest Debian linux-image-SERIES*-FLAVOUR-unsigned package that
# apt offers (the point release is chosen at run time: old ones leave the
# archive), unpacks it under CACHEDIR and prints the unpacked root; its
# .unpacked says which package and version it holds ("NAME=VERSION"). A
# package already unpacked there is reused without asking apt anything.
set -eu
series=$1 flavour=$2 cache=$3

case $series in
6.1) pattern="^linux-image-6\.1\.0-[0-9]+-$flavour-unsigned\$" ;;
6.12) pattern="^linux-image-6\.12\.[0-9]+\+deb12-$flavour-unsigned\$" ;;
*) echo "debian-kernel: unknown series '$series'" >&2; exit 2 ;;
esac

root="$cache/linux-$series-$flavour"
if [ -f "$root/.unpacked" ]; then
	echo "$root"
	exit 0
fi

pick() { apt-cache search --names-only "$pattern" | cut -d' ' -f1 | sort -V | tail -n1; }
pkg=$(pick)
if [ -z "$pkg" ]; then
	apt-get update -qq >&2
	pkg=$(pick)
fi
[ -n "$pkg" ] || { echo "debian-kernel: apt offers no package matching $pattern" >&2; exit 1; }

mkdir -p "$cache/debs"
(cd "$cache/debs" && apt-get download -qq -o APT::Sandbox::User=root "$pkg" >&2)
deb=$(ls -t "$cache/debs/${pkg}"_*.deb | head -n1)
rm -rf "$root.tmp"
dpkg-deb -x "$deb" "$root.tmp"
vmlinuz=$(ls "$root.tmp"/boot/vmlinuz-* | head -n1)
ln -s "${vmlinuz#"$root.tmp"/}" "$root.tmp/vmlinuz"
echo "$pkg=$(dpkg-deb -f "$deb" Version)" > "$root.tmp/.unpacked"
rm -rf "$root"
mv "$root.tmp" "$root"
echo "$root"
