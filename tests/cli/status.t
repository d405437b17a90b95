#!/bin/sh
# `vmlinuz-tool status` on console logs written by hand: the exit codes
# (0 ok, 3 an authenticated error, 4 no authenticated status, 5 an
# authenticated partial status, 1 unreadable input, 2 usage), --json,
# --token-file, and the refusals.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
A=0123456789abcdef0123456789abcdef
B=fedcba9876543210fedcba9876543210

# st ARGS...: $out (stdout), $err (stderr), $rc.
st() { out=$("$VT" status "$@" 2>err); rc=$?; err=$(cat err); }

printf '[    1.000000] injector: stage setup\r\nINJECTOR: status=ok stage=kexec files=4 ms=960 token=%s\r\nINJECTOR: status=error stage=root files=0 ms=1\r\n' "$A" > ok.log
st --token "$A" ok.log
check "ok: exit 0 (got $rc)" [ "$rc" = 0 ]
check "ok: the line's fields ($out)" [ "$out" = "status=ok stage=kexec files=4 ms=960 line=2" ]
st --json --token "$A" ok.log
check "ok --json ($out)" \
	[ "$out" = '{"authenticated":true,"status":"ok","stage":"kexec","files":4,"ms":960,"failed":null,"reason":null,"line":2}' ]

printf 'INJECTOR: status=error stage=inject files=4 ms=960 failed=4,5 token=%s\nINJECTOR: status=ok stage=kexec files=9 ms=1\n' "$B" > error.log
st --token "$B" error.log
check "authenticated error: exit 3 (got $rc)" [ "$rc" = 3 ]
check "authenticated error: failed= listed ($out)" \
	[ "$out" = "status=error stage=inject files=4 ms=960 failed=4,5 line=1" ]

printf 'INJECTOR: status=partial stage=kexec files=3 ms=960 failed=4 token=%s\n' "$A" > partial.log
st --token "$A" partial.log
check "authenticated partial: exit 5 (got $rc)" [ "$rc" = 5 ]
check "authenticated partial: its fields ($out)" \
	[ "$out" = "status=partial stage=kexec files=3 ms=960 failed=4 line=1" ]
printf 'INJECTOR: status=error stage=kernel files=0 ms=9 reason=budget token=%s\n' "$A" > reason.log
st --json --token "$A" reason.log
check "reason= in --json ($out)" \
	[ "$out" = '{"authenticated":true,"status":"error","stage":"kernel","files":0,"ms":9,"failed":null,"reason":"budget","line":1}' ]

st --token "$B" ok.log
check "wrong token: exit 4 (got $rc)" [ "$rc" = 4 ]
check "wrong token: says so ($out)" [ "$out" = "status=none (no INJECTOR: line carries the token)" ]
st --json --token "$B" ok.log
check "wrong token --json ($out)" [ "$out" = '{"authenticated":false}' ]
: > empty.log
st --token "$A" empty.log
check "empty log: exit 4 (got $rc)" [ "$rc" = 4 ]

echo "$A" > tok
chmod 600 tok
st --token-file tok ok.log
check "--token-file (a trailing newline allowed): exit 0 (got $rc)" [ "$rc" = 0 ]
printf '%s' "$A" > tok.raw
st --token-file tok.raw ok.log
check "--token-file as payload writes it: exit 0 (got $rc)" [ "$rc" = 0 ]
echo nope > bad.tok
st --token-file bad.tok ok.log
check "bad token file: exit 1 (got $rc)" [ "$rc" = 1 ]
check "bad token file: named ($err)" \
	[ "$err" = "vmlinuz-tool: bad.tok: not a token (32 lowercase hex digits)" ]
st --token-file missing.tok ok.log
check "missing token file: exit 1, named ($rc: $err)" \
	[ "$rc" = 1 -a "${err#vmlinuz-tool: missing.tok: }" != "$err" ]
st --token "$A" missing.log
check "missing log: exit 1, named ($rc: $err)" \
	[ "$rc" = 1 -a "${err#vmlinuz-tool: missing.log: }" != "$err" ]

usage() { # usage DESCRIPTION ARGS...
	desc=$1; shift
	st "$@"
	check "$desc: usage error, exit 2 (got $rc)" [ "$rc" = 2 ]
}
usage "no token" ok.log
usage "both tokens" --token "$A" --token-file tok ok.log
usage "short token" --token 0123 ok.log
usage "upper-case token" --token 0123456789ABCDEF0123456789ABCDEF ok.log
usage "no log" --token "$A"
usage "two logs" --token "$A" ok.log ok.log
"$VT" status --help > help
check "--help exits 0 and shows the usage" grep -q "status \[--json\]" help
finish
