/* SPDX-License-Identifier: MIT */
/*
 * Version order for kernel file names and BLS entries, as dpkg and `sort -V`
 * order them: digit runs compare as numbers, letters before other
 * characters, '~' before everything (so 6.1~rc1 < 6.1).
 */
#ifndef INIT_VERSION_H
#define INIT_VERSION_H

/* <0, 0, >0 like strcmp. */
int version_cmp(const char *a, const char *b);

#endif
