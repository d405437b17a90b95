# Shared by tests/qemu/real-guest-suite.sh and bench/real-guest.sh: a real
# guest under QEMU with its SSH port forwarded to 127.0.0.1, the per-VM
# payload that injects a key, and logging in with it.
# Needs: VT (the tool), tests/guest.sh sourced.

# What the payload appends to the guest's command line.
KEY_APPEND="injected=yes"

# make_key_payload DIR: DIR/key (and DIR/other, a key never injected) and
# DIR/vm.cpio putting DIR/key.pub in root's authorized_keys.
make_key_payload() {
	mkdir -p "$1/vm" && rm -f "$1/key" "$1/other" &&
		ssh-keygen -q -t ed25519 -N '' -C injected -f "$1/key" &&
		ssh-keygen -q -t ed25519 -N '' -C other -f "$1/other" &&
		cp "$1/key.pub" "$1/vm/key.pub" || return 1
	cat > "$1/vm/vm.manifest" <<-MANIFEST
	file    /root/.ssh/authorized_keys  key.pub  mode=0600 owner=0:0
	append  "$KEY_APPEND"
	MANIFEST
	"$VT" payload --force -o "$1/vm.cpio" "$1/vm/vm.manifest"
}

# free_port: a TCP port on 127.0.0.1 nobody listens on now.
free_port() {
	for _ in $(seq 50); do
		p=$(shuf -i 20000-60000 -n 1)
		[ -z "$(ss -Hltn "sport = :$p")" ] && echo "$p" && return 0
	done
	return 1
}

# start_vm DIR QEMU-ARGS...: QEMU in the background (at most 900 s) with
# DIR/disk.img, user networking forwarding DIR/port to the guest's port 22,
# the console in DIR/console.log; DIR/pid is the timeout's pid.
start_vm() {
	d=$1
	shift
	free_port > "$d/port" || return 1
	timeout 900 qemu-system-x86_64 -machine accel=tcg -m 1024 -display none -monitor none \
		-no-reboot -serial stdio -drive "file=$d/disk.img,format=raw,if=virtio" \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$(cat "$d/port")-:22" \
		-device virtio-net-pci,netdev=n0 "$@" </dev/null >"$d/console.log" 2>"$d/qemu.log" &
	echo $! > "$d/pid"
	vm_dir=$d
}

# stop_vm: kills the VM start_vm started if it still runs (a failed test).
stop_vm() {
	[ -n "${vm_dir:-}" ] && [ -f "$vm_dir/pid" ] || return 0
	kill "$(cat "$vm_dir/pid")" 2>/dev/null
	rm -f "$vm_dir/pid"
}

vm_running() { kill -0 "$(cat "$1/pid")" 2>/dev/null; }

# guest_ssh DIR COMMAND...: COMMAND as root in the guest, logged in with
# DIR/key (SSH_KEY overrides it).
guest_ssh() {
	d=$1
	shift
	ssh -q -n -i "${SSH_KEY:-$d/key}" -p "$(cat "$d/port")" -o BatchMode=yes -o IdentitiesOnly=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10 \
		-o LogLevel=ERROR root@127.0.0.1 "$@"
}

# wait_ssh DIR: polls until a login with DIR/key works, while the VM runs
# (TCG: a real systemd boot takes minutes on a busy host); at most 600 s.
wait_ssh() {
	for _ in $(seq 300); do
		vm_running "$1" || return 1
		guest_ssh "$1" true 2>/dev/null && return 0
		sleep 2
	done
	return 1
}

# refused DIR: the other key gets no login while the injected one does.
refused() {
	! SSH_KEY=$1/other guest_ssh "$1" true 2>/dev/null && guest_ssh "$1" true
}

# poweroff_vm DIR: poweroff over SSH; QEMU exits by itself (-no-reboot) with 0.
poweroff_vm() {
	guest_ssh "$1" systemctl poweroff 2>/dev/null
	pid=$(cat "$1/pid")
	wait "$pid"
	r=$?
	rm -f "$1/pid"
	[ "$r" = 0 ]
}

# first_linux_args: the arguments of grub.cfg's first `linux` line (stdin).
first_linux_args() { awk '$1 == "linux" { $1 = ""; $2 = ""; print; exit }'; }

# squeeze: blanks collapsed and trimmed (stdin).
squeeze() { tr -s ' \t' '  ' | sed 's/^ //; s/ $//'; }

# check_esp DIR: fsck.vfat, read-only, finds no error on the ESP, the
# partition at 1 MiB that ends where the root (DIR/disk.at) starts.
check_esp() {
	dd if="$1/disk.img" of="$1/esp.img" bs=1M skip=1 count=$(($(cat "$1/disk.at") - 1)) status=none &&
		fsck.vfat -n "$1/esp.img" >"$1/esp-check.log" 2>&1
	r=$?
	rm -f "$1/esp.img"
	return $r
}
