#!/bin/sh
# hooks/libvirt-qemu without libvirt: the script as `make install` writes it,
# run the way libvirt runs it (NAME prepare begin -, the domain XML on stdin).
# It writes only STATE/vms/NAME.cpio: every other <initrd> (a host's /boot
# initrd, another domain's archive, a relative or empty path) and a newline in
# manifest= refuse the start with one line and touch nothing; a domain that
# did not opt in is left alone. (tests/qemu/libvirt-hook.t: under a real libvirtd.)
set -u
. "$(dirname "$0")/../lib.sh"
umask 022
work=$(mktemp -d "${TMPDIR:-/tmp}/vt-hook.XXXXXX")
trap 'rm -rf "$work"' EXIT
# HOOK=FILE runs another hook script (e.g. the previous version) instead.
hook=$work/hook
if [ -n "${HOOK:-}" ]; then
	sed -e "s|@BINDIR@|$(dirname "$VT")|g" -e "s|@CONFDIR@|$work/conf|g" \
		-e "s|@STATEDIR@|$work/state|g" "$HOOK" > "$hook" && chmod 755 "$hook"
else
	install_hook libvirt-qemu "$hook" "$work/conf" "$work/state"
fi
export VMLINUZ_TOOL="$VT" VMLINUZ_TOOL_CONF="$work/conf" VMLINUZ_TOOL_STATE="$work/state"
state=$work/state
cd "$work" || exit 1 # a relative <initrd> would land here, where tree sees it

mkdir -p "$work/m" "$work/conf/vms"
echo 'ssh-ed25519 AAAAC3Nza admin' > "$work/m/admin.pub"
echo 'file /root/.ssh/authorized_keys admin.pub mode=0600' > "$work/m/manifest"

# domain_xml NAME INITRD [MANIFEST-ATTRIBUTE|none]: what libvirt passes (XML
# text: &#10; for a newline); INITRD "-" for no <initrd> element.
domain_xml() {
	meta="<vt:inject xmlns:vt='urn:vmlinuz-tool:libvirt:1' manifest='${3:-$work/m/manifest}'/>"
	[ "${3:-}" = none ] && meta=
	initrd="<initrd>$2</initrd>"
	[ "$2" = - ] && initrd=
	cat <<XML
<domain type='kvm'>
  <name>$1</name>
  <metadata>$meta</metadata>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>/var/lib/vmlinuz-tool/injector.vmlinuz</kernel>
    $initrd
    <cmdline>console=ttyS0</cmdline>
  </os>
</domain>
XML
}

# run NAME INITRD [MANIFEST-ATTRIBUTE|none]: the hook's exit status in $rc, its stderr in $err.
run() {
	domain_xml "$@" | "$hook" "$1" prepare begin - >/dev/null 2>"$work/err"
	rc=$?
	err=$(cat "$work/err")
}

# tree: every file under the work directory but the hook's stderr, with its checksum.
tree() { (cd "$work" && find . -path ./err -prune -o -type f -exec md5sum {} + | sort); }

# refused DESCRIPTION WANT-LINE NAME INITRD [MANIFEST]: exit 1, one line, nothing written or changed.
refused() {
	what=$1 want=$2; shift 2
	before=$(tree)
	run "$@"
	check "$what: refused, exit 1 (got $rc)" [ "$rc" = 1 ]
	check "$what: one line: '$want' (got '$err')" [ "$err" = "$want" ]
	check "$what: nothing written or changed" [ "$(tree)" = "$before" ]
}
msg() { echo "vmlinuz-tool hook: domain $1: <initrd> $2 is not $state/vms/$1.cpio (the only place the hook writes)"; }

# The good path.
run alice "$state/vms/alice.cpio"
check "good path: exit 0 (got $rc: $err)" [ "$rc" = 0 ]
check "good path: $state/vms/alice.cpio written" [ -s "$state/vms/alice.cpio" ]
check "good path: the archive is mode 600 (got $(stat -c %a "$state/vms/alice.cpio" 2>&1))" \
	[ "$(stat -c %a "$state/vms/alice.cpio" 2>&1)" = 600 ]
check "good path: the archive holds the manifest's file" \
	sh -c 'cpio -t --quiet < "$1" | grep -qx injector/files/00001' sh "$state/vms/alice.cpio"
check "good path: vms/ created 0711 (got $(stat -c %a "$state/vms" 2>&1))" \
	[ "$(stat -c %a "$state/vms" 2>&1)" = 711 ]
check "good path: the lock is vms/alice.cpio.lock" [ -f "$state/vms/alice.cpio.lock" ]
check "good path: nothing else in vms/ ($(ls -A "$state/vms" 2>&1 | tr '\n' ' '))" \
	[ "$(ls -A "$state/vms" 2>&1 | tr '\n' ' ')" = "alice.cpio alice.cpio.lock alice.cpio.token " ]
# The domain's state for `vmlinuz-tool status`: the token of its last start, root's alone.
check "good path: vms/alice.cpio.token is mode 600 (got $(stat -c %a "$state/vms/alice.cpio.token" 2>&1))" \
	[ "$(stat -c %a "$state/vms/alice.cpio.token" 2>&1)" = 600 ]
check "good path: the token is the archive's" \
	sh -c 'cpio -i --quiet --to-stdout injector/token < "$1.cpio" | cmp -s - "$1.cpio.token"' sh "$state/vms/alice"
cp "$state/vms/alice.cpio.token" "$work/first.token"
run alice "$state/vms/alice.cpio"
check "next start: a new token" [ "$(cat "$work/first.token")" != "$(cat "$state/vms/alice.cpio.token")" ]
rm "$work/first.token"

# A host initrd: untouched.
mkdir -p "$work/boot"
echo "the host's initrd" > "$work/boot/initrd.img-6.1.0-amd64"
refused "a /boot initrd" "$(msg alice "$work/boot/initrd.img-6.1.0-amd64")" \
	alice "$work/boot/initrd.img-6.1.0-amd64"
check "a /boot initrd: the file is unchanged" \
	[ "$(cat "$work/boot/initrd.img-6.1.0-amd64")" = "the host's initrd" ]

# Another domain's archive (bob names alice's).
refused "another domain's archive" "$(msg bob "$state/vms/alice.cpio")" bob "$state/vms/alice.cpio"
check "another domain's archive: no vms/bob.cpio" [ ! -e "$state/vms/bob.cpio" ]

# Relative, empty, missing, and paths that only resolve to it.
refused "a relative path" "$(msg alice vms/alice.cpio)" alice vms/alice.cpio
refused "a bare file name" "$(msg alice alice.cpio)" alice alice.cpio
refused "an empty <initrd>" "$(msg alice "")" alice ""
refused "no <initrd>" "$(msg alice "")" alice -
refused "a path through .." "$(msg alice "$state/vms/../vms/alice.cpio")" \
	alice "$state/vms/../vms/alice.cpio"
refused "a newline after the path" \
	"vmlinuz-tool hook: domain alice: a newline in the domain's name or its <initrd>" \
	alice "$state/vms/alice.cpio&#10;"

# A newline (or CR) in manifest= would shift xmllint's lines.
nlmsg="vmlinuz-tool hook: domain alice: a newline or carriage return in the manifest= attribute"
refused "a newline in manifest=" "$nlmsg" alice "$state/vms/alice.cpio" "$work/m/manifest&#10;$state/vms/alice.cpio"
refused "a carriage return in manifest=" "$nlmsg" alice "$state/vms/alice.cpio" "$work/m/manifest&#13;"

# A domain that did not opt in: left alone, whatever its <initrd>.
before=$(tree)
run carol "$work/boot/initrd.img-6.1.0-amd64" none
check "not opted in: exit 0, silent (got $rc: $err)" [ "$rc:$err" = 0: ]
check "not opted in: nothing written or changed" [ "$(tree)" = "$before" ]
run carol "$state/vms/carol.cpio" none
check "not opted in, the right path: nothing written" [ ! -e "$state/vms/carol.cpio" ]

# Opt-in by directory: the same rule.
mkdir -p "$work/conf/vms/dave"
cp "$work/m/admin.pub" "$work/m/manifest" "$work/conf/vms/dave/"
refused "opt-in by directory, a /boot initrd" "$(msg dave "$work/boot/initrd.img-6.1.0-amd64")" \
	dave "$work/boot/initrd.img-6.1.0-amd64" none
run dave "$state/vms/dave.cpio" none
check "opt-in by directory: exit 0 (got $rc: $err)" [ "$rc" = 0 ]
check "opt-in by directory: vms/dave.cpio written" [ -s "$state/vms/dave.cpio" ]

# vms/ missing, the state directory there: created 0711.
rm -rf "$state/vms"
run alice "$state/vms/alice.cpio"
check "vms/ re-created 0711 (rc $rc, mode $(stat -c %a "$state/vms" 2>&1))" \
	[ "$rc:$(stat -c %a "$state/vms" 2>&1)" = 0:711 ]

# Two starts of one domain at once: the second waits for the lock.
flock "$state/vms/alice.cpio.lock" sleep 1 &
sleep 0.2
t0=$(date +%s%N)
run alice "$state/vms/alice.cpio"
t1=$(date +%s%N)
wait
check "a start waits while the domain's archive is locked (rc $rc, $(((t1 - t0) / 1000000)) ms)" \
	[ "$rc:$(((t1 - t0) / 1000000 >= 500))" = 0:1 ]

# Other operations: nothing at all.
before=$(tree)
domain_xml alice "$work/boot/initrd.img-6.1.0-amd64" | "$hook" alice start begin - 2>"$work/err"
check "other operations: exit 0 (got $?)" [ "$?" = 0 ]
check "other operations: nothing written" [ "$(tree)" = "$before" ]
finish
