/* SPDX-License-Identifier: MIT */
#include "elf_deps.h"

#include <fcntl.h>
#include <gelf.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct elf_info {
	int class, machine;
	char interp[4096];
	char rpath[4096], runpath[4096];
	struct strlist needed;
};

static void read_interp(Elf *elf, struct elf_info *info)
{
	size_t n, size;
	const char *raw = elf_rawfile(elf, &size);
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_INTERP &&
		    ph.p_offset + ph.p_filesz <= size && ph.p_filesz > 0)
			snprintf(info->interp, sizeof(info->interp), "%.*s", (int)ph.p_filesz - 1,
				 raw + ph.p_offset);
}

static int read_dynamic(Elf *elf, Elf_Scn *scn, size_t strtab, struct elf_info *info,
			struct err *err)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	GElf_Dyn dyn;

	for (int i = 0; data && gelf_getdyn(data, i, &dyn) && dyn.d_tag != DT_NULL; i++) {
		const char *s = elf_strptr(elf, strtab, dyn.d_un.d_val);

		if (!s)
			continue;
		if (dyn.d_tag == DT_NEEDED && strlist_add(&info->needed, s, err) < 0)
			return -1;
		if (dyn.d_tag == DT_RPATH)
			snprintf(info->rpath, sizeof(info->rpath), "%s", s);
		if (dyn.d_tag == DT_RUNPATH)
			snprintf(info->runpath, sizeof(info->runpath), "%s", s);
	}
	return 0;
}

static int read_sections(Elf *elf, struct elf_info *info, struct err *err)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_DYNAMIC &&
		    read_dynamic(elf, scn, sh.sh_link, info, err) < 0)
			return -1;
	return 0;
}

/* 1: read; 0: not ELF; -1: error. */
static int read_elf(const char *path, struct elf_info *info, struct err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;
	GElf_Ehdr eh;
	Elf *elf;

	if (fd < 0)
		return err_sys(err, "%s", path);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf && elf_kind(elf) == ELF_K_ELF && gelf_getehdr(elf, &eh)) {
		info->class = gelf_getclass(elf);
		info->machine = eh.e_machine;
		read_interp(elf, info);
		ret = read_sections(elf, info, err) < 0 ? -1 : 1;
	}
	elf_end(elf);
	close(fd);
	return ret;
}

static const struct {
	int machine;
	const char *triplet;
} multiarch[] = {
	{ EM_X86_64, "x86_64-linux-gnu" },
	{ EM_386, "i386-linux-gnu" },
	{ EM_AARCH64, "aarch64-linux-gnu" },
	{ EM_ARM, "arm-linux-gnueabihf" },
};

/* Debian's multiarch directories first, then the classic ones. */
static void default_dirs(const struct elf_info *info, char *out, size_t size)
{
	const char *t = "";

	for (size_t i = 0; i < sizeof(multiarch) / sizeof(multiarch[0]); i++)
		if (multiarch[i].machine == info->machine)
			t = multiarch[i].triplet;
	snprintf(out, size, "/lib/%s:/usr/lib/%s:%s:/lib:/usr/lib", t, t,
		 info->class == ELFCLASS64 ? "/lib64:/usr/lib64" : "/lib32:/usr/lib32");
}

/* A library of the same class and machine as the program. */
static int compatible(const char *path, const struct elf_info *want)
{
	struct elf_info got = { 0 };
	struct err ignored;
	int ok = access(path, R_OK) == 0 && read_elf(path, &got, &ignored) == 1 &&
		 got.class == want->class && got.machine == want->machine;

	strlist_free(&got.needed);
	return ok;
}

/* Looks NAME up in the ':'-separated DIRS, $ORIGIN being ORIGIN. */
static int search(const char *name, const char *dirs, const char *origin,
		  const struct elf_info *info, char *out, size_t size)
{
	char copy[4096], *save, *dir;

	snprintf(copy, sizeof(copy), "%s", dirs);
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		if (strncmp(dir, "$ORIGIN", 7) == 0)
			snprintf(out, size, "%s%s/%s", origin, dir + 7, name);
		else if (strncmp(dir, "${ORIGIN}", 9) == 0)
			snprintf(out, size, "%s%s/%s", origin, dir + 9, name);
		else
			snprintf(out, size, "%s/%s", dir, name);
		if (compatible(out, info))
			return 1;
	}
	return 0;
}

static int resolve(const char *name, const char *object, const struct elf_info *info, char *out,
		   size_t size)
{
	char origin[4096], defaults[512];

	if (strchr(name, '/')) {
		snprintf(out, size, "%s", name);
		return 1;
	}
	snprintf(origin, sizeof(origin), "%s", object);
	dirname(origin);
	default_dirs(info, defaults, sizeof(defaults));
	return (!info->runpath[0] && search(name, info->rpath, origin, info, out, size)) ||
	       search(name, info->runpath, origin, info, out, size) ||
	       search(name, defaults, origin, info, out, size);
}

static int add_dep(const char *dep, struct strlist *libs, struct strlist *todo, struct err *err)
{
	if (strlist_add(libs, dep, err) < 0 || strlist_add(todo, dep, err) < 0)
		return -1;
	return 0;
}

static int visit(const char *object, struct strlist *libs, struct strlist *todo,
		 struct err *err)
{
	struct elf_info info = { 0 };
	char found[4096];
	int ret = read_elf(object, &info, err);

	if (ret == 0)
		ret = err_set(err, "%s: not an ELF file", object);
	if (ret > 0 && info.interp[0])
		ret = add_dep(info.interp, libs, todo, err);
	for (size_t i = 0; ret >= 0 && i < info.needed.n; i++) {
		if (!resolve(info.needed.v[i], object, &info, found, sizeof(found)))
			ret = err_set(err, "%s: needs %s, which is nowhere ld.so would look",
				      object, info.needed.v[i]);
		else
			ret = add_dep(found, libs, todo, err);
	}
	strlist_free(&info.needed);
	return ret < 0 ? -1 : 0;
}

int elf_deps(const char *path, struct strlist *libs, struct err *err)
{
	struct strlist todo = { 0 };
	int ret = 0;

	elf_version(EV_CURRENT);
	if (strlist_add(&todo, path, err) < 0)
		return -1;
	/* TODO grows while walked: each object appends what it needs. */
	for (size_t i = 0; ret == 0 && i < todo.n; i++)
		ret = visit(todo.v[i], libs, &todo, err);
	strlist_free(&todo);
	return ret;
}
