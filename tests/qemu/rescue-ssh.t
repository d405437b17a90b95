#!/bin/sh
# The network way in after a failure: an injector kernel with the rescue kit
# (mkinitramfs --with-rescue) boots a VM with no disk, so the root stage fails;
# with injector.fail=shell and the manifest's rescue-key and rescue-net, root
# can log in over SSH (QEMU user networking, port forwarded) with that key and
# no other, and power the VM off from there.
set -u
. "$(dirname "$0")/../lib.sh"
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
timeout 300 qemu-system-x86_64 -machine accel=tcg -m 512 -display none -monitor none \
	-no-reboot -kernel "$work/injector.vmlinuz" -initrd "$work/vm.cpio" \
	-append "console=ttyS0 panic=-1 injector.rootwait=2 injector.fail=shell" \
	-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" -device virtio-net-pci,netdev=n0 \
	-serial "file:$work/console.log" >/dev/null 2>&1 &
qemu=$!

# ssh KEY COMMAND: root@VM with KEY only, never a password prompt.
ssh_vm() {
	dbclient -yy -i "$1" -p "$port" root@127.0.0.1 "$2" </dev/null 2>>"$work/ssh.err"
}

# Up to 4 minutes for the boot, the failed root stage and dropbear.
for _ in $(seq 120); do
	grep -aq 'rescue: SSH on' "$work/console.log" 2>/dev/null && break
	kill -0 "$qemu" 2>/dev/null || break
	sleep 2
done
status=$(status_of "$work/console.log")
check "status line: $status" [ "$status" = "status=error stage=root files=0" ]
check "console: $(grep -ao 'rescue: SSH on [^ ]* [^ ]*' "$work/console.log" | tr -d '\r')" \
	grep -aq 'rescue: SSH on eth0 10.0.2.15/24' "$work/console.log"

out=
for _ in $(seq 30); do
	out=$(ssh_vm "$work/admin.key" 'echo "RESCUE: $(id -u) $(cat /proc/cmdline)"') && break
	sleep 2
done
check "root logs in with the rescue key: ${out%% console*}" \
	sh -c "echo '$out' | grep -q '^RESCUE: 0 .*injector.fail=shell'"
check "another key is refused" sh -c "! dbclient -yy -i '$work/other.key' \
	-p $port root@127.0.0.1 true </dev/null 2>/dev/null"
ssh_vm "$work/admin.key" 'poweroff -f' >/dev/null
for _ in $(seq 30); do kill -0 "$qemu" 2>/dev/null || break; sleep 1; done
check "poweroff over SSH stops the VM" sh -c "! kill -0 $qemu 2>/dev/null"
finish
