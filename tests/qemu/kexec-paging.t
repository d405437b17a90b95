#!/bin/sh
# injector-init's kexec_load purgatory switches to its own identity map
# (injector-init/idmap.h) in whatever paging mode relocate_kernel left: 4-level,
# or 5-level on a CPU with LA57 (QEMU's la57 feature). Three boots of the
# mission (6.12 injector, a guest disk with Debian's 6.1), each ending in the
# guest kernel seeing every change:
#   5-level injector -> 5-level guest (the purgatory loads its PML5);
#   4-level injector (no5lvl) -> 5-level guest (the guest's decompressor
#   climbs to 5 levels through its trampoline, above our PML4);
#   5-level injector -> 4-level guest (no5lvl appended by the payload: the
#   decompressor copies our PML4 into its trampoline and drops a level).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"

for series in 6.1 6.12; do
	check "$series is built for 5-level paging (CONFIG_X86_5LEVEL)" \
		grep -q '^CONFIG_X86_5LEVEL=y' "$(kroot "$series")"/boot/config-*
done
check "mission built" make_mission "$work"

# The same disk and injector with a payload that appends no5lvl for the guest.
mkdir -p "$work/guest4"
ln -s "$work/injector.vmlinuz" "$work/guest4/injector.vmlinuz"
ln -s "$work/disk.img" "$work/guest4/disk.img"
sed 's/^append .*/append  "console=ttyS0 injected=yes no5lvl"/' "$work/vm/vm.manifest" >"$work/vm/no5lvl.manifest"
check "no5lvl payload built" "$VT" payload --force -o "$work/guest4/vm.cpio" "$work/vm/no5lvl.manifest"

# guest_booted_with LOG ARG: the guest kernel, after the kexec, printed a command line with ARG.
guest_booted_with() { sed -n '/kexec_core: Starting new kernel/,$p' "$1" | grep -aq "Command line:.* $2"; }

# paging_case TAG NAME DIR INJECTOR-APPEND: the mission on a CPU with LA57, through kexec_load.
paging_case() {
	log=$work/$1.log
	BOOT_CPU=qemu64,+la57 boot_injected "$3" "$log" virtio-blk "injector.fail=poweroff $4" </dev/null
	check_mission "$log" "$2"
	check "$2: loaded by kexec_load" grep -aq 'ms (kexec_load)' "$log"
}

paging_case 5to5 "5-level injector, 5-level guest" "$work" ""
paging_case 4to5 "4-level injector (no5lvl), 5-level guest" "$work" no5lvl
paging_case 5to4 "5-level injector, 4-level guest" "$work/guest4" ""
check "the 4-level guest booted with no5lvl" guest_booted_with "$work/5to4.log" no5lvl
finish
