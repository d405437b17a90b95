# The boot stub that `vmlinuz-tool embed` prepends (included by the top Makefile).
#   $(STUB_BIN)   the blob: head.S + part32.bin (-m32 C) + part64.bin (-m64 C, with the EFI entry)
#   PLACE_SRCS    host-compilable placement logic, for tests/unit/stub/test_place.c

BUILD ?= build
STUB_DIR := stub
STUB_OUT := $(BUILD)/stub
STUB_BIN := $(STUB_OUT)/stub.bin
PLACE_SRCS := $(STUB_DIR)/place.c

STUB_CC ?= gcc
STUB_LD ?= ld
STUB_OBJCOPY ?= objcopy
# Freestanding and position independent: the blob runs wherever the loader put it.
STUB_CFLAGS := -std=gnu11 -Os -Wall -Wextra -Wshadow -Wmissing-prototypes -Werror \
	-fomit-frame-pointer -ffreestanding -fno-builtin -nostdlib -fno-stack-protector -fpie -fvisibility=hidden \
	-mgeneral-regs-only -mno-red-zone -fcf-protection=none \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-tree-loop-distribute-patterns \
	-fno-jump-tables -Icommon
STUB_LDFLAGS := -nostdlib -static --no-dynamic-linker -z noexecstack --build-id=none \
	--no-warn-rwx-segments -L $(STUB_DIR)
STUB_COMMON := stub_main.c place.c mem.c serial.c
STUB32_OBJS := $(patsubst %.c,$(STUB_OUT)/32/%.o,$(STUB_COMMON) mode32.c)
STUB64_OBJS := $(patsubst %.c,$(STUB_OUT)/64/%.o,$(STUB_COMMON) mode64.c efi_entry.c efi_security.c efi_initrd_files.c)
STUB_HDRS := $(addprefix $(STUB_DIR)/,stub.h stub_abi.h place.h efi.h efi_security.h efi_initrd_files.h) common/bootparam.h

# The flags live here: objects depend on this file too.
$(STUB_OUT)/32/%.o: $(STUB_DIR)/%.c $(STUB_HDRS) $(STUB_DIR)/stub.mk
	@mkdir -p $(@D)
	$(STUB_CC) -m32 -march=i686 -mregparm=3 $(STUB_CFLAGS) -c -o $@ $<

$(STUB_OUT)/64/%.o: $(STUB_DIR)/%.c $(STUB_HDRS) $(STUB_DIR)/stub.mk
	@mkdir -p $(@D)
	$(STUB_CC) -m64 $(STUB_CFLAGS) -c -o $@ $<

# Linked at two bases: identical bytes prove there is nothing to relocate.
# (ld only sees a --defsym given before the script.)
$(STUB_OUT)/part32.bin: $(STUB32_OBJS) $(STUB_DIR)/part.ld
	$(STUB_LD) -m elf_i386 $(STUB_LDFLAGS) -T part.ld -o $@.elf $(STUB32_OBJS)
	$(STUB_LD) -m elf_i386 $(STUB_LDFLAGS) --defsym stub_link_base=0x100000 -T part.ld -o $@.moved.elf $(STUB32_OBJS)
	$(STUB_OBJCOPY) -O binary $@.elf $@.tmp
	$(STUB_OBJCOPY) -O binary $@.moved.elf $@.moved
	cmp $@.tmp $@.moved || { echo "$@: not position independent" >&2; exit 1; }
	mv $@.tmp $@

$(STUB_OUT)/part64.bin: $(STUB64_OBJS) $(STUB_DIR)/part.ld
	$(STUB_LD) -m elf_x86_64 $(STUB_LDFLAGS) -T part.ld -o $@.elf $(STUB64_OBJS)
	$(STUB_LD) -m elf_x86_64 $(STUB_LDFLAGS) --defsym stub_link_base=0x100000 -T part.ld -o $@.moved.elf $(STUB64_OBJS)
	$(STUB_OBJCOPY) -O binary $@.elf $@.tmp
	$(STUB_OBJCOPY) -O binary $@.moved.elf $@.moved
	cmp $@.tmp $@.moved || { echo "$@: not position independent" >&2; exit 1; }
	mv $@.tmp $@

# head.S jumps to the EFI entry inside part64.bin: its offset comes from the ELF.
$(STUB_OUT)/head.o: $(STUB_DIR)/head.S $(STUB_OUT)/part32.bin $(STUB_OUT)/part64.bin
	efi=$$(nm $(STUB_OUT)/part64.bin.elf | awk '$$3 == "stub_efi_main" { print "0x" $$1 }'); \
	test -n "$$efi" || { echo "$@: no stub_efi_main in part64" >&2; exit 1; }; \
	$(STUB_CC) -m64 -c -DPART32_BIN='"$(STUB_OUT)/part32.bin"' \
		-DPART64_BIN='"$(STUB_OUT)/part64.bin"' -DPART64_EFI=$$efi -o $@ $<

$(STUB_BIN): $(STUB_OUT)/head.o $(STUB_DIR)/part.ld $(STUB_DIR)/blob.ld
	$(STUB_LD) -m elf_x86_64 $(STUB_LDFLAGS) -T blob.ld -o $@.elf $<
	$(STUB_OBJCOPY) -O binary $@.elf $@.tmp
	@test $$(( $$(stat -c %s $@.tmp) % 4096 )) -eq 0 || { echo "$@: size not 4 KiB aligned" >&2; exit 1; }
	mv $@.tmp $@
