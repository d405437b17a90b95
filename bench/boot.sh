#!/bin/sh
# bench/boot.sh BUILD [RUNS]
# Under TCG, medians of RUNS boots (default 5) of the demo's setup (Debian's
# 6.12 cloud kernel as the injector, a guest disk with Debian's 6.1 kernel):
#   injector stage   QEMU start to the injector's `status=ok` line, against
#                    the same stock kernel booted straight to a trivial init
#                    (goal: ratio <= 1.15)
#   init             injector-init's own time to status=ok (the status line's ms=)
#   whole boot       QEMU start to the guest init's report, injected, against
#                    the guest kernel booted straight from the same disk
#   stages           of the whole injected boots (bench/boot-stages.pl)
#   initramfs        the injector archive's size, unpacked
set -eu
. "$(dirname "$0")/qemu-env.sh"
trap 'rm -rf "$work"' EXIT

make_injector 6.12 "$work" && make_guest_disk 6.1 "$work" >/dev/null && make_payload "$work" >/dev/null
mkdir -p "$work/direct/bin"
cp /bin/busybox "$work/direct/bin/"
printf '#!/bin/busybox sh\necho DIRECT-INIT\n/bin/busybox poweroff -f\n' > "$work/direct/init"
chmod 755 "$work/direct/init"
(cd "$work/direct" && find . | cpio -o -H newc -R 0:0 --quiet) > "$work/direct.cpio"
guest_kernel=$(kroot 6.1)/boot/vmlinuz-$(kver 6.1)
guest_initrd=$work/guest-6.1/initrd.img

disk="-drive file=$work/disk.img,format=raw,if=virtio"

# clock NAME REGEX KERNEL INITRD APPEND [QEMU ARGS...]: one boot, appending
# "NAME SECONDS<tab>LINE" to the runs file (and the stages of a whole boot).
clock() {
	name=$1 regex=$2 k=$3 i=$4 a=$5
	shift 5
	r=$(BOOT_CLOCK_LOG="$work/console" "$top/bench/boot-clock.pl" "$regex" qemu-system-x86_64 \
		-machine accel=tcg -m 1024 -display none -monitor none -no-reboot -serial stdio \
		-kernel "$k" -initrd "$i" -append "console=ttyS0 panic=-1 $a" "$@" 2>"$work/qemu.err") || {
		echo "bench: $name: no console line matching '$regex'" >&2
		cat "$work/qemu.err" "$work/console" >&2
		exit 1
	}
	printf '%s %s\n' "$name" "$r" >> "$work/runs"
	[ "$name" != whole ] || "$top/bench/boot-stages.pl" "$work/console" | sed 's/^/stage_/' >> "$work/runs"
}
# Interleaved, so that the load of a shared machine hits each kind alike.
# shellcheck disable=SC2086
for _ in $(seq "$runs"); do
	clock injector 'INJECTOR: status=ok' "$work/injector.vmlinuz" "$work/vm.cpio" \
		injector.fail=poweroff $disk
	clock direct DIRECT-INIT "$build/kernels/linux-6.12-cloud-amd64/vmlinuz" \
		"$work/direct.cpio" ""
	clock whole '^GUEST: ' "$work/injector.vmlinuz" "$work/vm.cpio" injector.fail=poweroff $disk
	clock guest '^GUEST: ' "$guest_kernel" "$guest_initrd" "root=UUID=$(fs_uuid ext4)" $disk
done

median() { # median NAME [ms]: of the seconds, or of the lines' ms= fields
	grep "^$1 " "$work/runs" | if [ "${2:-}" = ms ]; then
		sed -n 's/.* ms=\([0-9]*\).*/\1/p'
	else
		cut -d' ' -f2 | cut -f1
	fi | median_of
}
inj=$(median injector) direct=$(median direct) init=$(median injector ms)
whole=$(median whole) guest=$(median guest)
printf 'boot under TCG, medians of %s runs (QEMU start to the line):\n' "$runs"
printf '  injector stage (to status=ok)      %6.2f s\n' "$inj"
printf '  stock 6.12 straight to its init    %6.2f s   ratio %.2f (goal <= 1.15)\n' "$direct" \
	"$(echo "$inj / $direct" | bc -l)"
printf '  injector-init, start to status=ok  %6d ms (ms=, the load included)\n' "$init"
printf '  whole injected boot (to GUEST:)    %6.2f s\n' "$whole"
printf '  guest kernel booted straight       %6.2f s   ratio %.2f\n' "$guest" \
	"$(echo "$whole / $guest" | bc -l)"
printf 'stages of the whole injected boot, medians (ms; in-VM clocks, the jump on the host):\n'
for s in kernel_to_init archive_unpack init_exec coldplug root_search mount inject kernel_choice \
	kexec kexec_read kexec_load init_to_load_syscall jump_to_guest_line; do
	grep -q "^stage_$s " "$work/runs" && printf '  %-20s %6d\n' "$s" "$(median "stage_$s")"
done
printf '  injector initramfs unpacked: %s bytes (%s bytes as built)\n' \
	"$(zstd -dcqf "$work/injector.cpio" | wc -c)" \
	"$(stat -c %s "$work/injector.cpio")"
