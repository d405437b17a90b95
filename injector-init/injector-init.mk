# injector-init, the PID 1 of the injector initramfs (included by the top Makefile).
#   $(INIT_BIN)     the program
#   unit tests      tests/unit/injector-init/test_*.c, added to UNIT_TESTS
#   fuzzers         tests/fuzz/fuzz_bootcfg*.c and fuzz_init_*.c, added to FUZZERS
#
# One folder, one part: bootcfg/ reads the guest's boot configuration and
# chooses its kernel, guest/ reaches into the guest root and writes there,
# sys/ needs the running system (mounts, modules, devices, kexec). Headers
# are included by their path from here ("guest/guestfs.h"), or by name
# within their own folder.

INIT_DIR := injector-init
INIT_BIN := $(BUILD)/bin/injector-init
INIT_PKGS := blkid
INIT_PKG_CFLAGS = $(shell pkg-config --cflags $(INIT_PKGS))
# Static: no loader, libc or libblkid beside it in the initramfs (smaller, and
# no dynamic linking at each start, which costs ~0.4 s under TCG).
INIT_PKG_LIBS = $(shell pkg-config --static --libs $(INIT_PKGS))

# The pure part, libc only: what the unit tests and fuzzers link.
INIT_PURE_SRCS := $(wildcard common/*.c) $(INIT_DIR)/log.c $(INIT_DIR)/cmdline.c \
	$(INIT_DIR)/coldplug_tier.c $(INIT_DIR)/modtable.c $(INIT_DIR)/memmap.c $(INIT_DIR)/zeropage.c \
	$(INIT_DIR)/idmap.c \
	$(sort $(wildcard $(INIT_DIR)/bootcfg/*.c $(INIT_DIR)/guest/*.c))
# PID 1 itself and what needs the running system: the program only.
INIT_SYS_SRCS := $(INIT_DIR)/main.c $(sort $(wildcard $(INIT_DIR)/sys/*.c $(INIT_DIR)/sys/*.S))
INIT_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(INIT_PURE_SRCS) $(INIT_SYS_SRCS)))
INIT_PURE_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(INIT_PURE_SRCS))
INIT_TESTS := $(patsubst %.c,$(BUILD)/%,$(wildcard tests/unit/$(INIT_DIR)/test_*.c))
UNIT_TESTS += $(INIT_TESTS)
INIT_FUZZERS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,\
	$(wildcard tests/fuzz/fuzz_bootcfg*.c tests/fuzz/fuzz_init_*.c))
FUZZERS += $(INIT_FUZZERS)

# Its own rule: injector-init sees common/ and itself, never vmlinuz-tool/.
$(BUILD)/obj/$(INIT_DIR)/%.o: $(INIT_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(INIT_DIR) -Icommon $(INIT_PKG_CFLAGS) -MMD -MP -c -o $@ $<

# The purgatory (sys/purgatory.S): bytes kexec_load copies, never run here.
$(BUILD)/obj/$(INIT_DIR)/%.o: $(INIT_DIR)/%.S
	@mkdir -p $(@D)
	$(CC) -c -o $@ $<

$(INIT_TESTS:$(BUILD)/%=$(BUILD)/obj/%.o): ALL_CFLAGS += -I$(INIT_DIR)

$(INIT_BIN): $(INIT_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -static -s -o $@ $^ $(INIT_PKG_LIBS)

# Explicit rules: they take precedence over the top Makefile's pattern, which links lib/.
$(INIT_TESTS): $(BUILD)/%: $(BUILD)/obj/%.o $(INIT_PURE_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(shell pkg-config --libs cmocka)

# The headers too: a fuzzer is one compile, with no .d file to list them.
$(INIT_FUZZERS): $(BUILD)/fuzz/%: tests/fuzz/%.c $(INIT_PURE_SRCS) $(FUZZ_HEADERS) \
		$(wildcard $(INIT_DIR)/*.h $(INIT_DIR)/*/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(INIT_DIR) -Icommon -o $@ $(filter %.c,$^)
