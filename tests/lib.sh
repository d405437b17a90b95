# Shared by the TAP shell tests: TAP output, test archives with a test init,
# booting under QEMU.
# Needs: VT (the tool), VT_KERNELS, and a scratch directory in $work.

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; fail_log_tail; }
# A failure in CI must explain itself: the end of the console of the boot
# the check looked at (FAIL_LOG, set by the suite), as TAP diagnostics on
# stderr (prove shows them).
fail_log_tail() {
	[ -f "${FAIL_LOG:-}" ] || return 0
	echo "# last 25 lines of $FAIL_LOG:" >&2
	tail -n 25 "$FAIL_LOG" | tr -d '\r' | sed 's/^/#   /' >&2
}
check() { # check DESCRIPTION COMMAND...
	desc=$1; shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
# The plan comes last (valid TAP), so it always matches what ran.
finish() { echo "1..$n"; [ "$failed" = 0 ]; }

kernel() { echo "$VT_KERNELS/linux-$1-cloud-amd64/vmlinuz"; }

# le N VALUE: VALUE as N little-endian bytes.
le() {
	i=0
	while [ "$i" -lt "$1" ]; do
		# shellcheck disable=SC2059
		printf "\\$(printf '%03o' $(( ($2 >> (8 * i)) & 255 )))"
		i=$((i + 1))
	done
}
# poke FILE OFFSET N VALUE: overwrite N bytes at OFFSET.
poke() { le "$3" "$4" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none; }

# kernels_tested ROOT...: one TAP diagnostic (on stderr, so that prove shows
# it) naming the Debian packages and versions unpacked in each ROOT
# (mk/debian-kernel.sh): old point releases leave the archive, and a failure
# must be tied to the kernels apt served that day.
kernels_tested() {
	line=
	for k in "$@"; do line="$line $(cat "$k/.unpacked")"; done
	echo "# kernels:$line" >&2
}

# newc archive of directory $1 into $2, reproducible.
mkcpio() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$2"
}

# The embedded archive: a test init that reports what it sees and powers
# off, a marker, /etc/who = embedded, BIG_MIB MiB of random data whose
# checksum the init verifies, and busybox unless the per-VM archive brings it.
make_embedded() { # make_embedded OUT BIG_MIB with-busybox|no-busybox
	d=$work/embedded-root
	rm -rf "$d" && mkdir -p "$d/bin" "$d/etc" "$d/proc"
	[ "$3" = no-busybox ] || cp /bin/busybox "$d/bin/busybox"
	echo embedded > "$d/etc/who"
	echo yes > "$d/etc/marker-embedded"
	if [ "$2" -gt 0 ]; then
		head -c "$(($2 << 20))" /dev/urandom > "$d/big"
		(cd "$d" && md5sum big) > "$d/etc/big.md5"
	fi
	cat > "$d/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
e=no p=no big=absent
[ -f /etc/marker-embedded ] && e=yes
[ -f /etc/marker-pervm ] && p=yes
if [ -f /etc/big.md5 ]; then
	if /bin/busybox md5sum -c /etc/big.md5 >/dev/null 2>&1; then big=ok; else big=bad; fi
fi
echo "INJTEST: embedded=$e pervm=$p last=$(/bin/busybox cat /etc/who) big=$big"
echo o > /proc/sysrq-trigger
/bin/busybox sleep 5
INIT
	chmod +x "$d/init"
	mkcpio "$d" "$1"
}

# The usual pair: $work/embedded.cpio (busybox inside) and $work/pervm.cpio.
make_archive_pair() {
	make_embedded "$work/embedded.cpio" 0 with-busybox && make_pervm "$work/pervm.cpio"
}

# The per-VM archive: a marker, /etc/who = pervm over the embedded one, and
# busybox when asked.
make_pervm() { # make_pervm OUT [with-busybox]
	d=$work/pervm-root
	rm -rf "$d" && mkdir -p "$d/etc" "$d/bin"
	[ "${2:-}" != with-busybox ] || cp /bin/busybox "$d/bin/busybox"
	echo pervm > "$d/etc/who"
	echo yes > "$d/etc/marker-pervm"
	mkcpio "$d" "$1"
}

# boot IMAGE INITRD|- MEM_MIB APPEND LOG [QEMU ARGS...]: QEMU under TCG,
# bounded in time.
boot() {
	image=$1 initrd= mem=$3 append=$4 log=$5
	[ "$2" = - ] || initrd="-initrd $2"
	shift 5
	# shellcheck disable=SC2086
	timeout 180 qemu-system-x86_64 -machine accel=tcg -m "$mem" -display none -monitor none \
		-no-reboot -serial "file:$log" -kernel "$image" $initrd \
		-append "console=ttyS0 panic=-1 $append" "$@" >/dev/null 2>&1 || true
}

OVMF=/usr/share/OVMF

# ovmf_args plain|secboot|snakeoil: QEMU options for Debian's OVMF (q35) with
# fresh variables in $work/vars.fd; secboot: the Secure Boot build, Microsoft
# keys; snakeoil: Secure Boot on, db = the snakeoil key (efi.sh signs with it).
ovmf_args() {
	if [ "$1" != plain ]; then
		code=$OVMF/OVMF_CODE_4M.secboot.fd vars=$OVMF/OVMF_VARS_4M.ms.fd
		[ "$1" = secboot ] ||
			code=$OVMF/OVMF_CODE_4M.snakeoil.fd vars=$OVMF/OVMF_VARS_4M.snakeoil.fd
		cp "$vars" "$work/vars.fd"
		echo "-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on" \
			"-drive if=pflash,format=raw,unit=0,readonly=on,file=$code" \
			"-drive if=pflash,format=raw,unit=1,file=$work/vars.fd"
	else
		cp "$OVMF/OVMF_VARS_4M.fd" "$work/vars.fd"
		echo "-machine q35 -drive if=pflash,format=raw,unit=0,readonly=on,file=$OVMF/OVMF_CODE_4M.fd" \
			"-drive if=pflash,format=raw,unit=1,file=$work/vars.fd"
	fi
}

# status_of LOG: the last injector status line in LOG without its ms= field
# (docs/injector-init.md).
status_of() {
	grep -ao 'INJECTOR: status=[a-z]* stage=[a-z]* files=[0-9]* ms=[0-9]*\( failed=[0-9,+]*\)\?\( reason=[a-z-]*\)\?' "$1" |
		tail -n1 | sed 's/^INJECTOR: //; s/ ms=[0-9]*//'
}

# What the test init reports when both archives were unpacked, the per-VM one
# last, and when there was only the embedded one.
WANT_BOTH="INJTEST: embedded=yes pervm=yes last=pervm big=absent"
WANT_ALONE="INJTEST: embedded=yes pervm=no last=embedded big=absent"

# The report line the test init printed, or nothing.
report() {
	# The kernel may print into the middle of the line: take the fields only.
	grep -ao 'INJTEST: embedded=[a-z]* pervm=[a-z]* last=[a-z]* big=[a-z]*' "$1" | head -n1
}

# install_hook HOOK OUT CONFDIR STATEDIR: hooks/HOOK as `make install` writes
# it, pointing at the tool under test and the test's own directories.
install_hook() {
	mkdir -p "$(dirname "$2")"
	sed -e "s|@BINDIR@|$(dirname "$VT")|g" -e "s|@CONFDIR@|$3|g" -e "s|@STATEDIR@|$4|g" \
		"$(dirname "$0")/../../hooks/$1" > "$2" && chmod 755 "$2"
}
