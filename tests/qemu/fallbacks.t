#!/bin/sh
# The two fallbacks the end-to-end suite does not exercise, after a guest
# without a kernel (the kernel stage fails with the root mounted):
# injector.fail=continue switch_roots into the guest root and runs its own
# /sbin/init as PID 1 on the injector kernel, with the injected files there;
# injector.fail=reboot restarts the machine (QEMU -no-reboot then exits).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"

# A guest with no kernel whose /sbin/init reports what it sees and powers off.
guest_without_kernel() {
	make_guest_tree 6.1 none ext4 "$work" || return 1
	mkdir -p "$work/tree/bin" "$work/tree/sbin" "$work/tree/proc"
	cp /bin/busybox "$work/tree/bin/busybox"
	cat > "$work/tree/sbin/init" <<'INIT'
#!/bin/busybox sh
echo "CONTINUED: pid=$$ kernel=$(/bin/busybox uname -r) key=$(/bin/busybox cat /root/.ssh/authorized_keys)"
/bin/busybox poweroff -f
INIT
	chmod 755 "$work/tree/sbin/init"
	make_fs ext4 "$work" 6.1 && make_disk none "$work"
}

check "injector kernel built" make_injector 6.12 "$work"
check "payload built" make_payload "$work"
check "guest without a kernel built" guest_without_kernel

# Probing wants a kernel or a boot configuration: name the root.
root="injector.root=UUID=$(fs_uuid ext4)"
boot_injected "$work" "$work/continue.log" virtio-blk "$root injector.fail=continue" </dev/null
check "continue: $(status_of "$work/continue.log")" \
	[ "$(status_of "$work/continue.log")" = "status=error stage=kernel files=4" ]
line=$(grep -a '^CONTINUED: ' "$work/continue.log" | tr -d '\r' | tail -n1)
check "continue: the guest's /sbin/init ran as PID 1 on the injector kernel, injected key in place: $line" \
	[ "$line" = "CONTINUED: pid=1 kernel=$(kver 6.12) key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoKey admin@host" ]

make_fs ext4 "$work" 6.1 && make_disk none "$work"
boot_injected "$work" "$work/reboot.log" virtio-blk "$root injector.fail=reboot" </dev/null
rc=$?
check "reboot: $(status_of "$work/reboot.log")" \
	[ "$(status_of "$work/reboot.log")" = "status=error stage=kernel files=4" ]
check "reboot: the machine restarted (QEMU -no-reboot exited, status $rc, before its timeout)" \
	sh -c "[ $rc != 124 ] && grep -aq 'reboot: Restarting system' '$work/reboot.log'"
finish
