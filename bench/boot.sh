#!/bin/sh
# bench/boot.sh BUILD [RUNS]
# Under TCG, medians of RUNS boots (default 5) of the demo's setup (Debian's
# 6.12 cloud kernel as the injector, a guest disk with Debian's 6.1 kernel):
#   injector stage   QEMU start to the injector's `status=ok` line, against
#                    the same stock kernel booted straight to a trivial init
#                    (goal: ratio <= 1.15)
#   init             injector-init's own time to kexec (the status line's ms=)
#   whole boot       QEMU start to the guest init's report, injected, against
#                    the guest kernel booted straight from the same disk
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

# clock NAME REGEX KERNEL INITRD APPEND [QEMU ARGS...]: RUNS boots, each
# appending "NAME SECONDS<tab>LINE" to the runs file.
clock() {
	name=$1 regex=$2 k=$3 i=$4 a=$5
	shift 5
	for _ in $(seq "$runs"); do
		r=$("$top/bench/boot-clock.pl" "$regex" qemu-system-x86_64 -machine accel=tcg \
			-m 1024 -display none -monitor none -no-reboot -serial stdio -kernel "$k" \
			-initrd "$i" -append "console=ttyS0 panic=-1 $a" "$@" 2>"$work/qemu.err") || {
			echo "bench: $name: no console line matching '$regex'" >&2
			cat "$work/qemu.err" >&2
			exit 1
		}
		printf '%s %s\n' "$name" "$r" >> "$work/runs"
	done
}
# shellcheck disable=SC2086
{
	clock injector 'INJECTOR: status=ok' "$work/injector.vmlinuz" "$work/vm.cpio" \
		injector.fail=poweroff $disk
	clock direct DIRECT-INIT "$build/kernels/linux-6.12-cloud-amd64/vmlinuz" \
		"$work/direct.cpio" ""
	clock whole '^GUEST: ' "$work/injector.vmlinuz" "$work/vm.cpio" injector.fail=poweroff $disk
	clock guest '^GUEST: ' "$guest_kernel" "$guest_initrd" "root=UUID=$(fs_uuid ext4)" $disk
}

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
printf '  injector-init, start to kexec      %6d ms\n' "$init"
printf '  whole injected boot (to GUEST:)    %6.2f s\n' "$whole"
printf '  guest kernel booted straight       %6.2f s   ratio %.2f\n' "$guest" \
	"$(echo "$whole / $guest" | bc -l)"
