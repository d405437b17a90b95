#!/bin/sh
# Secure Boot through the stub's PE entry, with Debian's snakeoil OVMF (db =
# /usr/share/ovmf/PkKek-1-snakeoil.pem): systemd-boot and the injector kernel
# signed by `embed --sign-key` with the snakeoil key (passphrase-protected)
# boot from an ESP; the firmware verifies the injector, and the stub lets
# exactly the stock kernel it carries through LoadImage (stub/efi_security.h).
# Both archives are unpacked, the per-VM one last, on 6.1 and 6.12. An
# unsigned injector kernel is refused by the firmware.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
. "$(dirname "$0")/../efi.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"
echo snakeoil > "$work/snakeoil.pass"
sign="--sign-key $SNAKEOIL_KEY --sign-cert $SNAKEOIL_CERT --sign-pass-file $work/snakeoil.pass"
SB_LINE='Secure boot enabled'

make_archive_pair
snakeoil_sign "$SD_BOOT" "$work/sd-boot.efi"
for series in 6.1 6.12; do
	inj=$work/injector-$series log=$work/$series.log
	# shellcheck disable=SC2086
	"$VT" embed -o "$inj" $sign "$(kernel "$series")" "$work/embedded.cpio" 2>/dev/null
	sd_esp "$work/esp.img" "$inj" "$work/pervm.cpio" "console=ttyS0 panic=-1" "$work/sd-boot.efi"
	# shellcheck disable=SC2046
	esp_boot "$work/esp.img" "$log" 240 $(ovmf_args snakeoil)
	check "$series, Secure Boot, signed: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]
	check "$series, Secure Boot, signed: through the stub's PE entry" grep -aq "$PE_LINE" "$log"
	check "$series, Secure Boot, signed: the kernel saw Secure Boot on" grep -aq "$SB_LINE" "$log"
done

"$VT" embed -o "$work/unsigned" "$(kernel 6.12)" "$work/embedded.cpio" 2>/dev/null
sd_esp "$work/esp.img" "$work/unsigned" "$work/pervm.cpio" "console=ttyS0 panic=-1" \
	"$work/sd-boot.efi"
# shellcheck disable=SC2046
esp_boot "$work/esp.img" "$work/unsigned.log" 90 $(ovmf_args snakeoil)
check "Secure Boot, unsigned injector: systemd-boot started" grep -aq 'systemd-boot\|injector' "$work/unsigned.log"
check "Secure Boot, unsigned injector: refused, no kernel ran" \
	sh -c "! grep -aq 'Linux version' '$work/unsigned.log'"
finish
