#!/bin/sh
# mk/demo.sh BUILD: the main job on a real default. From Debian's stock 6.12
# cloud kernel, build the injector kernel, a guest disk holding Debian's 6.1
# kernel, and a per-VM payload that injects an SSH key and a message of the
# day; boot it under QEMU with the console shown live; the guest's own kernel
# then reads the injected files.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
VT=$build/bin/vmlinuz-tool VT_KERNELS=$build/kernels
export VT VT_KERNELS
. "$top/tests/guest.sh"
out=$build/demo
mkdir -p "$out"

step() { printf '\n==> %s\n' "$*"; }

step "injector kernel: Debian's stock 6.12 cloud kernel + the injector initramfs"
make_injector 6.12 "$out"
"$VT" inspect "$out/injector.vmlinuz" | grep -E "^kernel version|^embedded"
step "guest disk: ext4 with Debian's 6.1 cloud kernel, built with mke2fs -d (no mounts)"
make_guest_disk 6.1 "$out"
step "per-VM payload from $out/vm/vm.manifest:"
make_payload "$out"
grep -v '^#' "$out/vm/vm.manifest"
step "booting under QEMU (TCG): injector -> inject -> kexec into the guest's kernel"
boot_injected "$out" "$out/console.log" &
qemu=$!
tail -n +1 -F "$out/console.log" 2>/dev/null | grep -a --line-buffered -E 'injector:|INJECTOR:|GUEST:|kexec_core' &
show=$!
wait "$qemu" || true
sleep 1
kill "$show" 2>/dev/null || true

step "result"
if grep -aq "^$GUEST_OK" "$out/console.log"; then
	echo "The guest's own kernel read the injected SSH key and message of the day."
else
	echo "demo FAILED: see $out/console.log" >&2
	exit 1
fi
step "authenticated status: the injector's line carrying vm.cpio's token (the guest cannot forge it)"
"$VT" status --token-file "$out/vm.cpio.token" "$out/console.log"
cat <<DONE
Outputs in $out:
  injector.vmlinuz   the injector kernel     (vmlinuz-tool embed)
  injector.cpio      the injector initramfs  (vmlinuz-tool mkinitramfs)
  vm.cpio            the per-VM payload      (vmlinuz-tool payload vm/vm.manifest)
  vm.cpio.token      its per-boot token      (vmlinuz-tool status --token-file)
  disk.img           the guest disk
  console.log        the serial console of the run
DONE
