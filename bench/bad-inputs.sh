#!/bin/sh
# bad-inputs.sh BIN KERNELS FIXTURES INIT: the README's table of bad inputs,
# made by running them. Each row is one input the host tool (BIN) or
# injector-init (INIT, run by hand as `--plan`, the kernel choice and the
# command line it applies in the VM) is given, and the one line it printed
# on stderr, word for word, with its exit status. A row whose command wrote
# more than one line, or exited 0, says so in its last column.
# Usage: make bad-inputs (prints Markdown on stdout).
set -u
VT=$1 VT_KERNELS=$2 VT_FIXTURES=$3 INIT=$4
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/tests/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
n=0

# row WHERE INPUT COMMAND...: one table row for COMMAND run in $work.
row() {
	where=$1 input=$2
	shift 2
	"$@" >/dev/null 2>err
	rc=$?
	note=
	[ "$(wc -l < err)" = 1 ] || note=" ($(wc -l < err) lines)"
	[ "$rc" != 0 ] || note="$note (exit 0!)"
	n=$((n + 1))
	printf '| %d | %s | %s | `%s` | %s%s |\n' "$n" "$where" "$input" \
		"$(head -n1 err | sed "s|$here/|./|g; s|$VT_FIXTURES/||g"'; s/|/\\|/g; s/`/'"'"'/g')" \
		"$rc" "$note"
}

echo "| # | where | bad input | the one line on stderr | exit |"
echo "|---|---|---|---|---|"

# ---- payload: manifests (common/manifest.c) and trust (lib/util/trust.c) ----
mkdir -p vm/keys && chmod 755 vm vm/keys
echo "ssh-ed25519 AAAA admin" > vm/keys/admin.pub
man() { # man NAME TEXT: payload of vm/NAME.manifest holding TEXT
	printf '%s\n' "$2" > "vm/$1.manifest"
	row payload "$3" "$VT" payload -o out.cpio "vm/$1.manifest"
}
man rel 'file etc/x keys/admin.pub' "relative guest path"
man dotdot 'delete /etc/../shadow' "'..' in a guest path"
man dot 'delete /etc/./x' "'.' in a guest path"
man slash2 'delete /a//b' "'//' in a guest path"
man trail 'delete /a/' "trailing '/'"
man root 'delete /' "the root directory"
man op 'copy /a b' "unknown operation"
man quote 'line /etc/hosts "x' "unterminated quote"
man esc 'line /a "a\nb"' "unknown escape"
man mode 'dir /a mode=999' "mode not octal"
man owner 'dir /a owner=root' "owner not UID:GID"
man mtime 'file /a keys/admin.pub mtime=-1' "negative mtime"
man opt 'dir /a mtime=5' "option the operation lacks"
man strict 'dir /a strict=1' "strict with a value"
man twice 'dir /a mode=0700 mode=0755' "option given twice"
man args 'file /a' "missing SOURCE_PATH"
man extra 'kernel /a /b' "extra field"
man kernels 'kernel /a
kernel /b' "two kernel entries"
man created 'file /a keys/admin.pub
dir /a' "one path created twice"
man net 'rescue-net 10.0.2.15/33 none' "IPv4 prefix over 32"
man gw 'rescue-net 10.0.2.15/24 gw' "gateway not an address"
printf 'dir /a\r\n' > vm/crlf.manifest
row payload "DOS line ending" "$VT" payload -o out.cpio vm/crlf.manifest
printf 'dir /a\001\n' > vm/ctl.manifest
row payload "control character" "$VT" payload -o out.cpio vm/ctl.manifest
head -c 5000 /dev/zero | tr '\0' x | sed 's/^/# /' > vm/long.manifest
row payload "line over 4096 bytes" "$VT" payload -o out.cpio vm/long.manifest
man abs 'file /a /etc/shadow' "absolute SOURCE_PATH"
man up 'file /a ../admin.pub' "SOURCE_PATH with '..'"
man nosrc 'file /a keys/nope' "missing source"
man srcdir 'file /a keys' "directory as source"
mkfifo vm/keys/fifo
man fifo 'file /a keys/fifo' "FIFO as source (no hang)"
ln -s /etc/passwd vm/keys/link.pub
man link 'file /a keys/link.pub' "symlink as source"
mkdir -m 775 vm/open && cp vm/keys/admin.pub vm/open/ && chmod 775 vm/open
man gwrite 'file /a open/admin.pub' "group-writable source directory"
printf 'dir /a\n' > vm/ok.manifest
row payload "existing output without --force" sh -c "\"$VT\" payload -o o1.cpio vm/ok.manifest && \"$VT\" payload -o o1.cpio vm/ok.manifest"
row payload "missing manifest" "$VT" payload -o out.cpio vm/none.manifest

# ---- inspect, extract: images (lib/image) ---------------------------------
k612=$(kernel 6.12) fixture=$VT_FIXTURES/zstd.bzImage
: > empty
row inspect "empty file" "$VT" inspect empty
head -c 100 "$k612" > cut100
row inspect "bzImage cut to 100 bytes" "$VT" inspect cut100
head -c 1000 "$k612" > cut1000
row inspect "cut inside the setup code" "$VT" inspect cut1000
row inspect "an ELF vmlinux" "$VT" inspect "$VT_FIXTURES/payload.elf"
head -c 65536 /dev/urandom > random
row inspect "random bytes" "$VT" inspect random
cp "$fixture" v201 && poke v201 0x206 2 0x0201
row inspect "boot protocol 2.01" "$VT" inspect v201
"$VT" inspect --json "$fixture" > f.json
at=$(( ($(jq .setup_sects f.json) + 1) * 512 + $(jq .payload_offset f.json) ))
len=$(jq .payload_length f.json) init=$(jq .init_size f.json)
cp "$fixture" magic && poke magic "$at" 4 0x44434241
row inspect "unknown payload magic" "$VT" inspect magic
cp "$fixture" outside && poke outside 0x248 4 0x7fffffff
row inspect "payload_offset outside the file" "$VT" inspect outside
cp "$fixture" bomb && poke bomb $((at + len - 4)) 4 $((init + 1))
row extract "decompressed size above init_size" "$VT" extract bomb --vmlinux out.elf
row extract "no built-in initramfs" "$VT" extract "$fixture" --initramfs out.cpio
row extract "output in a missing directory" "$VT" extract "$fixture" --vmlinux nodir/x

# ---- embed: archives (lib/cpio) -------------------------------------------
mkdir -p root/etc && echo hi > root/etc/motd && mkcpio root a.cpio
lz4 -q a.cpio a.lz4frame
(cd root && echo etc | cpio -o -H odc --quiet) > a.odc
{ printf '070701'; for _ in $(seq 11); do printf '00000000'; done; printf 'FFFFFFFF00000000x'; } > forged.cpio
row embed "lz4 frame archive" "$VT" embed -o x "$k612" a.lz4frame
row embed "odc cpio archive" "$VT" embed -o x "$k612" a.odc
row embed "random bytes as archive" "$VT" embed -o x "$k612" random
row embed "newc name size of 4 GiB" "$VT" embed -o x "$k612" forged.cpio
row embed "random bytes as kernel" "$VT" embed -o x random a.cpio
row embed "output is the archive" "$VT" embed --force -o a.cpio "$k612" a.cpio
row mkinitramfs "unknown profile" "$VT" mkinitramfs --profile nosuch -o i.cpio
row payload "unknown --compress" "$VT" payload --compress lzma -o out.cpio vm/ok.manifest

# ---- injector-init: the injector's command line, the guest's boot files ----
mkdir -p guest/etc guest/boot/grub
printf 'ID=debian\n' > guest/etc/os-release
plan() { row injector-init "$1" "$INIT" --plan --profiles "$here/distro-profiles" guest "$2"; }
plan "injector.fail=halt" "injector.fail=halt"
plan "injector.rootwait=abc" "injector.rootwait=abc"
plan "injector.strict=2" "injector.strict=2"
plan "injector.shelltimeout over a day" "injector.shelltimeout=99999"
plan "unknown injector.* option" "injector.nosuch=1"
plan "injector.root without a value" "injector.root"
plan "guest without a kernel" ""
cp "$here/tests/data/bootcfg/fanout-grub.cfg" guest/boot/grub/grub.cfg
: > guest/boot/vmlinuz-6.1.0-18-amd64
plan "grub.cfg sourcing itself 64 times a level" ""
