/* SPDX-License-Identifier: MIT */
/*
 * The few UEFI types the stub's EFI entry uses (UEFI 2.10: 4.3 system table,
 * 7 boot services, 9.1 loaded image, 10.3 device path nodes, 13.2 load
 * file 2; the Linux initrd vendor media GUID is Linux's
 * LINUX_EFI_INITRD_MEDIA_GUID; the security architectural protocols of the
 * UEFI PI specification, vol. 2, 12.8 and 12.9). Unused table slots are plain
 * pointers.
 */
#ifndef STUB_EFI_H
#define STUB_EFI_H

#include <stdint.h>

#define EFIAPI __attribute__((ms_abi))

typedef uint64_t efi_status;
typedef void *efi_handle;

#define EFI_ERROR_BIT	       (1ull << 63)
#define EFI_LOAD_ERROR	       (EFI_ERROR_BIT | 1)
#define EFI_INVALID_PARAMETER  (EFI_ERROR_BIT | 2)
#define EFI_UNSUPPORTED	       (EFI_ERROR_BIT | 3)
#define EFI_BUFFER_TOO_SMALL   (EFI_ERROR_BIT | 5)
#define EFI_SECURITY_VIOLATION (EFI_ERROR_BIT | 26)
#define EFI_NOT_FOUND	       (EFI_ERROR_BIT | 14)

#define EFI_ALLOCATE_ANY_PAGES 0
#define EFI_LOADER_DATA	       2
#define EFI_NATIVE_INTERFACE   0
#define EFI_PAGE	       4096

struct efi_guid {
	uint32_t d1;
	uint16_t d2, d3;
	uint8_t d4[8];
};

struct efi_table_header {
	uint64_t signature;
	uint32_t revision, header_size, crc32, reserved;
};

struct efi_text_out {
	void *reset;
	efi_status(EFIAPI *output_string)(struct efi_text_out *self, const uint16_t *s);
};

struct efi_device_path {
	uint8_t type, subtype;
	uint16_t length;
} __attribute__((packed));

struct efi_load_file2 {
	efi_status(EFIAPI *load_file)(struct efi_load_file2 *self, struct efi_device_path *path,
				      uint8_t boot_policy, uint64_t *size, void *buffer);
};

struct efi_boot_services {
	struct efi_table_header hdr;
	void *raise_tpl, *restore_tpl;
	efi_status(EFIAPI *allocate_pages)(int type, int mem, uint64_t pages, uint64_t *addr);
	efi_status(EFIAPI *free_pages)(uint64_t addr, uint64_t pages);
	void *get_memory_map, *allocate_pool, *free_pool;
	void *create_event, *set_timer, *wait_for_event, *signal_event, *close_event, *check_event;
	efi_status(EFIAPI *install_protocol_interface)(efi_handle *h, const struct efi_guid *g,
						       int type, void *iface);
	efi_status(EFIAPI *reinstall_protocol_interface)(efi_handle h, const struct efi_guid *g,
							 void *old_iface, void *new_iface);
	efi_status(EFIAPI *uninstall_protocol_interface)(efi_handle h, const struct efi_guid *g,
							 void *iface);
	efi_status(EFIAPI *handle_protocol)(efi_handle h, const struct efi_guid *g, void **iface);
	void *reserved, *register_protocol_notify, *locate_handle;
	efi_status(EFIAPI *locate_device_path)(const struct efi_guid *g,
					       struct efi_device_path **path, efi_handle *h);
	void *install_configuration_table;
	efi_status(EFIAPI *load_image)(uint8_t boot_policy, efi_handle parent,
				       struct efi_device_path *path, void *buf, uint64_t size,
				       efi_handle *image);
	efi_status(EFIAPI *start_image)(efi_handle image, uint64_t *exit_size,
					uint16_t **exit_data);
	void *exit;
	efi_status(EFIAPI *unload_image)(efi_handle image);
	void *exit_boot_services, *get_next_monotonic_count, *stall, *set_watchdog_timer;
	void *connect_controller, *disconnect_controller;
	void *open_protocol, *close_protocol, *open_protocol_information;
	void *protocols_per_handle, *locate_handle_buffer;
	efi_status(EFIAPI *locate_protocol)(const struct efi_guid *g, void *registration,
					    void **iface);
};

struct efi_system_table {
	struct efi_table_header hdr;
	uint16_t *fw_vendor;
	uint32_t fw_revision;
	efi_handle con_in_handle;
	void *con_in;
	efi_handle con_out_handle;
	struct efi_text_out *con_out;
	efi_handle stderr_handle;
	void *std_err;
	void *runtime;
	struct efi_boot_services *boot;
};

struct efi_loaded_image {
	uint32_t revision;
	efi_handle parent;
	struct efi_system_table *system_table;
	efi_handle device;
	struct efi_device_path *file_path;
	void *reserved;
	uint32_t load_options_size;
	void *load_options;
	void *image_base;
	uint64_t image_size;
};

_Static_assert(__builtin_offsetof(struct efi_system_table, con_out) == 64, "ConOut");
_Static_assert(__builtin_offsetof(struct efi_system_table, boot) == 96, "BootServices");
_Static_assert(__builtin_offsetof(struct efi_boot_services, install_protocol_interface) == 0x80,
	       "InstallProtocolInterface");
_Static_assert(__builtin_offsetof(struct efi_boot_services, locate_device_path) == 0xb8,
	       "LocateDevicePath");
_Static_assert(__builtin_offsetof(struct efi_boot_services, start_image) == 0xd0, "StartImage");
_Static_assert(__builtin_offsetof(struct efi_boot_services, unload_image) == 0xe0, "UnloadImage");
_Static_assert(__builtin_offsetof(struct efi_boot_services, locate_protocol) == 0x140,
	       "LocateProtocol");
_Static_assert(__builtin_offsetof(struct efi_loaded_image, load_options) == 56, "LoadOptions");
_Static_assert(__builtin_offsetof(struct efi_loaded_image, image_base) == 64, "ImageBase");

/* A vendor media node (type 4, subtype 3) and the end node: the initrd's path. */
struct efi_initrd_path {
	struct efi_device_path vendor;
	struct efi_guid guid;
	struct efi_device_path end;
} __attribute__((packed));

/* A memory-mapped node (type 1, subtype 3) and the end node: a buffer's path. */
struct efi_memory_path {
	struct efi_device_path mem;
	uint32_t memory_type;
	uint64_t start, end; /* end: the last byte */
	struct efi_device_path end_node;
} __attribute__((packed));

#define EFI_HARDWARE_DEVICE_PATH 1
#define EFI_HARDWARE_MEMMAP	 3
#define EFI_MEDIA_DEVICE_PATH	 4
#define EFI_MEDIA_VENDOR	 3
#define EFI_END_DEVICE_PATH	 0x7f
#define EFI_END_ENTIRE		 0xff

/* A file and a volume (UEFI 13.4, 13.5): only what reading a whole file needs. */
struct efi_file {
	uint64_t revision;
	efi_status(EFIAPI *open)(struct efi_file *self, struct efi_file **file,
				 const uint16_t *name, uint64_t mode, uint64_t attributes);
	efi_status(EFIAPI *close)(struct efi_file *self);
	void *delete_file;
	efi_status(EFIAPI *read)(struct efi_file *self, uint64_t *size, void *buffer);
	void *write;
	efi_status(EFIAPI *get_position)(struct efi_file *self, uint64_t *pos);
	efi_status(EFIAPI *set_position)(struct efi_file *self, uint64_t pos);
};

struct efi_simple_fs {
	uint64_t revision;
	efi_status(EFIAPI *open_volume)(struct efi_simple_fs *self, struct efi_file **root);
};

#define EFI_FILE_MODE_READ 1
#define EFI_FILE_END	   UINT64_MAX /* SetPosition: the end of the file */

/* What LoadImage asks before it loads an image (PI: Security and Security2). */
struct efi_security_arch {
	efi_status(EFIAPI *file_authentication_state)(struct efi_security_arch *self,
						      uint32_t auth_status,
						      const struct efi_device_path *file);
};

struct efi_security2_arch {
	efi_status(EFIAPI *file_authentication)(struct efi_security2_arch *self,
						const struct efi_device_path *file, void *buffer,
						uint64_t size, uint8_t boot_policy);
};

#endif
