#!/bin/sh
# mk/deb.sh BUILD VERSION: the Debian package, built by dpkg-buildpackage in
# a copy of the tree under BUILD/deb-src (so the checkout and its build/ stay
# as they were), left as BUILD/deb/vmlinuz-tool_VERSION_amd64.deb, with
# lintian's report beside it (BUILD/deb/lintian.txt; an error fails).
set -eu
build=$(mkdir -p "$1" && cd "$1" && pwd)
version=$2
top=$(cd "$(dirname "$0")/.." && pwd)
src=$build/deb-src/vmlinuz-tool-$version
rm -rf "$build/deb-src" && mkdir -p "$src" "$build/deb"
# Everything but build outputs and git's own files.
(cd "$top" && tar --exclude=./build --exclude=./.git -cf - .) | (cd "$src" && tar -xf -)
(cd "$src" && dpkg-buildpackage -us -uc -b) > "$build/deb/build.log" 2>&1 ||
	{ tail -n 30 "$build/deb/build.log"; exit 1; }
deb=vmlinuz-tool_${version}_amd64.deb
mv "$build/deb-src/$deb" "$build/deb/$deb"
rm -rf "$build/deb-src"
lintian --tag-display-limit 0 "$build/deb/$deb" > "$build/deb/lintian.txt" 2>&1 || true
cat "$build/deb/lintian.txt"
# `! grep` would not stop set -e: say it and fail.
if grep -q '^E: ' "$build/deb/lintian.txt"; then
	echo "deb: $build/deb/$deb: lintian reports errors (above)" >&2
	exit 1
fi
echo "$build/deb/$deb"
