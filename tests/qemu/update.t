#!/bin/sh
# `vmlinuz-tool update` for two Debian kernels, through the Debian kernel
# hooks as the distro runs them and directly: each build is smoke-tested
# under QEMU before the injector.vmlinuz link moves; a smoke test that fails
# (too little guest RAM for the boot stub) or cannot run leaves everything
# as it was; old kernels are pruned; the removal hook keeps the current one.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/vt-update.XXXXXX")
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"
d=$work/injectors
r61=$VT_KERNELS/linux-6.1-cloud-amd64 v61=$(kver 6.1) v612=$(kver 6.12)
pkg612=$(cut -d= -f1 "$VT_KERNELS/linux-6.12-cloud-amd64/.unpacked")
deb612=$(ls "$VT_KERNELS/debs/$pkg612"_*.deb | head -n1)
link() { readlink "$d/injector.vmlinuz"; }
leftovers() { ls -A "$d" | grep -c '^\.update-'; }
kernels() { (cd "$d" && ls injector-*.vmlinuz 2>/dev/null | tr '\n' ' '); }

# update_fails DESCRIPTION EXPECTED-TEXT ARGS...: exit 1, one stderr line
# holding EXPECTED-TEXT, and the directory exactly as before.
update_fails() {
	what=$1 text=$2; shift 2
	before=$(ls -lA --time-style=+%s.%N "$d" | sort)
	"$VT" update "$@" > "$work/out" 2> "$work/err"; rc=$?
	check "$what: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "$what: one line with '$text' ($(head -c 300 "$work/err"))" \
		sh -c '[ "$(wc -l < "$1")" = 1 ] && grep -qF "$2" "$1"' sh "$work/err" "$text"
	check "$what: nothing changed or left behind" [ "$(ls -lA --time-style=+%s.%N "$d" | sort)" = "$before" ]
}

# The Debian hooks, as `make install` writes them, with the test's settings.
install_hook kernel-postinst "$work/postinst.d/zz-vmlinuz-tool" "$work/conf" "$d"
install_hook kernel-postrm "$work/postrm.d/zz-vmlinuz-tool" "$work/conf" "$d"
mkdir -p "$work/conf"
# TCG: whether KVM works differs from machine to machine (the fallback has its own test below).
# The hook signs with update.conf's key: Debian's snakeoil one, passphrase-protected.
echo snakeoil > "$work/pass"
cat > "$work/conf/update.conf" <<CONF
UPDATE_ARGS="--accel tcg"
SIGN_KEY=/usr/share/ovmf/PkKek-1-snakeoil.key
SIGN_CERT=/usr/share/ovmf/PkKek-1-snakeoil.pem
SIGN_PASS_FILE=$work/pass
CONF

"$work/postinst.d/zz-vmlinuz-tool" "$v61" "$r61/boot/vmlinuz-$v61" > "$work/out" 2> "$work/err"
check "postinst hook for $v61: update ran and passed its smoke test ($(cat "$work/out" "$work/err" | head -c 300))" \
	grep -q "smoke test (tcg): status=error stage=kernel files=1 after" "$work/out"
check "link -> injector-$v61.vmlinuz" [ "$(link)" = "injector-$v61.vmlinuz" ]
check "the new kernel is an injector kernel" \
	[ "$("$VT" inspect --json "$d/injector.vmlinuz" | jq -r .embedded_initramfs.method)" = stub ]
check "signed with update.conf's SIGN_KEY/SIGN_CERT/SIGN_PASS_FILE" \
	sh -c 'sbverify --cert /usr/share/ovmf/PkKek-1-snakeoil.pem "$1" >/dev/null 2>&1' sh "$d/injector.vmlinuz"
check "no scratch space left" [ "$(leftovers)" = 0 ]

update_fails "$v612 with a smoke test in 64 MiB" "smoke test: the boot stub stopped: no safe place in RAM" \
	--deb "$deb612" --dest "$d" --accel tcg --smoke-mem 64
check "link still -> injector-$v61.vmlinuz" [ "$(link)" = "injector-$v61.vmlinuz" ]
update_fails "$v612 without QEMU" "cannot run $work/no-qemu" \
	--deb "$deb612" --dest "$d" --accel tcg --qemu "$work/no-qemu"

# An older kernel from a previous update: pruned by --keep 1, the 6.1 one stays.
# And scratch space an interrupted update left behind: removed.
touch -d '2020-01-01' "$d/injector-5.10.0-1-cloud-amd64.vmlinuz"
mkdir -p "$d/.update-crashed/package/boot"
"$VT" update --deb "$deb612" --dest "$d" --accel tcg --keep 1 > "$work/out" 2> "$work/err"
check "update --deb $v612: exit 0 ($(head -c 300 "$work/err"))" [ $? = 0 ]
check "link -> injector-$v612.vmlinuz" [ "$(link)" = "injector-$v612.vmlinuz" ]
check "output names old and new: $(cat "$work/out")" \
	grep -q "injector.vmlinuz -> injector-$v612.vmlinuz (was injector-$v61.vmlinuz); smoke test (tcg): status=error stage=kernel files=1" "$work/out"
check "an interrupted update's scratch space removed" [ "$(leftovers)" = 0 ]
check "--keep 1: the previous kernel kept, the older one pruned: $(kernels)" \
	[ "$(kernels)" = "injector-$v61.vmlinuz injector-$v612.vmlinuz " ]
check "the current injector kernel is made from $v612" sh -c '"$1" inspect "$2" | grep -q "^kernel version.*$3"' sh \
	"$VT" "$d/injector.vmlinuz" "$v612"

"$work/postrm.d/zz-vmlinuz-tool" "$v612" "/boot/vmlinuz-$v612"
check "postrm hook for the current kernel keeps it" [ -f "$d/injector-$v612.vmlinuz" ]
"$work/postrm.d/zz-vmlinuz-tool" "$v61" "/boot/vmlinuz-$v61"
check "postrm hook for an older kernel removes it: $(kernels)" [ "$(kernels)" = "injector-$v612.vmlinuz " ]

# A /dev/kvm that cannot run guests: QEMU stops with "KVM internal error"
# and waits. The default kvm:tcg falls back to TCG at once; kvm alone fails.
cat > "$work/qemu-bad-kvm" <<'QEMU'
#!/bin/sh
case "$*" in *accel=kvm*) echo "KVM internal error. Suberror: 1" >&2; exec sleep 600 ;; esac
exec qemu-system-x86_64 "$@"
QEMU
chmod 755 "$work/qemu-bad-kvm"
d0=$d d=$work/kvm
"$VT" update --kver "$v61" --root "$r61" --dest "$d" --qemu "$work/qemu-bad-kvm" > "$work/out" 2> "$work/err"
check "bad KVM, default kvm:tcg: exit 0, smoke test under tcg ($(cat "$work/out"))" \
	grep -q "smoke test (tcg): status=error stage=kernel files=1 after" "$work/out"
check "bad KVM: one warning says why ($(cat "$work/err"))" \
	sh -c '[ "$(wc -l < "$1")" = 1 ] && grep -q "warning: KVM does not boot the kernel here (QEMU stopped the guest; its last line: .KVM internal error. Suberror: 1.): using tcg" "$1"' sh "$work/err"
update_fails "bad KVM, --accel kvm" "KVM does not boot the kernel here (try --accel tcg): QEMU stopped the guest" \
	--kver "$v61" --root "$r61" --dest "$d" --qemu "$work/qemu-bad-kvm" --accel kvm
d=$d0

update_fails "a kernel that is not installed" "vmlinuz-tool: $r61/boot/vmlinuz-9.9.9: cannot open: No such file or directory" \
	--kver 9.9.9 --root "$r61" --dest "$d"
update_fails "a package that is not a kernel" "dpkg-deb failed" --deb "$work/err" --dest "$d"
"$VT" update --kver "$v61" --deb "$deb612" --dest "$d" 2>/dev/null
check "--kver and --deb together: usage error" [ $? = 2 ]
"$VT" update --dest "$d" 2>/dev/null
check "neither --kver nor --deb: usage error" [ $? = 2 ]
"$VT" update --kver "$v61" --keep -1 2>/dev/null
check "--keep -1: usage error" [ $? = 2 ]
"$VT" update --kver ../../etc/x 2>/dev/null
check "--kver with a path: usage error" [ $? = 2 ]
finish
