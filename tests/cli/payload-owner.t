#!/bin/sh
# The ownership half of payload's trust rules (docs/manifest.md), as an
# unprivileged user meets it: the manifest, its sources and their
# directories must be owned by root or by the user running payload. The
# other tests run as root, who owns everything, so here payload runs as uid
# 65534 (setpriv) on files chowned to it, to root and to a third uid.
set -u
. "$(dirname "$0")/../lib.sh"
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root (chown, setpriv)"; exit 0; }
umask 022
me=65534 other=4242
# Under /tmp, not $TMPDIR: every directory above must let uid 65534 through.
work=$(mktemp -d /tmp/vt-owner.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cd "$work" || exit 1
# A copy of the tool: the build tree may be where uid 65534 cannot go.
mkdir bin && cp "$VT" bin/vmlinuz-tool

# vm DIR OWNER: a manifest and two sources in DIR (a key and a config file
# under keys/), everything owned by OWNER.
vm() {
	mkdir -p "$1/keys"
	echo 'ssh-ed25519 AAAAC3Nza admin' > "$1/keys/admin.pub"
	echo 'PermitRootLogin no' > "$1/keys/sshd.conf"
	printf '%s\n' 'file /root/.ssh/authorized_keys keys/admin.pub mode=0600' \
		'file /etc/ssh/sshd_config.d/inject.conf keys/sshd.conf' > "$1/vm.manifest"
	chown -R "$2:$2" "$1"
}
# as_me ARGS...: payload as uid 65534, no supplementary groups.
as_me() { setpriv --reuid=$me --regid=$me --clear-groups bin/vmlinuz-tool payload --no-token "$@"; }
# The archives go to out/, which uid 65534 may write.
mkdir out && chown $me:$me out

vm own $me
as_me -o out/own.cpio own/vm.manifest 2>err; rc=$?
check "own files: accepted (exit $rc, $(head -c 200 err))" [ "$rc" = 0 ]
check "own files: the archive holds both sources" \
	[ "$(cpio -t --quiet < out/own.cpio 2>/dev/null | grep -c '^injector/files/')" = 2 ]
vm byroot 0
as_me -o out/root.cpio byroot/vm.manifest 2>err; rc=$?
check "root's files: accepted (exit $rc, $(head -c 200 err))" [ "$rc" = 0 ]
check "root's files: the same archive as from one's own" cmp -s out/root.cpio out/own.cpio

# refused DESCRIPTION EXPECTED-LINE MANIFEST: as uid 65534, exit 1, exactly
# that line, and no output file.
refused() {
	as_me -o out/refused.cpio "$3" 2>err; rc=$?
	check "$1: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "$1: '$2' ($(head -c 200 err))" [ "$(cat err)" = "$2" ]
	check "$1: no output file" [ ! -e out/refused.cpio ]
	rm -f out/refused.cpio
}
rule="must be owned by root or uid $me"

chown $other own/keys/sshd.conf
refused "a source owned by another user" \
	"vmlinuz-tool: own/vm.manifest:2: keys/sshd.conf: owned by uid $other: sources and their directories $rule" \
	own/vm.manifest
chown $me own/keys/sshd.conf
chown $other own/keys
refused "a source directory owned by another user" \
	"vmlinuz-tool: own/vm.manifest:1: keys: owned by uid $other: sources and their directories $rule" \
	own/vm.manifest
chown $me own/keys
chmod g+w own/keys
refused "a group-writable source directory" \
	"vmlinuz-tool: own/vm.manifest:1: keys: writable by group or others (mode 0775): sources and their directories must be writable by their owner only" \
	own/vm.manifest
chmod g-w own/keys
chown $other own/vm.manifest
refused "a manifest owned by another user" \
	"vmlinuz-tool: own/vm.manifest: owned by uid $other: manifests and their directories $rule" \
	own/vm.manifest
chown $me own/vm.manifest
chown $other own
refused "a manifest directory owned by another user" \
	"vmlinuz-tool: own: owned by uid $other: manifests and their directories $rule" \
	own/vm.manifest
chown $me own
chmod g+w own
refused "a group-writable manifest directory" \
	"vmlinuz-tool: own: writable by group or others (mode 0775): manifests and their directories must be writable by their owner only" \
	own/vm.manifest
chmod g-w own
as_me -o out/again.cpio own/vm.manifest 2>err; rc=$?
check "put back, accepted again (exit $rc)" [ "$rc" = 0 ]
check "put back, the same archive" cmp -s out/again.cpio out/own.cpio
finish
