#!/bin/sh
# UEFI boot loaders that only know PE images: systemd-boot (Debian 12's
# systemd-boot-efi) from an ESP built with mtools, a type #1 entry with
# `linux` = the injector kernel and `initrd` = the per-VM archive. It
# LoadImage()s the kernel and offers the initrd through its LoadFile2
# provider; the stub's EFI entry joins it behind the embedded archive. Both
# archives are unpacked, per-VM last, on Debian's 6.1 and 6.12 kernels. Then a
# UKI (systemd-stub, linuxx64.efi.stub) made with objcopy: .linux = the
# injector kernel, .initrd = the per-VM archive; systemd-stub offers .initrd
# through LoadFile2 and LoadImage()s .linux. The whole mission (inject,
# kexec the guest's kernel) runs once under each. Secure Boot: secure-boot.t.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
. "$(dirname "$0")/../efi.sh"
. "$(dirname "$0")/../uki.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"
make_archive_pair
for series in 6.1 6.12; do
	inj=$work/injector-$series log=$work/$series.log
	"$VT" embed -o "$inj" "$(kernel "$series")" "$work/embedded.cpio" 2>/dev/null
	sd_esp "$work/esp.img" "$inj" "$work/pervm.cpio" "console=ttyS0 panic=-1"
	esp_boot "$work/esp.img" "$log"
	check "$series, systemd-boot: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]
	check "$series, systemd-boot: through the stub's PE entry" grep -aq "$PE_LINE" "$log"
done

for series in 6.1 6.12; do
	log=$work/uki-$series.log
	printf '%s' "console=ttyS0 panic=-1" > "$work/cmdline"
	make_uki "$work/uki.efi" "$work/injector-$series" "$work/pervm.cpio" "$work/cmdline"
	esp "$work/esp.img" "$work/uki.efi" && esp_boot "$work/esp.img" "$log"
	check "$series, UKI: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]
	check "$series, UKI: through the stub's PE entry" grep -aq "$PE_LINE" "$log"
done

# The mission (6.12 injector, a guest disk with Debian's 6.1) under systemd-boot and in a UKI.
MISSION_OPTS="console=ttyS0 panic=-1 injector.fail=poweroff"
make_mission "$work"
sd_esp "$work/esp.img" "$work/injector.vmlinuz" "$work/vm.cpio" "$MISSION_OPTS"
esp_mission "$work/esp.img" "$work/mission.log" "mission, systemd-boot"
check "mission, systemd-boot: through the stub's PE entry" grep -aq "$PE_LINE" "$work/mission.log"
printf '%s' "$MISSION_OPTS" > "$work/cmdline"
make_uki "$work/uki.efi" "$work/injector.vmlinuz" "$work/vm.cpio" "$work/cmdline"
esp "$work/esp.img" "$work/uki.efi" && esp_mission "$work/esp.img" "$work/uki-mission.log" "mission, UKI"
check "mission, UKI: through the stub's PE entry" grep -aq "$PE_LINE" "$work/uki-mission.log"
finish
