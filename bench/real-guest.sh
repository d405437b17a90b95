#!/bin/sh
# bench/real-guest.sh BUILD [RUNS]
# Under TCG, medians of RUNS boots (default 5) of the real Debian 12 guest
# (tests/guests/debian12.sh): QEMU start to the first SSH login as root,
#   injected   Debian's 6.12 cloud kernel with the injector, the per-VM
#              payload putting the key in, kexec into the guest's kernel
#   straight   the same guest booted by its own GRUB from the same disk
#              (the key already there), no injector
# (goal: ratio <= 1.15). Each boot gets a fresh copy of the disk.
set -eu
. "$(dirname "$0")/qemu-env.sh"
. "$top/tests/real-guest.sh"
trap 'stop_vm; rm -rf "$work"' EXIT

guests=$build/guests/debian12
mkdir -p "$build/guests"
flock "$guests.lock" nice "$top/tests/guests/debian12.sh" "$guests"
make_injector 6.12 "$work" && make_key_payload "$work" >/dev/null

now() { date +%s.%N; }

# login_time NAME DISK QEMU-ARGS...: one boot of a copy of DISK; appends
# "NAME SECONDS" (QEMU start to the first login) to the runs file and keeps
# the powered-off disk as $work/last.img.
login_time() {
	name=$1
	cp --sparse=always "$2" "$work/disk.img"
	shift 2
	t0=$(now)
	start_vm "$work" "$@"
	wait_ssh "$work" || {
		echo "bench: $name: no SSH login (console: $work/console.log)" >&2
		exit 1
	}
	echo "$name $(echo "$(now) - $t0" | bc -l)" >> "$work/runs"
	poweroff_vm "$work"
	mv "$work/disk.img" "$work/last.img"
}

# Interleaved, so that the load of a shared machine falls on both alike; the
# first injected boot leaves the key on the disk the straight boots copy.
for i in $(seq "$runs"); do
	login_time injected "$guests/disk.img" -kernel "$work/injector.vmlinuz" \
		-initrd "$work/vm.cpio" -append "console=ttyS0 panic=-1 injector.fail=poweroff"
	[ "$i" != 1 ] || mv "$work/last.img" "$work/keyed.img"
	login_time straight "$work/keyed.img"
done

median() { grep "^$1 " "$work/runs" | cut -d' ' -f2 | median_of; }
inj=$(median injected) straight=$(median straight)
printf 'real Debian 12 guest (%s) under TCG, medians of %s runs, QEMU start to SSH login:\n' \
	"$(cat "$guests/kver")" "$runs"
printf '  injected (6.12 injector, kexec)    %6.2f s\n' "$inj"
printf '  booted straight by its own GRUB    %6.2f s   ratio %.2f (goal <= 1.15)\n' "$straight" \
	"$(echo "$inj / $straight" | bc -l)"
