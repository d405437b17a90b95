/* SPDX-License-Identifier: MIT */
#include "distro.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "shellvars.h"
#include "textload.h"

/* Names the next slot NAME; -1 when the set is full. */
static int reserve(struct distro_set *s, const char *name, struct err *err)
{
	if (!s->d)
		s->d = calloc(DISTRO_MAX, sizeof(*s->d));
	if (!s->d)
		return err_set(err, "distro profiles: out of memory");
	if (s->n == DISTRO_MAX)
		return err_set(err, "%s: more than %d distro profiles", name, DISTRO_MAX);
	snprintf(s->d[s->n].name, sizeof(s->d[s->n].name), "%s", name);
	return 0;
}

int distro_add(struct distro_set *s, const char *name, const char *text, size_t len,
	       struct err *err)
{
	if (reserve(s, name, err) < 0)
		return -1;
	if (profile_parse(&s->d[s->n].profile, text, len, err) < 0)
		return err_prefix(err, "%s", name);
	s->n++;
	return 0;
}

/* DIR/NAME when it is a regular file; the fallback when it is FB's file. */
static int add_file(struct distro_set *s, const char *dir, const char *name,
		    const struct stat *fb, struct err *err)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (name[0] == '.' || stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (reserve(s, name, err) < 0)
		return -1;
	if (profile_load(&s->d[s->n].profile, path, err) < 0)
		return err_prefix(err, "%s", path);
	if (fb && fb->st_dev == st.st_dev && fb->st_ino == st.st_ino)
		s->fallback = &s->d[s->n];
	s->n++;
	return 0;
}

static int add_dir(struct distro_set *s, const char *dir, const struct stat *fb,
		   struct err *err)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), r = 0;

	if (n < 0)
		return err_sys(err, "%s", dir);
	for (int i = 0; i < n; i++) {
		if (r == 0)
			r = add_file(s, dir, names[i]->d_name, fb, err);
		free(names[i]);
	}
	free(names);
	return r;
}

int distro_load(struct distro_set *s, const char *dir, const char *fallback, struct err *err)
{
	struct stat fb;
	int has_fb = fallback && stat(fallback, &fb) == 0;
	int r;

	*s = (struct distro_set){ 0 };
	r = add_dir(s, dir, has_fb ? &fb : NULL, err);
	if (r == 0 && s->n == 0)
		r = err_set(err, "%s: no distro profile", dir);
	if (r == 0 && fallback && !s->fallback)
		r = err_set(err, "%s: not one of the profiles in %s", fallback, dir);
	if (r < 0)
		distro_free(s);
	return r;
}

void distro_free(struct distro_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		profile_free(&s->d[i].profile);
	free(s->d);
	*s = (struct distro_set){ 0 };
}

/* The first profile, in file-name order, whose os-id lists ID. */
static const struct distro *claimant(const struct distro_set *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->d[i].profile.n_os_ids; k++)
			if (!strcmp(s->d[i].profile.os_ids[k], id))
				return &s->d[i];
	return NULL;
}

const struct distro *distro_match(const struct distro_set *s, const char *os_release, size_t len)
{
	char id[256] = "", like[512] = "", *save = NULL;
	const struct distro *d = NULL;

	if (shellvars_get(os_release, len, "ID", id, sizeof(id)) && id[0])
		d = claimant(s, id);
	shellvars_get(os_release, len, "ID_LIKE", like, sizeof(like));
	for (char *w = strtok_r(like, " \t", &save); w && !d; w = strtok_r(NULL, " \t", &save))
		d = claimant(s, w);
	return d ? d : s->fallback;
}

char *distro_os_release(int rootfd, size_t *len)
{
	char *text = textload(rootfd, "/etc/os-release", len);

	return text ? text : textload(rootfd, "/usr/lib/os-release", len);
}

const struct distro *distro_of_guest(const struct distro_set *s, int rootfd)
{
	size_t len;
	char *text = distro_os_release(rootfd, &len);
	const struct distro *d = text ? distro_match(s, text, len) : s->fallback;

	free(text);
	return d;
}
