#!/bin/sh
# GRUB on EFI: Debian 12's GRUB 2.06 (grub-efi-amd64-bin) made with
# grub-mkstandalone -O x86_64-efi, on an mtools ESP under plain OVMF, on
# Debian's 6.1 and 6.12 kernels.
# - `linux` + `initrd`: Debian's 2.06 starts no PE image here; without Secure
#   Boot its `linux` is the legacy x86 loader, which enters the stub's 64-bit
#   entry with the initrd in boot_params (docs/injector-format.md, "EFI").
# - `chainloader` with two initrd= files on the command line: GRUB
#   LoadImage()s the injector, no LoadFile2 provider exists, so the stub's
#   PE entry reads the files from the ESP itself, in the order given (the
#   last one's /etc/who wins), and offers them behind the embedded archive.
# The whole mission (inject, kexec the guest's kernel) runs once under each.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
. "$(dirname "$0")/../efi.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"
OPTS="console=ttyS0 panic=-1"

# grub_esp IMAGE INJECTOR GRUB.CFG-TEXT [PERVM]: an ESP whose BOOTX64 is a
# standalone GRUB with that grub.cfg (halting when boot fails), the injector
# and the archives beside it: first.cpio and PERVM (pervm.cpio) as /pervm.cpio.
grub_esp() {
	printf '%s\n' "set timeout=0" "search --no-floppy --file /injector --set=root" "$3" "boot" "halt" \
		> "$work/grub.cfg"
	grub-mkstandalone -O x86_64-efi -o "$work/grubx64.efi" \
		--modules="part_gpt part_msdos fat search search_fs_file linux chain normal halt" \
		"boot/grub/grub.cfg=$work/grub.cfg" &&
		esp "$1" "$work/grubx64.efi" && mcopy -i "$1" "$2" ::/injector &&
		mcopy -i "$1" "$work/first.cpio" ::/first.cpio &&
		mcopy -i "$1" "${4:-$work/pervm.cpio}" ::/pervm.cpio
}

make_archive_pair
mkdir -p "$work/first-root/etc" && echo first > "$work/first-root/etc/who"
mkcpio "$work/first-root" "$work/first.cpio"
for series in 6.1 6.12; do
	inj=$work/injector-$series
	"$VT" embed -o "$inj" "$(kernel "$series")" "$work/embedded.cpio" 2>/dev/null
	log=$work/linux-$series.log
	grub_esp "$work/esp.img" "$inj" "$(printf 'linux /injector %s\ninitrd /pervm.cpio' "$OPTS")"
	esp_boot "$work/esp.img" "$log"
	check "$series, GRUB EFI linux + initrd: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]
	check "$series, GRUB EFI linux: the legacy loader, not the PE entry" \
		sh -c "! grep -aq 'EFI stub:' '$log'"
	log=$work/chain-$series.log
	grub_esp "$work/esp.img" "$inj" "chainloader /injector initrd=/first.cpio initrd='\\pervm.cpio' $OPTS"
	esp_boot "$work/esp.img" "$log"
	check "$series, GRUB EFI chainloader + initrd=: $(report "$log")" \
		[ "$(report "$log")" = "$WANT_BOTH" ]
	check "$series, GRUB EFI chainloader: through the stub's PE entry" grep -aq "$PE_LINE" "$log"
done

# The other order: the last initrd= file wins, so both were read, in order.
grub_esp "$work/esp.img" "$work/injector-6.12" "chainloader /injector initrd=/pervm.cpio initrd=/first.cpio $OPTS"
esp_boot "$work/esp.img" "$work/reverse.log"
check "chainloader, initrd= files the other way round: $(report "$work/reverse.log")" \
	[ "$(report "$work/reverse.log")" = "INJTEST: embedded=yes pervm=yes last=first big=absent" ]

# A missing initrd= file: one line from the stub, no kernel.
grub_esp "$work/esp.img" "$work/injector-6.12" "chainloader /injector initrd=/missing.cpio $OPTS"
esp_boot "$work/esp.img" "$work/missing.log" 90
check "chainloader, a missing initrd= file: the stub says so" \
	grep -aq 'vmlinuz-tool stub: cannot open an initrd= file' "$work/missing.log"
check "chainloader, a missing initrd= file: no kernel ran" \
	sh -c "! grep -aq 'Linux version' '$work/missing.log'"

# The mission (6.12 injector, a guest disk with Debian's 6.1) under each.
make_mission "$work"
MISSION_OPTS="$OPTS injector.fail=poweroff"
grub_esp "$work/esp.img" "$work/injector.vmlinuz" \
	"$(printf 'linux /injector %s\ninitrd /pervm.cpio' "$MISSION_OPTS")" "$work/vm.cpio"
esp_mission "$work/esp.img" "$work/linux-mission.log" "mission, GRUB EFI linux + initrd"
check "mission, GRUB EFI linux: the legacy loader, not the PE entry" \
	sh -c "! grep -aq 'EFI stub:' '$work/linux-mission.log'"
grub_esp "$work/esp.img" "$work/injector.vmlinuz" \
	"chainloader /injector initrd=/pervm.cpio $MISSION_OPTS" "$work/vm.cpio"
esp_mission "$work/esp.img" "$work/chain-mission.log" "mission, GRUB EFI chainloader"
check "mission, GRUB EFI chainloader: through the stub's PE entry" \
	grep -aq "$PE_LINE" "$work/chain-mission.log"
finish
