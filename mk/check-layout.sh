#!/bin/sh
# check-layout.sh: the tree's dependency rules (README, "Source layout"),
# checked from the #include lines. Prints each breach; exits 1 if any.
#   lib/F includes only its own folder, common/ and the lib folders below
#     F in LIB_ORDER (image and embed also the stub's ABI header);
#   nothing in lib/ or common/ writes to stdout or stderr (errors go up);
#   vmlinuz-tool/ includes lib/ and common/ only, never injector-init/;
#   injector-init/ includes itself and common/ only, never lib/;
#   stub/ is freestanding: itself and common/bootparam.h;
#   no file name twice in the source tree (but main.c: each program has one).
set -u
cd "$(dirname "$0")/.."
# Each folder may use those before it.
LIB_ORDER="util codec cpio image embed initramfs update status"
bad=0
breach() { echo "check-layout: $*"; bad=1; }

# includes FILE: the quoted includes of FILE, one per line.
includes() { sed -n 's/^#[ \t]*include "\([^"]*\)".*/\1/p' "$1"; }

# below F: the lib folders F may include.
below() {
	for d in $LIB_ORDER; do [ "$d" = "$1" ] && return; echo "$d"; done
}

check_lib() {
	for dir in lib/*/; do
		f=$(basename "$dir")
		allowed=$(below "$f" | tr '\n' ' ')
		case $f in image | embed) allowed="$allowed stub" ;; esac
		for file in "$dir"*.[ch]; do
			includes "$file" | while read -r inc; do
				case $inc in
				*/*) top=${inc%%/*}
					echo " $allowed " | grep -q " $top " ||
						echo "$file includes $inc: lib/$f may use only common/ and: $allowed" ;;
				*) [ -e "$dir$inc" ] || [ -e "common/$inc" ] ||
						echo "$file includes $inc: neither in lib/$f nor in common/" ;;
				esac
			done
		done
	done
}

# Comments aside: lines whose code starts with "/*" or "*" are skipped.
check_quiet() {
	grep -nE '(^|[^a-z_])(printf|puts|putchar|perror)\(|std(out|err)' lib/*/*.c common/*.c |
		grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/?\*)' |
		sed 's/^/lib and common never print (errors go up): /'
}

check_tool() {
	for file in vmlinuz-tool/*.[ch]; do
		includes "$file" | while read -r inc; do
			case $inc in
			*/*) [ -e "lib/$inc" ] || echo "$file includes $inc: not a lib/ header" ;;
			*) [ -e "vmlinuz-tool/$inc" ] || [ -e "common/$inc" ] ||
					echo "$file includes $inc: neither in vmlinuz-tool/ nor in common/" ;;
			esac
		done
	done
}

check_init() {
	find injector-init -name '*.[ch]' | while read -r file; do
		includes "$file" | while read -r inc; do
			[ -e "$(dirname "$file")/$inc" ] || [ -e "injector-init/$inc" ] ||
				[ -e "common/$inc" ] ||
				echo "$file includes $inc: injector-init uses only itself and common/"
		done
	done
}

check_stub() {
	for file in stub/*.[chS]; do
		includes "$file" | while read -r inc; do
			[ -e "stub/$inc" ] || [ "$inc" = bootparam.h ] ||
				echo "$file includes $inc: the stub is freestanding (stub/ and common/bootparam.h)"
		done
	done
}

check_names() {
	find common lib vmlinuz-tool injector-init stub tests -name '*.[ch]' |
		sed 's|.*/||' | sort | uniq -d | grep -vx main.c | sed 's/^/file name used twice: /'
}

out=$(check_lib; check_quiet; check_tool; check_init; check_stub; check_names)
[ -z "$out" ] || breach "$out"
[ "$bad" = 0 ] && echo "check-layout: ok"
exit "$bad"
