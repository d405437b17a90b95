# injector-init, the PID 1 of the injector initramfs (included by the top Makefile).
#   $(INIT_BIN)     the program
#   unit tests      tests/unit/test_init_*.c, already in UNIT_TESTS (its wildcard)
#   fuzzers         tests/fuzz/fuzz_bootcfg*.c, added to FUZZERS

INIT_DIR := injector-init
INIT_BIN := $(BUILD)/bin/injector-init
INIT_PKGS := libkmod blkid
INIT_PKG_CFLAGS = $(shell pkg-config --cflags $(INIT_PKGS))
INIT_PKG_LIBS = $(shell pkg-config --libs $(INIT_PKGS))

# Pure parsers and guest-root access: what the unit tests and fuzzers link.
INIT_CORE_SRCS := common/clock.c common/err.c $(addprefix $(INIT_DIR)/, log.c cmdline.c version.c vartab.c \
	shellvars.c grubenv.c bootentry.c grubcfg.c bls.c guestfs.c bootcfg.c kernelpair.c \
	cmdsource.c kernelpick.c mkdirs.c replace.c inject_content.c inject.c osdetect.c)
# What needs the running system: mounts, modules, devices, kexec.
INIT_SYS_SRCS := common/manifest.c $(addprefix $(INIT_DIR)/, main.c earlymount.c modules.c \
	rootdev.c rootmount.c spawn.c kexec.c failure.c rescue_ssh.c payload.c)
INIT_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(INIT_CORE_SRCS) $(INIT_SYS_SRCS))
INIT_CORE_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(INIT_CORE_SRCS))
INIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_init_*.c))
INIT_FUZZERS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_bootcfg*.c))
FUZZERS += $(INIT_FUZZERS)

$(INIT_OBJS) $(INIT_TESTS:$(BUILD)/tests/%=$(BUILD)/obj/tests/unit/%.o): \
	ALL_CFLAGS += -I$(INIT_DIR) $(INIT_PKG_CFLAGS)

$(INIT_BIN): $(INIT_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(INIT_PKG_LIBS)

# Explicit rules: they take precedence over the top Makefile's test_% pattern.
$(INIT_TESTS): $(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(INIT_CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(shell pkg-config --libs cmocka)

$(INIT_FUZZERS): $(BUILD)/fuzz/%: tests/fuzz/%.c $(INIT_CORE_SRCS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(INIT_DIR) -Icommon -o $@ $^
