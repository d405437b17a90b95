# vmlinuz-tool and the injector: build, test, install.
#   make            build everything
#   make check      install what the tests need, then run them all (TAP, via prove)
#   make deb        the Debian package, in build/deb/ (make check-deb: installed and booted)
#   make demo       the end-to-end demo (README)
#   make bench      benchmarks (bench/)
#   make bad-inputs the README's table of bad inputs, from running them
#   make stress     power cuts during injection (STRESS_RUNS=50), not in make check
#   make fuzz       run the libFuzzer targets for FUZZ_SECONDS each
#   make fuzz-campaign   FUZZ_RUNS executions of each, one after the other
#   make install    PREFIX=/usr/local DESTDIR= (hooks: SYSCONFDIR=/etc STATEDIR=/var/lib/vmlinuz-tool)

BUILD ?= build
PREFIX ?= /usr/local
# The Debian kernel and libvirt hooks only work where those look: /etc.
SYSCONFDIR ?= /etc
STATEDIR ?= /var/lib/vmlinuz-tool
DESTDIR ?=
FUZZ_SECONDS ?= 60
# One home for the version: debian/changelog's first entry (a native package).
# Its first line is "vmlinuz-tool (VERSION) ...": the second word, unbracketed.
paren_open := (
paren_close := )
VERSION := $(subst $(paren_open),,$(subst $(paren_close),,$(word 2,$(shell head -n 1 debian/changelog))))
FUZZ_RUNS ?= 10000000

CC ?= cc
FUZZ_CC ?= clang
PKGS := libelf libarchive libzstd liblzma liblz4 lzo2 zlib libdeflate libkmod
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lbz2
CFLAGS ?= -O2 -g
# Error messages are cut to their buffer on purpose: no format-truncation warning.
WARNINGS := -Wno-format-truncation -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wvla \
	-Wformat=2 -Werror=implicit-function-declaration
ALL_CFLAGS = -std=gnu11 -D_GNU_SOURCE $(WARNINGS) $(CPPFLAGS) $(CFLAGS) -DVERSION='"$(VERSION)"' $(PKG_CFLAGS)

# The tree is the architecture (README, "Source layout"): common/ is shared
# with injector-init, lib/*/ is the library the tool is a thin CLI over
# (each folder one job; mk/check-layout.sh keeps the dependency direction),
# stub/ is freestanding boot code, injector-init/ the PID 1.
LIB_DIRS := util codec cpio image embed initramfs update status
LIB_SRCS := $(wildcard common/*.c) $(foreach d,$(LIB_DIRS),$(wildcard lib/$(d)/*.c))
TOOL_SRCS := $(wildcard vmlinuz-tool/*.c)
INCLUDES := -I. -Icommon -Ilib
# tests/unit mirrors the tree; injector-init's tests have rules of their own.
UNIT_SRCS := $(filter-out tests/unit/injector-init/%,$(shell find tests/unit -name 'test_*.c'))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))

LIB := $(BUILD)/lib/libvmlinuz.a
BIN := $(BUILD)/bin/vmlinuz-tool
MKBZIMAGE := $(BUILD)/tests/mkbzimage
KEXEC_LAUNCH := $(BUILD)/tests/kexec-launch
BTRFS_SNAPSHOT := $(BUILD)/tests/btrfs-snapshot
FUZZERS := $(BUILD)/fuzz/fuzz_bzimage $(BUILD)/fuzz/fuzz_manifest $(BUILD)/fuzz/fuzz_status \
	$(BUILD)/fuzz/fuzz_cpio
FUZZ_HEADERS := $(wildcard tests/fuzz/*.h common/*.h)

all: $(BIN) $(BUILD)/bin/injector-init

include stub/stub.mk
include injector-init/injector-init.mk

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(INCLUDES) -MMD -MP -c -o $@ $<

$(BUILD)/obj/tests/%.o: ALL_CFLAGS += -Itests/unit

# The boot stub blob is linked into the tool as data.
$(BUILD)/obj/lib/embed/stub_blob.o: lib/embed/stub_blob.S $(STUB_BIN)
	@mkdir -p $(@D)
	$(CC) -c -DSTUB_BIN='"$(STUB_BIN)"' -o $@ $<

# Made afresh: a file moved or removed must not leave its old object inside.
$(LIB): $(LIB_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/lib/embed/stub_blob.o
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(TOOL_SRCS:%.c=$(BUILD)/obj/%.o) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# ---- tests -----------------------------------------------------------------

KERNEL_CACHE := $(BUILD)/kernels
FIXTURES := $(BUILD)/fixtures
TINY := $(BUILD)/tinykernel
TINY_612 := $(BUILD)/tinykernel-6.12
BUILDERS := $(BUILD)/tinykernel-builders
BUILDERS_612 := $(BUILD)/tinykernel-builders-6.12
CODECS := gzip bzip2 lzma xz lzo lz4 zstd

$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(shell pkg-config --libs cmocka)

# The stub's placement logic, compiled for the host.
$(BUILD)/tests/unit/stub/test_place: $(BUILD)/obj/tests/unit/stub/test_place.o \
	$(PLACE_SRCS:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(shell pkg-config --libs cmocka)

# The EFI entry's initrd= reader, compiled for the host against a fake volume.
$(BUILD)/tests/unit/stub/test_efi_initrd_files: $(BUILD)/obj/tests/unit/stub/test_efi_initrd_files.o \
	$(BUILD)/obj/stub/efi_initrd_files.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(shell pkg-config --libs cmocka)

# Static: they run from a bare initramfs.
$(KEXEC_LAUNCH) $(BTRFS_SNAPSHOT): $(BUILD)/tests/%: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static -o $@ $<

$(MKBZIMAGE): $(BUILD)/obj/tests/tools/mkbzimage.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^

# Synthetic bzImages, one per codec, compressed the way the kernel's build does.
$(FIXTURES)/.done: tests/fixtures/make-fixtures.sh $(MKBZIMAGE)
	tests/fixtures/make-fixtures.sh $(FIXTURES) $(MKBZIMAGE)
	@touch $@

# $(call logged,COMMAND): COMMAND's output kept in the target's build.log,
# its tail shown when it fails.
define logged
@mkdir -p $(@D)
$(1) > $(@D)/build.log 2>&1 || { tail -n 30 $(@D)/build.log; exit 1; }
@touch $@
endef

# tinyconfig kernels with a real built-in initramfs, one per codec, built
# from Debian's linux-source-6.1 (about 5 minutes, once; the log is kept),
# and a linux-source-6.12 tree only configured, for the builders' set.
$(TINY)/.done: tests/fixtures/make-tinykernel.sh tests/fixtures/tiny-init.c \
	/usr/src/linux-source-6.1.tar.xz
	$(call logged,tests/fixtures/make-tinykernel.sh $(TINY) 6.1 $(CODECS))
$(TINY_612)/.done: tests/fixtures/make-tinykernel.sh tests/fixtures/tiny-init.c \
	/usr/src/linux-source-6.12.tar.xz
	$(call logged,tests/fixtures/make-tinykernel.sh $(TINY_612) 6.12)

# The same source and object trees, rebuilt the way people build kernels:
# compressed built-in initramfs, directory or list, EFI stub on or off
# (incremental on 6.1: a few minutes; 6.12's first fixture is its one full
# build; the logs are kept).
$(BUILDERS)/.done: tests/fixtures/make-tinykernel-builders.sh $(TINY)/.done
	$(call logged,tests/fixtures/make-tinykernel-builders.sh $(BUILDERS) $(TINY))
$(BUILDERS_612)/.done: tests/fixtures/make-tinykernel-builders.sh $(TINY_612)/.done
	$(call logged,tests/fixtures/make-tinykernel-builders.sh $(BUILDERS_612) $(TINY_612))

# Every x86 flavour Debian builds, of both series: the tests boot them all.
KERNEL_FLAVOURS := cloud-amd64 amd64 rt-amd64

kernels:
	@mkdir -p $(KERNEL_CACHE)
	for s in 6.1 6.12; do for f in $(KERNEL_FLAVOURS); do \
		mk/debian-kernel.sh $$s $$f $(KERNEL_CACHE) >/dev/null || exit 1; done; done

deps:
	mk/deps.sh

TEST_ENV = VT=$(abspath $(BIN)) VT_BUILD=$(abspath $(BUILD)) \
	VT_KERNELS=$(abspath $(KERNEL_CACHE)) VT_FIXTURES=$(abspath $(FIXTURES)) \
	VT_TINY=$(abspath $(TINY)) VT_BUILDERS="$(abspath $(BUILDERS) $(BUILDERS_612))" \
	VT_FUZZERS="$(abspath $(FUZZERS))" VT_KEXEC_LAUNCH=$(abspath $(KEXEC_LAUNCH)) \
	VT_BTRFS_SNAPSHOT=$(abspath $(BTRFS_SNAPSHOT)) \
	CMOCKA_MESSAGE_OUTPUT=TAP

test: all $(UNIT_TESTS) $(KEXEC_LAUNCH) $(BTRFS_SNAPSHOT) $(FIXTURES)/.done $(TINY)/.done $(BUILDERS)/.done \
	$(BUILDERS_612)/.done $(FUZZERS) kernels
	$(TEST_ENV) prove --exec '' $(UNIT_TESTS) $(wildcard tests/cli/*.t) tests/qemu/*.t

# prove's summary must be the last line: no directory messages after it.
check:
	mk/deps.sh
	mk/check-layout.sh
	$(MAKE) --no-print-directory test

check-layout:
	mk/check-layout.sh

# The .deb installed by apt into a fresh Debian 12 root (also part of `make test`).
check-deb: all
	$(TEST_ENV) prove --exec '' tests/qemu/deb-install.t

# ---- fuzzing ---------------------------------------------------------------

FUZZ_CFLAGS = -std=gnu11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRCS) $(BUILD)/obj/lib/embed/stub_blob.o \
		$(FUZZ_HEADERS) $(wildcard lib/*/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(INCLUDES) -o $@ $(filter-out %.h,$^) $(PKG_LIBS)

# Seeds: tests/fuzz/corpus/NAME/ (committed); new inputs go to build/fuzz/corpus-NAME.
fuzz: $(FUZZERS)
	for f in $(FUZZERS); do \
		mkdir -p $(BUILD)/fuzz/corpus-$${f##*/}; \
		$$f -timeout=10 -max_total_time=$(FUZZ_SECONDS) $(BUILD)/fuzz/corpus-$${f##*/} \
			tests/fuzz/corpus/$${f##*/} || exit 1; \
	done

# FUZZ_RUNS executions of each target, one at a time at nice 19; a table of
# executions, crashes and timeouts per target (mk/fuzz-campaign.sh).
fuzz-campaign: $(FUZZERS)
	FUZZ_RUNS=$(FUZZ_RUNS) mk/fuzz-campaign.sh $(BUILD)/fuzz $(FUZZERS)

# ---- install, demo, bench ----------------------------------------------------

# The hooks get the installed paths (tests/lib.sh install_hook does the same for tests).
HOOK_SUBST = sed -e 's|@BINDIR@|$(PREFIX)/bin|g' -e 's|@CONFDIR@|$(SYSCONFDIR)/vmlinuz-tool|g' \
	-e 's|@STATEDIR@|$(STATEDIR)|g'

# injector-init sits beside vmlinuz-tool, where mkinitramfs looks for it; a
# local update.conf is kept.
install: all
	install -D -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/vmlinuz-tool
	install -D -m 0755 $(BUILD)/bin/injector-init $(DESTDIR)$(PREFIX)/bin/injector-init
	ln -sf vmlinuz-tool $(DESTDIR)$(PREFIX)/bin/vmlinuz-embed
	install -d $(DESTDIR)$(PREFIX)/share/vmlinuz-tool/distro-profiles
	install -m 0644 distro-profiles/* $(DESTDIR)$(PREFIX)/share/vmlinuz-tool/distro-profiles/
	install -D -m 0644 docs/vmlinuz-tool.1 $(DESTDIR)$(PREFIX)/share/man/man1/vmlinuz-tool.1
	install -D -m 0644 docs/injector-init.8 $(DESTDIR)$(PREFIX)/share/man/man8/injector-init.8
	install -D -m 0644 completion/vmlinuz-tool.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/vmlinuz-tool
	install -d $(DESTDIR)$(SYSCONFDIR)/kernel/postinst.d $(DESTDIR)$(SYSCONFDIR)/kernel/postrm.d \
		$(DESTDIR)$(SYSCONFDIR)/libvirt/hooks/qemu.d $(DESTDIR)$(SYSCONFDIR)/vmlinuz-tool/vms
	$(HOOK_SUBST) hooks/kernel-postinst > $(DESTDIR)$(SYSCONFDIR)/kernel/postinst.d/zz-vmlinuz-tool
	$(HOOK_SUBST) hooks/kernel-postrm > $(DESTDIR)$(SYSCONFDIR)/kernel/postrm.d/zz-vmlinuz-tool
	$(HOOK_SUBST) hooks/libvirt-qemu > $(DESTDIR)$(SYSCONFDIR)/libvirt/hooks/qemu.d/vmlinuz-tool
	chmod 0755 $(DESTDIR)$(SYSCONFDIR)/kernel/postinst.d/zz-vmlinuz-tool \
		$(DESTDIR)$(SYSCONFDIR)/kernel/postrm.d/zz-vmlinuz-tool \
		$(DESTDIR)$(SYSCONFDIR)/libvirt/hooks/qemu.d/vmlinuz-tool
	[ -e $(DESTDIR)$(SYSCONFDIR)/vmlinuz-tool/update.conf ] || \
		$(HOOK_SUBST) hooks/update.conf > $(DESTDIR)$(SYSCONFDIR)/vmlinuz-tool/update.conf

# The Debian package, built from a copy of the tree (the checkout stays
# clean): $(BUILD)/deb/vmlinuz-tool_$(VERSION)_amd64.deb.
deb:
	mk/deb.sh $(BUILD) $(VERSION)

# Power cuts during injection: STRESS_RUNS boots killed at random (mk/stress.sh).
STRESS_RUNS ?= 50
stress: all kernels
	mk/stress.sh $(BUILD) $(STRESS_RUNS)

demo:
	mk/deps.sh
	$(MAKE) all kernels
	mk/demo.sh $(BUILD)

# The README's table of bad inputs and their one-line errors, from running them.
bad-inputs: all kernels $(FIXTURES)/.done
	@bench/bad-inputs.sh $(abspath $(BIN)) $(abspath $(KERNEL_CACHE)) $(abspath $(FIXTURES)) \
		$(abspath $(INIT_BIN))

bench: all kernels $(TINY)/.done $(FUZZERS)
	bench/boot.sh $(BUILD)
	bench/extract.sh $(BIN) $(KERNEL_CACHE)/linux-6.12-cloud-amd64/vmlinuz
	bench/embed.sh $(BIN) $(KERNEL_CACHE)/linux-6.12-cloud-amd64/vmlinuz
	bench/embed-builtin.sh $(BIN) $(TINY)
	bench/payload-drift.sh $(BIN) $(KERNEL_CACHE)
	bench/mkinitramfs.sh $(BIN) $(KERNEL_CACHE)/linux-6.12-cloud-amd64
	bench/fuzz-speed.sh $(FUZZERS)
	bench/payload.sh $(BIN)
	bench/libvirt-hook.sh $(BIN)
	bench/real-guest.sh $(BUILD)

clean:
	rm -rf $(BUILD)/obj $(BUILD)/lib $(BUILD)/bin $(BUILD)/tests $(BUILD)/fuzz $(BUILD)/stub \
		$(FIXTURES)

# Keep intermediate objects: deleting them after the tests would print last.
.SECONDARY:
.PHONY: all test check check-layout check-deb kernels deps fuzz fuzz-campaign install deb demo bench bad-inputs stress clean
-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
