/* SPDX-License-Identifier: MIT */
/* `vmlinuz-tool inspect [--json] IMAGE` */
#include <elf.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "image/builtin_slot.h"
#include "image/image.h"
#include "cpio/cpio_read.h"
#include "json.h"

struct names {
	char **v;
	size_t n;
};

static int add_name(const char *path, void *ctx)
{
	struct names *names = ctx;
	char **v = realloc(names->v, (names->n + 1) * sizeof(*v));

	if (!v)
		return -1;
	names->v = v;
	if (!(v[names->n] = strdup(path)))
		return -1;
	names->n++;
	return 0;
}

static void free_names(struct names *names)
{
	for (size_t i = 0; i < names->n; i++)
		free(names->v[i]);
	free(names->v);
}

/* In enum image_entry's bit order. */
static const char *const entry_names[IMAGE_ENTRY_COUNT] = { "16-bit", "32-bit", "64-bit",
							    "handover", "PE" };

static const char *const xloadflag_names[] = {
	"KERNEL_64",   "CAN_BE_LOADED_ABOVE_4G", "EFI_HANDOVER_32", "EFI_HANDOVER_64",
	"EFI_KEXEC",   "5LEVEL",                 "5LEVEL_ENABLED",  "MEM_ENCRYPTION",
};

/* An archive's compression as `inspect` names it: "none" for a plain cpio. */
static const char *archive_codec(const uint8_t *archive, size_t size)
{
	const struct codec *c = codec_detect(archive, size);

	return c ? c->name : "none";
}

/* The slot's codec, its capacity and how much of it the archive uses. */
static struct builtin_slot slot_of(const struct image *img)
{
	struct builtin_slot bs;

	builtin_slot_describe(img->vmlinux, &img->slot, &bs);
	return bs;
}

static const char *slot_codec(const struct image *img)
{
	const struct builtin_slot bs = slot_of(img);

	return bs.codec ? bs.codec->name : "none";
}

static const char *embedded_codec(const struct image *img)
{
	return archive_codec(stub_image_archive(&img->bz, img->injector),
			     img->injector->archive_size);
}

static const char *machine_name(uint16_t machine)
{
	return machine == EM_X86_64 ? "x86-64" : machine == EM_386 ? "i386" : "other";
}

/* The build-id as hex, or NULL when the kernel has none. */
static const char *build_id_hex(const struct vmlinux_info *vm, char out[2 * BUILD_ID_MAX + 1])
{
	for (size_t i = 0; i < vm->build_id_len; i++)
		sprintf(out + 2 * i, "%02x", vm->build_id[i]);
	return vm->build_id_len ? out : NULL;
}

static void print_pe(const struct image *img)
{
	const struct pe_image *pe = &img->pe;

	if (!pe->coff) {
		printf("EFI stub:           %s\n",
		       img->injector ? "disabled by embed: PE-only UEFI loaders refuse this kernel" : "no");
		return;
	}
	printf("EFI stub:           yes (%s%s, machine 0x%04x, entry 0x%x, %u sections)\n",
	       img->injector ? "the boot stub's entry, " : "",
	       pe->opt_magic == PE_OPT_MAGIC_PE32PLUS ? "PE32+" : "PE32", pe->coff->machine,
	       pe->entry_point, pe->coff->nsections);
	for (unsigned i = 0; i < pe->coff->nsections; i++) {
		const struct pe_section *s = &pe->sections[i];

		printf("  %-8.8s file 0x%08x+0x%08x  rva 0x%08x+0x%08x\n", s->name, s->raw_offset,
		       s->raw_size, s->virtual_address, s->virtual_size);
	}
	printf("signed:             %s\n", pe_is_signed(pe) ? "yes (Authenticode)" : "no");
}

static void print_vmlinux(const struct image *img, const struct vmlinux_info *vm)
{
	char id[2 * BUILD_ID_MAX + 1];
	const char *hex = build_id_hex(vm, id);

	printf("vmlinux:            ELF%d %s, %u bytes, build-id %s\n", vm->elf_class,
	       machine_name(vm->machine), img->bz.output_len, hex ? hex : "(none)");
	for (size_t i = 0; i < vm->nloads; i++) {
		const struct vmlinux_segment *s = &vm->loads[i];

		printf("  LOAD off 0x%08llx vaddr 0x%016llx paddr 0x%08llx filesz 0x%08llx "
		       "memsz 0x%08llx %c%c%c\n",
		       (unsigned long long)s->offset, (unsigned long long)s->vaddr,
		       (unsigned long long)s->paddr, (unsigned long long)s->filesz,
		       (unsigned long long)s->memsz, s->flags & PF_R ? 'R' : '-',
		       s->flags & PF_W ? 'W' : '-', s->flags & PF_X ? 'X' : '-');
	}
}

static void print_header(const struct image *img)
{
	const struct setup_header *h = img->bz.hdr;

	printf("boot protocol:      %u.%02u\n", h->version >> 8, h->version & 0xff);
	printf("kernel version:     %s\n", img->bz.kernel_version ? img->bz.kernel_version : "(none)");
	printf("setup_sects:        %u\n", h->setup_sects);
	printf("syssize:            0x%x (%zu bytes)\n", h->syssize, img->bz.pm_size);
	printf("loadflags:          0x%02x\n", h->loadflags);
	printf("xloadflags:         0x%02x", h->xloadflags);
	for (unsigned i = 0; i < 8; i++)
		if (h->xloadflags & (1u << i))
			printf(" %s", xloadflag_names[i]);
	printf("\nentries:           ");
	for (unsigned i = 0; i < IMAGE_ENTRY_COUNT; i++)
		if (image_entries(img) & (1u << i))
			printf(" %s", entry_names[i]);
	printf("\nrelocatable:        %s\n", h->relocatable_kernel ? "yes" : "no");
	printf("kernel_alignment:   0x%x\n", h->kernel_alignment);
	printf("pref_address:       0x%llx\n", (unsigned long long)h->pref_address);
	printf("init_size:          0x%x (%u bytes)\n", h->init_size, h->init_size);
	printf("payload:            offset 0x%x, %u bytes, %s, decompresses to %u bytes\n",
	       h->payload_offset, h->payload_length, img->bz.codec->name, img->bz.output_len);
	printf("handover_offset:    0x%x\n", h->handover_offset);
	printf("kernel_info_offset: 0x%x", h->kernel_info_offset);
	if (img->bz.kernel_info)
		printf(" (setup_type_max 0x%x)", img->bz.kernel_info->setup_type_max);
	printf("\n");
}

static void print_text(const struct image *img, const struct vmlinux_info *vm,
		       const struct names *files)
{
	print_header(img);
	print_pe(img);
	print_vmlinux(img, vm);
	if (!img->has_slot) {
		printf("built-in initramfs: none found\n");
	} else {
		const struct builtin_slot bs = slot_of(img);

		printf("built-in initramfs: offset 0x%zx in vmlinux, %zu bytes, compression %s, "
		       "%zu entries; slot of %zu bytes, %zu used (%zu%%)\n", img->slot.offset,
		       img->slot.size, slot_codec(img), files->n, bs.capacity, bs.used,
		       bs.used * 100 / bs.capacity);
		for (size_t i = 0; i < files->n; i++)
			printf("  %s\n", files->v[i]);
	}
	if (img->injector)
		printf("embedded initramfs: %u bytes, compression %s, method stub (boot stub of "
		       "%u bytes; stock kernel at +0x%x)\n", img->injector->archive_size,
		       embedded_codec(img), img->injector->stub_size, img->injector->orig_offset);
	else
		printf("embedded initramfs: none\n");
}

static void print_json(const struct image *img, const struct vmlinux_info *vm,
		       const struct names *files)
{
	const struct setup_header *h = img->bz.hdr;
	struct json j = { .f = stdout };
	char version[16], id[2 * BUILD_ID_MAX + 1];

	snprintf(version, sizeof(version), "%u.%02u", h->version >> 8, h->version & 0xff);
	json_begin(&j, NULL, '{');
	json_string(&j, "boot_protocol", version);
	json_string(&j, "kernel_version", img->bz.kernel_version);
	json_uint(&j, "setup_sects", h->setup_sects);
	json_uint(&j, "syssize", h->syssize);
	json_uint(&j, "loadflags", h->loadflags);
	json_uint(&j, "xloadflags", h->xloadflags);
	json_uint(&j, "kernel_alignment", h->kernel_alignment);
	json_uint(&j, "pref_address", h->pref_address);
	json_uint(&j, "init_size", h->init_size);
	json_uint(&j, "payload_offset", h->payload_offset);
	json_uint(&j, "payload_length", h->payload_length);
	json_string(&j, "payload_compression", img->bz.codec->name);
	json_uint(&j, "payload_output_size", img->bz.output_len);
	json_uint(&j, "handover_offset", h->handover_offset);
	json_uint(&j, "kernel_info_offset", h->kernel_info_offset);
	json_bool(&j, "efi_stub", img->pe.coff != NULL);
	json_bool(&j, "efi_disabled", img->injector != NULL && img->pe.coff == NULL);
	json_bool(&j, "signed", pe_is_signed(&img->pe));
	json_begin(&j, "entries", '[');
	for (unsigned i = 0; i < IMAGE_ENTRY_COUNT; i++)
		if (image_entries(img) & (1u << i))
			json_string(&j, NULL, entry_names[i]);
	json_end(&j, ']');
	json_begin(&j, "vmlinux", '{');
	json_uint(&j, "elf_class", (uint64_t)vm->elf_class);
	json_uint(&j, "size", img->bz.output_len);
	json_string(&j, "build_id", build_id_hex(vm, id));
	json_uint(&j, "load_segments", vm->nloads);
	json_end(&j, '}');
	if (img->has_slot) {
		json_begin(&j, "builtin_initramfs", '{');
		json_uint(&j, "offset", img->slot.offset);
		json_uint(&j, "size", img->slot.size);
		json_string(&j, "compression", slot_codec(img));
		json_uint(&j, "capacity", slot_of(img).capacity);
		json_uint(&j, "used", slot_of(img).used);
		json_begin(&j, "files", '[');
		for (size_t i = 0; i < files->n; i++)
			json_string(&j, NULL, files->v[i]);
		json_end(&j, ']');
		json_end(&j, '}');
	} else {
		json_string(&j, "builtin_initramfs", NULL);
	}
	if (img->injector) {
		json_begin(&j, "embedded_initramfs", '{');
		json_uint(&j, "size", img->injector->archive_size);
		json_string(&j, "method", "stub");
		json_string(&j, "compression", embedded_codec(img));
		json_end(&j, '}');
	} else {
		json_string(&j, "embedded_initramfs", NULL);
	}
	json_end(&j, '}');
}

static int inspect(const char *path, int as_json)
{
	struct image img;
	struct vmlinux_info vm;
	struct names files = { 0 };
	struct err err;
	int ret = -1;

	if (image_open(&img, path, &err) < 0)
		return fail(path, &err);
	if (vmlinux_describe(img.vmlinux, img.bz.output_len, &vm, &err) < 0 ||
	    (img.has_slot &&
	     cpio_list(img.vmlinux + img.slot.offset, builtin_slot_archive_len(img.vmlinux, &img.slot),
		       add_name, &files, &err) < 0)) {
		ret = fail(path, &err);
	} else {
		(as_json ? print_json : print_text)(&img, &vm, &files);
		ret = 0;
	}
	free_names(&files);
	image_close(&img);
	return ret;
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int as_json = 0, c;

	while ((c = getopt_long(argc, argv, "jh", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			as_json = 1;
			break;
		case 'h':
			return command_help("inspect");
		default:
			return usage_error("inspect", NULL);
		}
	}
	if (optind != argc - 1)
		return usage_error("inspect", "expects one IMAGE");
	return inspect(argv[optind], as_json) < 0 ? 1 : 0;
}
