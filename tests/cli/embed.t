#!/bin/sh
# `vmlinuz-tool embed` / `vmlinuz-embed` as a user meets it: outputs, refusals,
# round trips, and the rule that nothing is left behind on failure.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
k612=$(kernel 6.12) k61=$(kernel 6.1)

mkdir -p root/etc && echo hi > root/etc/motd
mkcpio root a.cpio
echo other > root/etc/motd
mkcpio root b.cpio
lz4 -q -l a.cpio a.cpio.lz4legacy
lz4 -q a.cpio a.cpio.lz4frame
(cd root && echo etc | cpio -o -H odc --quiet) > a.odc
head -c 4096 /dev/urandom > noise

# one_error DESCRIPTION EXPECTED-PREFIX COMMAND...: exit 1, exactly one stderr
# line starting with EXPECTED-PREFIX, and no file but the inputs left.
one_error() {
	desc=$1 prefix=$2; shift 2
	before=$(ls -A | sort)
	"$@" >/dev/null 2>err; rc=$?
	lines=$(wc -l < err)
	check "$desc: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "$desc: one line '$prefix...' ($(head -c 200 err))" \
		[ "$lines" = 1 -a "$(head -c ${#prefix} err)" = "$prefix" ]
	check "$desc: nothing left behind" [ "$(ls -A | sort)" = "$before" ]
}

"$VT" embed "$k612" a.cpio 2>err
check "default output is injector.vmlinuz" [ -s injector.vmlinuz ]
check "embed keeps an EFI entry (no warning)" sh -c '! grep -q "EFI entries disabled" err'
json=$("$VT" inspect --json injector.vmlinuz)
check "inspect: embedded archive size and method" \
	[ "$(echo "$json" | jq -c .embedded_initramfs)" = "{\"size\":$(stat -c %s a.cpio),\"method\":\"stub\",\"compression\":\"none\"}" ]
check "inspect: EFI stub, not disabled" \
	[ "$(echo "$json" | jq -c '[.efi_stub, .efi_disabled]')" = '[true,false]' ]
check "inspect: the legacy entries and the stub's PE entry, no handover" \
	[ "$(echo "$json" | jq -c .entries)" = '["16-bit","32-bit","64-bit","PE"]' ]
# The PE header is one sbsign accepts; a signed injector stays an injector.
openssl req -new -x509 -newkey rsa:2048 -nodes -subj /CN=vt-test -days 1 \
	-keyout db.key -out db.crt 2>/dev/null
sbsign --key db.key --cert db.crt --output signed injector.vmlinuz 2>/dev/null
check "sbsign signs it, sbverify checks it" sbverify --cert db.crt signed
check "inspect: a signed injector kernel" \
	[ "$("$VT" inspect --json signed | jq -c '[.signed, .embedded_initramfs.method]')" = '[true,"stub"]' ]
"$VT" extract signed --stock stock-from-signed
check "extract --stock of a signed injector gives the stock kernel" cmp -s stock-from-signed "$k612"
"$VT" inspect injector.vmlinuz > text
check "inspect text names the method" grep -q "method stub" text
"$VT" extract injector.vmlinuz --stock stock
check "extract --stock gives the stock kernel byte for byte" cmp -s stock "$k612"
"$VT" extract injector.vmlinuz --initramfs arch
check "extract --initramfs gives the embedded archive" cmp -s arch a.cpio

"$VT" embed -o ab "$k612" a.cpio 2>/dev/null
"$VT" embed -o ab2 ab b.cpio 2>/dev/null
"$VT" embed -o b1 "$k612" b.cpio 2>/dev/null
check "embed(embed(stock, A), B) == embed(stock, B)" cmp -s ab2 b1
ln -s "$(command -v "$VT")" vmlinuz-embed
./vmlinuz-embed -o via-alias "$k612" b.cpio 2>/dev/null
check "vmlinuz-embed is embed" cmp -s via-alias b1
"$VT" embed -o lz "$k61" a.cpio.lz4legacy 2>/dev/null
check "legacy lz4 archive accepted" [ "$("$VT" inspect --json lz | jq -r .embedded_initramfs.compression)" = lz4 ]

one_error "existing output" "vmlinuz-tool: b1: already exists" "$VT" embed -o b1 "$k612" a.cpio
"$VT" embed --force -o b1 "$k612" a.cpio 2>/dev/null
check "--force replaces an existing output" cmp -s b1 injector.vmlinuz
cp a.cpio keep.cpio
one_error "output is the archive" "vmlinuz-tool: a.cpio: is an input file" \
	"$VT" embed --force -o a.cpio "$k612" a.cpio
check "the archive is unchanged" cmp -s a.cpio keep.cpio
one_error "lz4 frame archive" "vmlinuz-tool: a.cpio.lz4frame: is lz4 frame format" \
	"$VT" embed -o x "$k612" a.cpio.lz4frame
one_error "odc archive" "vmlinuz-tool: a.odc: is an odc cpio archive" \
	"$VT" embed -o x "$k612" a.odc
# A newc header whose name would take 4 GiB: refused before libarchive
# reserves that much, plain and gzip'd.
{ printf '070701'; for _ in $(seq 11); do printf '00000000'; done; printf 'FFFFFFFF00000000x'; } > forged.cpio
gzip -n < forged.cpio > forged.cpio.gz
one_error "newc name size of 4 GiB" \
	"vmlinuz-tool: forged.cpio: corrupt initramfs: cpio entry at offset 0: name of 4294967295 bytes" \
	"$VT" embed -o x "$k612" forged.cpio
one_error "the same, gzip'd" \
	"vmlinuz-tool: forged.cpio.gz: corrupt initramfs: cpio entry at offset 0: name of 4294967295 bytes" \
	"$VT" embed -o x "$k612" forged.cpio.gz
# lzop is read by lib/codec (Debian's libarchive would run the lzop program
# on the archive), and the forged header is caught behind it too.
lzop -c < forged.cpio > forged.cpio.lzo
one_error "the same, lzop'd" \
	"vmlinuz-tool: forged.cpio.lzo: corrupt initramfs: cpio entry at offset 0: name of 4294967295 bytes" \
	"$VT" embed -o x "$k612" forged.cpio.lzo
# An lzma header asking for a 4 GiB dictionary (libarchive's lzma reader
# has no memory limit): refused at the header, as decompress_lzma does.
{ printf '\135\000\367\377\377\377'; head -c 64 /dev/zero; } > dict.cpio.lzma
one_error "lzma archive with a 4 GiB dictionary" \
	"vmlinuz-tool: dict.cpio.lzma: corrupt initramfs: lzma stream asks for a dictionary of 4294964992 bytes" \
	"$VT" embed -o x "$k612" dict.cpio.lzma
lzop -c < a.cpio > a.cpio.lzo
check "embed: an lzop'd archive" "$VT" embed -o lzo.vmlinuz "$k612" a.cpio.lzo
one_error "random bytes as archive" "vmlinuz-tool: noise: is neither" \
	"$VT" embed -o x "$k612" noise
one_error "random bytes as kernel" "vmlinuz-tool: noise: not an x86 bzImage" \
	"$VT" embed -o x noise a.cpio
"$VT" embed -o x "$k612" a.cpio >/dev/null 2>&1
usage_rc=0
"$VT" embed "$k612" >/dev/null 2>&1 || usage_rc=$?
check "a missing argument is a usage error (exit 2)" [ "$usage_rc" = 2 ]
# --method: Debian's kernels carry the default 512-byte built-in archive.
"$VT" embed -o auto "$k61" a.cpio 2>err
check "auto on a default slot picks the stub and says so" \
	grep -q "auto: method stub: the built-in initramfs is the kernel's default one" err
check "... and makes a stub injector" [ "$("$VT" inspect --json auto | jq -r .embedded_initramfs.method)" = stub ]
"$VT" embed --method stub -o stub "$k61" a.cpio 2>/dev/null
check "--method stub gives what auto gave" cmp -s stub auto
head -c 4096 /dev/urandom > root/etc/noise
mkcpio root big.cpio
one_error "archive over the default slot" \
	"vmlinuz-tool: big.cpio: the archive is $(stat -c %s big.cpio) bytes, $(($(stat -c %s big.cpio) - 516)) more than the built-in initramfs slot holds (516); use --method stub" \
	"$VT" embed --method builtin -o x "$k61" big.cpio
rm -r root/etc/noise root/etc/motd
mkcpio root fits.cpio
"$VT" embed --method builtin -o builtin "$k61" fits.cpio 2>err
check "--method builtin fits $(stat -c %s fits.cpio) bytes into 6.1's slot: $(head -c 150 err)" \
	grep -q "builtin: method builtin: the archive replaced the built-in initramfs" err
check "... an ordinary kernel of the same size" \
	[ "$(stat -c %s builtin)" = "$(stat -L -c %s "$k61")" -a \
	  "$("$VT" inspect --json builtin | jq -r .embedded_initramfs)" = null ]
check "... whose built-in initramfs is the new archive" \
	[ "$("$VT" inspect builtin | sed -n '/^built-in initramfs/,/^embedded/p' | sed '1d;$d')" = "  etc" ]
method_rc=0
"$VT" embed --method other -o x "$k61" a.cpio >/dev/null 2>&1 || method_rc=$?
check "an unknown --method is a usage error (exit 2)" [ "$method_rc" = 2 ]
# --sign-key/--sign-cert: signed on the way out, with a passphrase-protected
# key too (Debian's snakeoil key, passphrase "snakeoil"); refusals leave no output.
sk=/usr/share/ovmf/PkKek-1-snakeoil.key sc=/usr/share/ovmf/PkKek-1-snakeoil.pem
verified() { sbverify --cert "$1" "$2" >/dev/null 2>&1; }
printf 'snakeoil\n' > pass
printf 'wrong\n' > wrong-pass
"$VT" embed -o signed-out --sign-key db.key --sign-cert db.crt "$k61" a.cpio 2>/dev/null
check "--sign-key/--sign-cert: sbverify accepts the output" verified db.crt signed-out
check "... which is the unsigned output, signed" \
	sh -c "'$VT' embed -o unsigned-out '$k61' a.cpio 2>/dev/null && '$VT' extract signed-out --stock s1 && '$VT' extract unsigned-out --stock s2 && cmp -s s1 s2 && [ \$(stat -c %s signed-out) -gt \$(stat -c %s unsigned-out) ]"
"$VT" embed -o signed-snakeoil --sign-key "$sk" --sign-cert "$sc" --sign-pass-file pass \
	"$k612" a.cpio 2>/dev/null
check "a passphrase-protected key with --sign-pass-file" verified "$sc" signed-snakeoil
check "... the embedded archive is the one given" \
	sh -c "'$VT' extract signed-snakeoil --initramfs arch-s && cmp -s arch-s a.cpio"
one_error "a passphrase-protected key without --sign-pass-file" \
	"vmlinuz-tool: $sk: cannot sign s: the key is passphrase-protected" \
	"$VT" embed -o s --sign-key "$sk" --sign-cert "$sc" "$k61" a.cpio
one_error "a wrong passphrase" \
	"vmlinuz-tool: $sk: cannot sign s: cannot decrypt the key with the passphrase in wrong-pass" \
	"$VT" embed -o s --sign-key "$sk" --sign-cert "$sc" --sign-pass-file wrong-pass "$k61" a.cpio
one_error "a key that is not one" "vmlinuz-tool: noise: cannot sign s: not a PEM private key" \
	"$VT" embed -o s --sign-key noise --sign-cert db.crt "$k61" a.cpio
one_error "a certificate that is not one" \
	"vmlinuz-tool: noise: cannot sign s: not a PEM X.509 certificate" \
	"$VT" embed -o s --sign-key db.key --sign-cert noise "$k61" a.cpio
one_error "a key that does not match the certificate" \
	"vmlinuz-tool: db.key: cannot sign s: the key does not match the certificate $sc" \
	"$VT" embed -o s --sign-key db.key --sign-cert "$sc" "$k61" a.cpio
one_error "a missing passphrase file" "vmlinuz-tool: nope: cannot sign s: cannot read" \
	"$VT" embed -o s --sign-key "$sk" --sign-cert "$sc" --sign-pass-file nope "$k61" a.cpio
one_error "a kernel without a PE header cannot be signed" "vmlinuz-tool: s: cannot sign s: sbsign failed" \
	"$VT" embed -o s --method stub --sign-key db.key --sign-cert db.crt "$VT_FIXTURES/gzip.bzImage" a.cpio
cp signed-out before
one_error "a failed signing keeps an existing output (--force)" \
	"vmlinuz-tool: noise: cannot sign signed-out: not a PEM private key" \
	"$VT" embed --force -o signed-out --sign-key noise --sign-cert db.crt "$k61" b.cpio
check "... as it was" cmp -s before signed-out
one_error "signing never writes over an input" "vmlinuz-tool: " \
	"$VT" embed --force -o a.cpio --sign-key db.key --sign-cert db.crt "$k61" a.cpio
for bad in "--sign-key db.key" "--sign-cert db.crt" "--sign-pass-file pass" \
	"--sign-key= --sign-cert=db.crt"; do
	sign_rc=0
	# shellcheck disable=SC2086
	"$VT" embed -o s $bad "$k61" a.cpio >/dev/null 2>&1 || sign_rc=$?
	check "'$bad' alone is a usage error (exit 2, got $sign_rc)" [ "$sign_rc" = 2 -a ! -e s ]
done
check "no decrypted key or scratch directory left in TMPDIR" \
	sh -c "! ls '${TMPDIR:-/tmp}' | grep -q vmlinuz-tool-sign"
"$VT" embed --help > help
check "--help exits 0 and shows the usage" grep -q "embed \[-o OUT\]" help
finish
