/* SPDX-License-Identifier: MIT */
/*
 * The x86 boot protocol's data structures, laid out as in Linux's
 * arch/x86/include/uapi/asm/bootparam.h and documented in
 * Documentation/arch/x86/boot.rst. These structs are the single source of
 * truth for every offset this project reads or writes in a bzImage or in a
 * zero page; the static assertions pin them to the documented offsets.
 *
 * All fields are little-endian. This header is included by the host tool and
 * by the freestanding boot stub, so it uses nothing beyond <stdint.h>.
 */
#ifndef BOOTPARAM_H
#define BOOTPARAM_H

#include <stddef.h>
#include <stdint.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "boot protocol structures are read in place: little-endian hosts only");

#define SETUP_HEADER_OFFSET 0x1f1 /* in the file and in the zero page */
#define SECTOR_SIZE 512
#define BOOT_FLAG_MAGIC 0xaa55
#define HDRS_MAGIC 0x53726448      /* "HdrS" */
#define KERNEL_INFO_MAGIC 0x506f544c /* "LToP" */
#define DEFAULT_SETUP_SECTS 4      /* setup_sects == 0 means 4 */
#define KERNEL_64BIT_ENTRY 0x200   /* startup_64, from the protected-mode start */

/* loadflags */
#define LOADED_HIGH (1 << 0)
#define KASLR_FLAG (1 << 1)
#define QUIET_FLAG (1 << 5)
#define KEEP_SEGMENTS (1 << 6)
#define CAN_USE_HEAP (1 << 7)

/* xloadflags */
#define XLF_KERNEL_64 (1 << 0)
#define XLF_CAN_BE_LOADED_ABOVE_4G (1 << 1)
#define XLF_EFI_HANDOVER_32 (1 << 2)
#define XLF_EFI_HANDOVER_64 (1 << 3)
#define XLF_EFI_KEXEC (1 << 4)
#define XLF_5LEVEL (1 << 5)
#define XLF_5LEVEL_ENABLED (1 << 6)
#define XLF_MEM_ENCRYPTION (1 << 7)

struct setup_header {
	uint8_t setup_sects;
	uint16_t root_flags;
	uint32_t syssize; /* protected-mode part, in 16-byte units */
	uint16_t ram_size;
	uint16_t vid_mode;
	uint16_t root_dev;
	uint16_t boot_flag;
	uint16_t jump;
	uint32_t header;
	uint16_t version;
	uint32_t realmode_swtch;
	uint16_t start_sys_seg;
	uint16_t kernel_version; /* string at this value + 0x200 in the file */
	uint8_t type_of_loader;
	uint8_t loadflags;
	uint16_t setup_move_size;
	uint32_t code32_start;
	uint32_t ramdisk_image;
	uint32_t ramdisk_size;
	uint32_t bootsect_kludge;
	uint16_t heap_end_ptr;
	uint8_t ext_loader_ver;
	uint8_t ext_loader_type;
	uint32_t cmd_line_ptr;
	uint32_t initrd_addr_max;
	uint32_t kernel_alignment;
	uint8_t relocatable_kernel;
	uint8_t min_alignment;
	uint16_t xloadflags;
	uint32_t cmdline_size;
	uint32_t hardware_subarch;
	uint64_t hardware_subarch_data;
	uint32_t payload_offset; /* from the protected-mode start */
	uint32_t payload_length;
	uint64_t setup_data;
	uint64_t pref_address;
	uint32_t init_size;
	uint32_t handover_offset;    /* from the protected-mode start */
	uint32_t kernel_info_offset; /* from the protected-mode start */
} __attribute__((packed));

#define SETUP_FIELD_AT(field, off) \
	_Static_assert(SETUP_HEADER_OFFSET + offsetof(struct setup_header, field) == (off), #field)
SETUP_FIELD_AT(syssize, 0x1f4);
SETUP_FIELD_AT(boot_flag, 0x1fe);
SETUP_FIELD_AT(header, 0x202);
SETUP_FIELD_AT(version, 0x206);
SETUP_FIELD_AT(kernel_version, 0x20e);
SETUP_FIELD_AT(code32_start, 0x214);
SETUP_FIELD_AT(ramdisk_image, 0x218);
SETUP_FIELD_AT(cmd_line_ptr, 0x228);
SETUP_FIELD_AT(kernel_alignment, 0x230);
SETUP_FIELD_AT(xloadflags, 0x236);
SETUP_FIELD_AT(payload_offset, 0x248);
SETUP_FIELD_AT(setup_data, 0x250);
SETUP_FIELD_AT(pref_address, 0x258);
SETUP_FIELD_AT(init_size, 0x260);
SETUP_FIELD_AT(kernel_info_offset, 0x268);
_Static_assert(SETUP_HEADER_OFFSET + sizeof(struct setup_header) == 0x26c, "setup_header size");

/* Boot protocol 2.15: the kernel_info block at kernel_info_offset. */
struct kernel_info {
	uint32_t header; /* KERNEL_INFO_MAGIC */
	uint32_t size;
	uint32_t size_total;
	uint32_t setup_type_max;
} __attribute__((packed));

#define E820_MAX_ENTRIES_ZEROPAGE 128
#define E820_TYPE_RAM 1

struct boot_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

struct setup_data {
	uint64_t next;
	uint32_t type;
	uint32_t len;
	uint8_t data[];
} __attribute__((packed));

/* The zero page: only the fields this project touches are named. */
/* What an EFI loader that enters the kernel the legacy way leaves (boot_params.efi_info). */
#define EFI_LOADER_SIGNATURE_64 0x34364c45 /* "EL64" */
#define EFI_LOADER_SIGNATURE_32 0x32334c45 /* "EL32" */

struct efi_info {
	uint32_t efi_loader_signature;
	uint32_t efi_systab;
	uint32_t efi_memdesc_size;
	uint32_t efi_memdesc_version;
	uint32_t efi_memmap; /* the EFI memory map the kernel reads: in RAM e820 calls usable */
	uint32_t efi_memmap_size;
	uint32_t efi_systab_hi;
	uint32_t efi_memmap_hi;
} __attribute__((packed));

struct boot_params {
	uint8_t _pad0[0x0c0];
	uint32_t ext_ramdisk_image;
	uint32_t ext_ramdisk_size;
	uint32_t ext_cmd_line_ptr;
	uint8_t _pad1[0x1c0 - 0x0cc];
	struct efi_info efi_info;
	uint8_t _pad1b[0x1e4 - 0x1e0];
	uint32_t scratch; /* startup_32 uses it as a 4-byte stack */
	uint8_t e820_entries;
	uint8_t _pad2[0x1ef - 0x1e9];
	uint8_t sentinel; /* nonzero: the loader did not clear the zero page */
	uint8_t _pad2b[SETUP_HEADER_OFFSET - 0x1f0];
	struct setup_header hdr;
	uint8_t _pad3[0x2d0 - 0x26c];
	struct boot_e820_entry e820_table[E820_MAX_ENTRIES_ZEROPAGE];
	uint8_t _pad4[0x1000 - 0xcd0];
} __attribute__((packed));

_Static_assert(offsetof(struct boot_params, ext_ramdisk_image) == 0x0c0, "ext_ramdisk_image");
_Static_assert(offsetof(struct boot_params, efi_info) == 0x1c0, "efi_info");
_Static_assert(sizeof(struct efi_info) == 0x20, "efi_info size");
_Static_assert(offsetof(struct boot_params, scratch) == 0x1e4, "scratch");
_Static_assert(offsetof(struct boot_params, e820_entries) == 0x1e8, "e820_entries");
_Static_assert(offsetof(struct boot_params, sentinel) == 0x1ef, "sentinel");
_Static_assert(offsetof(struct boot_params, hdr) == SETUP_HEADER_OFFSET, "hdr");
_Static_assert(offsetof(struct boot_params, e820_table) == 0x2d0, "e820_table");
_Static_assert(sizeof(struct boot_params) == 0x1000, "boot_params is one page");

#endif
