#!/bin/sh
# The network way in after a failure: an injector kernel with the rescue kit
# (mkinitramfs --with-rescue) boots a VM with no disk, so the root stage fails;
# with injector.fail=shell and the manifest's rescue-key and rescue-net, root
# can log in over SSH (QEMU user networking, port forwarded) with that key and
# no other, and power the VM off from there. Then a disk without a kernel and
# injector.shelltimeout=90: a process an SSH login leaves in the guest root is
# killed with dropbear when the shell times out, and the root unmounts clean.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d)
kernels_tested "$VT_KERNELS/linux-6.12-cloud-amd64"
qemu=
trap '[ -z "$qemu" ] || kill "$qemu" 2>/dev/null; rm -rf "$work"' EXIT
# dbclient keeps host keys under $HOME: not the user's.
export HOME=$work

root=$VT_KERNELS/linux-6.12-cloud-amd64
"$VT" mkinitramfs --profile debian --moddir "$root" --with-rescue -o "$work/injector.cpio"
"$VT" embed -o "$work/injector.vmlinuz" "$root/vmlinuz" "$work/injector.cpio" 2>/dev/null
check "injector kernel with the rescue kit built" [ -s "$work/injector.vmlinuz" ]

dropbearkey -t ed25519 -f "$work/admin.key" >/dev/null 2>&1
dropbearkey -t ed25519 -f "$work/other.key" >/dev/null 2>&1
cat > "$work/vm.manifest" <<MANIFEST
rescue-key "$(dropbearkey -y -f "$work/admin.key" | grep '^ssh-')"
rescue-net 10.0.2.15/24 10.0.2.2
MANIFEST
"$VT" payload -o "$work/vm.cpio" "$work/vm.manifest"
check "payload with rescue entries built" [ -s "$work/vm.cpio" ]

port=$((20000 + $$ % 20000))
# start_vm LOG APPEND [QEMU ARGS...]: the injector in the background ($qemu),
# its console into LOG, SSH forwarded from $port; returns once dropbear is
# up (up to 4 minutes for the boot, the failed stage and dropbear).
start_vm() {
	log=$1 append=$2
	shift 2
	timeout 300 qemu-system-x86_64 -machine accel=tcg -m 512 -display none -monitor none \
		-no-reboot -kernel "$work/injector.vmlinuz" -initrd "$work/vm.cpio" \
		-append "console=ttyS0 panic=-1 $append" \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" -device virtio-net-pci,netdev=n0 \
		-serial "file:$log" "$@" >/dev/null 2>&1 &
	qemu=$!
	for _ in $(seq 120); do
		grep -aq 'rescue: SSH on' "$log" 2>/dev/null && break
		kill -0 "$qemu" 2>/dev/null || break
		sleep 2
	done
}

# ssh KEY COMMAND: root@VM with KEY only, never a password prompt.
ssh_vm() {
	dbclient -yy -i "$1" -p "$port" root@127.0.0.1 "$2" </dev/null 2>>"$work/ssh.err"
}

# ssh_retry COMMAND: the admin key's login, retried while dropbear starts.
ssh_retry() {
	for _ in $(seq 30); do
		ssh_vm "$work/admin.key" "$1" && return
		sleep 2
	done
	return 1
}

# gone SECONDS: QEMU exits by itself within SECONDS.
gone() {
	for _ in $(seq "$1"); do kill -0 "$qemu" 2>/dev/null || return 0; sleep 1; done
	return 1
}

start_vm "$work/console.log" "injector.rootwait=2 injector.fail=shell"
status=$(status_of "$work/console.log")
check "status line: $status" [ "$status" = "status=error stage=root files=0" ]
check "console: $(grep -ao 'rescue: SSH on [^ ]* [^ ]*' "$work/console.log" | tr -d '\r')" \
	grep -aq 'rescue: SSH on eth0 10.0.2.15/24' "$work/console.log"

out=$(ssh_retry 'echo "RESCUE: $(id -u) $(cat /proc/cmdline)"')
check "root logs in with the rescue key: ${out%% console*}" \
	sh -c "echo '$out' | grep -q '^RESCUE: 0 .*injector.fail=shell'"
check "another key is refused" sh -c "! dbclient -yy -i '$work/other.key' \
	-p $port root@127.0.0.1 true </dev/null 2>/dev/null"
ssh_vm "$work/admin.key" 'poweroff -f' >/dev/null
check "poweroff over SSH stops the VM" gone 30

# The shell's timeout with the guest root mounted (no kernel on the disk):
# what an SSH login left running there is killed with dropbear and its
# sessions, and reaped, so that the root unmounts cleanly.
mkdir -p "$work/tree/etc"
printf 'ID=debian\n' > "$work/tree/etc/os-release"
mke2fs -q -t ext4 -U "$(fs_uuid ext4)" -d "$work/tree" "$work/disk.img" 64M >/dev/null
start_vm "$work/console2.log" \
	"injector.root=UUID=$(fs_uuid ext4) injector.fail=shell injector.shelltimeout=90" \
	-drive "file=$work/disk.img,format=raw,if=virtio"
status=$(status_of "$work/console2.log")
check "guest root mounted, no kernel: $status" [ "$status" = "status=error stage=kernel files=0" ]
busy=$(ssh_retry 'cd /guest && sleep 100000 </dev/null >/dev/null 2>&1 & sleep 1
for p in /proc/[0-9]*; do readlink $p/cwd; done | grep -c "^/guest$"')
check "an SSH login left $busy process(es) in the guest root" [ "${busy:-0}" -ge 1 ]
check "the VM powers off by itself after the shell's timeout" gone 200
check "$(grep -ao 'shell ended: [0-9]* processes left behind killed' "$work/console2.log")" \
	grep -aq 'shell ended: [1-9][0-9]* processes left behind killed' "$work/console2.log"
check "the guest root unmounted" sh -c "! grep -aq 'unmounting /guest failed' '$work/console2.log'"
check "ext4 clean, no journal to replay" sh -c "e2fsck -fn '$work/disk.img' >/dev/null 2>&1 &&
	! dumpe2fs -h '$work/disk.img' 2>/dev/null | grep -q needs_recovery"
finish
