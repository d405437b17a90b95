#!/bin/sh
# `vmlinuz-tool payload` as an administrator meets it: what the archive holds,
# that it is the same bytes every time, compression, and every refusal: one
# line "vmlinuz-tool: MANIFEST:LINE: problem", exit 1 (2 for usage), no file.
set -u
. "$(dirname "$0")/../lib.sh"
umask 022 # the trust rules below refuse group-writable files: start from none
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

mkdir -p vm/keys
echo 'ssh-ed25519 AAAAC3Nza admin' > vm/keys/admin.pub
printf 'PermitRootLogin no\n' > "vm/sshd config"
cat > vm/vm.manifest <<'M'
# alice's VM
file /root/.ssh/authorized_keys keys/admin.pub mode=0600
file "/etc/ssh/sshd_config.d/inject.conf" "sshd config" mtime=1700000000
dir /root/.ssh mode=0700
delete /etc/ssh/ssh_host_rsa_key
symlink /etc/localtime /usr/share/zoneinfo/UTC
line /etc/hosts "10.0.0.1 gateway"
kernel /boot/vmlinuz
initrd none
append "console=ttyS0"
M

# one_error DESCRIPTION EXPECTED-LINE COMMAND...: exit 1, exactly EXPECTED-LINE
# on stderr, and nothing added or changed in the directory.
one_error() {
	desc=$1 want=$2; shift 2
	before=$(find . -type f -exec md5sum {} + | sort)
	"$@" >/dev/null 2>err; rc=$?
	check "$desc: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "$desc: '$want' ($(head -c 200 err))" [ "$(cat err)" = "$want" ]
	rm -f err
	check "$desc: nothing written, nothing changed" \
		[ "$(find . -type f -exec md5sum {} + | sort)" = "$before" ]
}

"$VT" payload --no-token vm/vm.manifest
check "default output: the manifest's name with .cpio" [ -s vm/vm.cpio ]
check "the archive holds secrets: mode 600 (got $(stat -c %a vm/vm.cpio))" \
	[ "$(stat -c %a vm/vm.cpio)" = 600 ]
cpio -t --quiet < vm/vm.cpio > list
check "members: directories, one file a file entry, then the manifest" [ "$(cat list)" = \
	"$(printf 'injector\ninjector/files\ninjector/files/00001\ninjector/files/00002\ninjector/manifest')" ]
cpio -tv --quiet < vm/vm.cpio > long
check "every member is 0:0 with the fixed mtime (1970)" \
	[ "$(awk '$3 != "root" || $4 != "root" || $8 != "1970"' long)" = "" ]
mkdir x && (cd x && cpio -id --quiet < ../vm/vm.cpio)
check "file contents are copied byte for byte" cmp -s x/injector/files/00001 vm/keys/admin.pub
check "the sshd config too" cmp -s x/injector/files/00002 "vm/sshd config"
cat > want <<'M'
file /root/.ssh/authorized_keys /injector/files/00001 mode=0600
file /etc/ssh/sshd_config.d/inject.conf /injector/files/00002 mode=0644 mtime=1700000000
dir /root/.ssh mode=0700
delete /etc/ssh/ssh_host_rsa_key
symlink /etc/localtime /usr/share/zoneinfo/UTC
line /etc/hosts "10.0.0.1 gateway"
kernel /boot/vmlinuz
initrd none
append "console=ttyS0"
M
check "the stored manifest is the canonical form" cmp -s x/injector/manifest want

"$VT" payload --no-token -o again.cpio vm/vm.manifest
check "built twice: the same bytes" cmp -s again.cpio vm/vm.cpio
cp -r vm elsewhere && touch elsewhere/keys/admin.pub && (cd elsewhere && "$VT" payload --no-token -o ../moved.cpio vm.manifest)
check "from another directory, sources newer: the same bytes" cmp -s moved.cpio vm/vm.cpio
SOURCE_DATE_EPOCH=1234567890 "$VT" payload -o sde.cpio vm/vm.manifest
check "SOURCE_DATE_EPOCH sets the members' mtime" \
	[ "$(cpio -tv --quiet < sde.cpio | awk '$8 != "2009"')" = "" ]
for c in gzip zstd; do
	"$VT" payload --no-token --compress "$c" -o "c1.$c" vm/vm.manifest
	sleep 1
	"$VT" payload --no-token --compress "$c" -o "c2.$c" vm/vm.manifest
	check "--compress $c: deterministic" cmp -s "c1.$c" "c2.$c"
done
check "--compress gzip holds the same archive" sh -c 'zcat c1.gzip | cmp -s - vm/vm.cpio'
check "--compress zstd holds the same archive" sh -c 'zstd -qdc c1.zstd | cmp -s - vm/vm.cpio'
printf '# nothing to do\n' > empty.manifest
"$VT" payload empty.manifest
check "an empty manifest gives the directories, an empty manifest and the token" \
	[ "$(cpio -t --quiet < empty.cpio | tr '\n' ' ')" = "injector injector/files injector/manifest injector/token " ]

# The per-boot token: in the archive, last, and beside it as OUT.token, root's alone.
mkdir tok && (cd tok && cpio -id --quiet < ../empty.cpio)
check "OUT.token is mode 600 (got $(stat -c %a empty.cpio.token))" \
	[ "$(stat -c %a empty.cpio.token)" = 600 ]
check "the token is 32 lowercase hex digits ($(cat empty.cpio.token))" \
	grep -qx '[0-9a-f]\{32\}' empty.cpio.token
check "the archive's token is OUT.token" cmp -s tok/injector/token empty.cpio.token
check "the token member is 0600" [ "$(stat -c %a tok/injector/token)" = 600 ]
cp empty.cpio.token first.token
"$VT" payload --force empty.manifest
check "every build a fresh token" [ "$(cat first.token)" != "$(cat empty.cpio.token)" ]
"$VT" payload --no-token -o nt.cpio empty.manifest
check "--no-token: no token member, no OUT.token" \
	[ "$(cpio -t --quiet < nt.cpio | tr '\n' ' ')" = "injector injector/files injector/manifest " -a ! -e nt.cpio.token ]

one_error "existing output" "vmlinuz-tool: vm/vm.cpio: already exists (use --force to overwrite)" \
	"$VT" payload vm/vm.manifest
echo changed >> "vm/sshd config"
"$VT" payload --no-token --force vm/vm.manifest
check "--force replaces it" [ "$(cmp vm/vm.cpio again.cpio 2>&1)" != "" ]
touch open.cpio && chmod 644 open.cpio
"$VT" payload --force -o open.cpio vm/vm.manifest
check "--force over a 0644 file leaves it 600 (got $(stat -c %a open.cpio))" \
	[ "$(stat -c %a open.cpio)" = 600 ]

bad() { # bad NAME MANIFEST-TEXT EXPECTED-MESSAGE
	printf '%s\n' "$2" > "vm/$1.manifest"
	one_error "$1" "vmlinuz-tool: vm/$1.manifest:$3" "$VT" payload "vm/$1.manifest"
}
bad relative 'file etc/x keys/admin.pub' "1: GUEST_PATH 'etc/x' is not absolute"
bad dotdot 'dir /ok
delete /etc/../shadow' "2: GUEST_PATH '/etc/../shadow' contains a '..' component"
bad unknown 'copy /a b' "1: unknown operation 'copy'"
bad quote 'line /etc/hosts "x' "1: unterminated quoted string"
bad mode 'dir /a mode=999' "1: bad mode '999' (octal, at most 07777)"
bad twice 'file /a keys/admin.pub
file /a keys/admin.pub' "2: '/a' is created twice (also on line 1)"
bad missing 'dir /d
file /a keys/nope' "2: keys/nope: cannot open: No such file or directory"
bad isdir 'file /a keys' "1: keys: not a regular file (a directory): sources must be regular files"

# Trust (docs/manifest.md): sources stay under the manifest's directory, are
# regular files reached through no symlink, and nothing on the way is
# writable by group or others. The tests run as root, which owns everything
# here: the ownership rule passes, the type and writable-bit rules are tested.
mkfifo vm/keys/fifo
printf 'file /a keys/fifo\n' > vm/fifo.manifest
before=$(find . -type f -exec md5sum {} + | sort)
timeout 10 "$VT" payload vm/fifo.manifest >/dev/null 2>err; rc=$?
check "FIFO source: exit 1, no hang (got $rc)" [ "$rc" = 1 ]
check "FIFO source: named, with the rule ($(cat err))" [ "$(cat err)" = \
	"vmlinuz-tool: vm/fifo.manifest:1: keys/fifo: not a regular file (a FIFO): sources must be regular files" ]
rm -f err
check "FIFO source: nothing written" [ "$(find . -type f -exec md5sum {} + | sort)" = "$before" ]
rm -f vm/keys/fifo vm/fifo.manifest
ln -s /etc/passwd vm/keys/link.pub
bad symlink 'file /a keys/link.pub' \
	"1: keys/link.pub: a symlink: sources and their directories may not be symlinks"
rm vm/keys/link.pub
ln -s keys vm/keylink
bad symlinkdir 'file /a keylink/admin.pub' \
	"1: keylink: a symlink: sources and their directories may not be symlinks"
rm vm/keylink
bad absolute 'file /a /etc/passwd' \
	"1: SOURCE_PATH '/etc/passwd' is absolute: sources must be relative to the manifest's directory"
bad sourcedotdot 'file /a keys/../../vm.manifest' \
	"1: SOURCE_PATH 'keys/../../vm.manifest' contains a '..' component"
chmod g+w vm/keys/admin.pub
bad groupwritable 'file /a keys/admin.pub' \
	"1: keys/admin.pub: writable by group or others (mode 0664): sources and their directories must be writable by their owner only"
chmod g-w vm/keys/admin.pub
chmod o+w vm/keys
bad dirwritable 'file /a keys/admin.pub' \
	"1: keys: writable by group or others (mode 0757): sources and their directories must be writable by their owner only"
chmod o-w vm/keys
chmod g+w vm
one_error "group-writable manifest directory" \
	"vmlinuz-tool: vm: writable by group or others (mode 0775): manifests and their directories must be writable by their owner only" \
	"$VT" payload --no-token --force vm/vm.manifest
chmod g-w vm
chmod g+w vm/vm.manifest
one_error "group-writable manifest" \
	"vmlinuz-tool: vm/vm.manifest: writable by group or others (mode 0664): manifests and their directories must be writable by their owner only" \
	"$VT" payload --no-token --force vm/vm.manifest
chmod g-w vm/vm.manifest
mkfifo vm/fifo.manifest
before=$(find . -type f -exec md5sum {} + | sort)
timeout 10 "$VT" payload vm/fifo.manifest >/dev/null 2>err; rc=$?
check "FIFO manifest: exit 1, no hang (got $rc)" [ "$rc" = 1 ]
check "FIFO manifest: named ($(cat err))" [ "$(cat err)" = \
	"vmlinuz-tool: vm/fifo.manifest: not a regular file (a FIFO): manifests must be regular files" ]
rm -f err vm/fifo.manifest
"$VT" payload --no-token --force -o trusted.cpio vm/vm.manifest
check "after all that, the trusted manifest still builds the same bytes" cmp -s trusted.cpio vm/vm.cpio
printf 'dir /a\r\n' > vm/crlf.manifest
one_error "DOS line endings" \
	"vmlinuz-tool: vm/crlf.manifest:1: carriage return (DOS line ending?)" \
	"$VT" payload vm/crlf.manifest
printf 'dir /a\000\n' > vm/nul.manifest
one_error "NUL byte" "vmlinuz-tool: vm/nul.manifest:1: NUL byte" "$VT" payload vm/nul.manifest
one_error "output over the manifest" \
	"vmlinuz-tool: vm/vm.manifest: is an input file; refusing to overwrite it" \
	"$VT" payload --force -o vm/vm.manifest vm/vm.manifest
one_error "output over a source" \
	"vmlinuz-tool: vm/vm.manifest:2: keys/admin.pub: is the output file; refusing to overwrite it" \
	"$VT" payload --force -o vm/keys/admin.pub vm/vm.manifest
one_error "missing manifest" "vmlinuz-tool: nope.manifest: cannot open: No such file or directory" \
	"$VT" payload nope.manifest
SOURCE_DATE_EPOCH=yesterday one_error "bad SOURCE_DATE_EPOCH" \
	"vmlinuz-tool: SOURCE_DATE_EPOCH: 'yesterday' is not a number of seconds from 0 to 4294967295" \
	"$VT" payload -o sde2.cpio vm/vm.manifest

mkdir batch && cp vm/vm.manifest batch/a.manifest && cp -r vm/keys "vm/sshd config" batch/
printf 'copy /a b\n' > batch/b.manifest
cp batch/a.manifest batch/c.manifest
"$VT" payload --no-token batch/a.manifest batch/b.manifest batch/c.manifest 2>err; rc=$?
check "batch with one bad manifest: exit 1 (got $rc)" [ "$rc" = 1 ]
check "batch: the bad one is named" \
	[ "$(cat err)" = "vmlinuz-tool: batch/b.manifest:1: unknown operation 'copy'" ]
check "batch: the good ones are built, the bad one is not" \
	[ -s batch/a.cpio -a -s batch/c.cpio -a ! -e batch/b.cpio ]
check "batch: the same bytes as one at a time" cmp -s batch/a.cpio vm/vm.cpio

usage() { # usage DESCRIPTION ARGS...: exit 2, no file
	desc=$1; shift
	before=$(ls -A | sort)
	rc=0
	"$VT" payload "$@" >/dev/null 2>&1 || rc=$?
	check "$desc: usage error, exit 2 (got $rc)" [ "$rc" = 2 -a "$(ls -A | sort)" = "$before" ]
}
usage "no manifest"
usage "-o with two manifests" -o x.cpio vm/vm.manifest empty.manifest
usage "unknown compression" --compress lz4 vm/vm.manifest
usage "unknown option" --frobnicate vm/vm.manifest
"$VT" payload --help > help
check "--help exits 0 and shows the usage" grep -q "payload \[-o OUT\]" help
finish
