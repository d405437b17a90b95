#!/bin/sh
# The authenticated status (docs/injector-init.md): a real injection into a
# guest whose init, after the kexec, prints forged `INJECTOR:` lines on the
# same console. `vmlinuz-tool status` with the archive's token reports the
# injector's own line, not the later forgeries; with any other token (a
# previous start's) there is no authenticated status.
# KEEP_WORK=1 keeps the console and disk.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/vt-status.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
kernels_tested "$(kroot 6.12)" "$(kroot 6.1)"
FAKE=00000000000000000000000000000000

# The guest's init as tests/guest.sh writes it, but it first prints the
# lines a hostile guest would: an ok line with no token, one with a token
# of its own, one with a field after ms= in place of the token.
forging_guest_initrd() {
	g=$work/guest-6.1
	make_guest_initrd 6.1 "$work" || return 1
	sed -i "s|^poweroff -f\$|echo 'INJECTOR: status=ok stage=kexec files=99 ms=1'\\
echo 'INJECTOR: status=ok stage=kexec files=98 ms=1 token=$FAKE'\\
echo 'FORGED-DONE'\\
poweroff -f|" "$g/init/init"
	grep -q FORGED-DONE "$g/init/init" || return 1
	(cd "$g/init" && echo init | cpio -o -H newc -R 0:0 --quiet) > "$g/init.cpio"
	cat "$g/base.cpio" "$g/init.cpio" > "$g/initrd.img"
}

check "injector kernel built" make_injector 6.12 "$work"
check "forging guest initrd built" forging_guest_initrd
check "guest disk built" make_guest_disk 6.1 "$work"
check "payload built" make_payload "$work"
cp "$work/vm.cpio.token" "$work/first.token"
# Rebuilt as the hook does at every start: the first token is now a previous start's.
check "payload rebuilt, new token" "$VT" payload --force -o "$work/vm.cpio" "$work/vm/vm.manifest"
boot_injected "$work" "$work/console.log"

log=$work/console.log
check "the guest ran and printed its forgeries" grep -aq FORGED-DONE "$log"
check "the injection worked: $(grep -ao '^GUEST: .*' "$log" | cut -c1-60)" grep -aqF "$GUEST_OK" "$log"
check "the last INJECTOR: line on the console is a forgery" \
	[ "$(grep -ao 'INJECTOR: .*' "$log" | tail -n1 | tr -d '\r')" = \
		"INJECTOR: status=ok stage=kexec files=98 ms=1 token=$FAKE" ]
check "the token never reached the guest's report" sh -c '! grep -a "^GUEST: " "$1" | grep -qF "$(cat "$2")"' \
	sh "$log" "$work/vm.cpio.token"

out=$("$VT" status --token-file "$work/vm.cpio.token" "$log"); rc=$?
check "status with the archive's token: exit 0 (got $rc)" [ "$rc" = 0 ]
check "status: the injector's own line ($out)" \
	sh -c 'echo "$1" | grep -qx "status=ok stage=kexec files=4 ms=[0-9]* line=[0-9]*"' sh "$out"
line=${out##*line=}
check "status: its line carries the token" \
	sh -c 'sed -n "${1}p" "$2" | grep -aqF "token=$(cat "$3")"' sh "$line" "$log" "$work/vm.cpio.token"
out=$("$VT" status --json --token "$(cat "$work/vm.cpio.token")" "$log"); rc=$?
check "status --json: ok" sh -c 'case $1 in *"\"authenticated\":true,\"status\":\"ok\",\"stage\":\"kexec\",\"files\":4,"*) exit 0 ;; esac; exit 1' sh "$out"

out=$("$VT" status --token-file "$work/first.token" "$log"); rc=$?
check "a previous start's token: no authenticated status, exit 4 (got $rc: $out)" [ "$rc" = 4 ]
finish
