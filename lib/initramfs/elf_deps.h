/* SPDX-License-Identifier: MIT */
/*
 * The shared objects a program needs at run time, found as ld.so finds
 * them, so that they can be copied along with it (what Debian's copy_exec
 * asks ldd for, read here with libelf instead of running the program).
 */
#ifndef ELF_DEPS_H
#define ELF_DEPS_H

#include "err.h"
#include "util/strlist.h"

/*
 * Adds to LIBS the host path of every object PATH needs, directly or not:
 * its program interpreter (PT_INTERP) and each DT_NEEDED entry, looked up
 * in DT_RPATH (when there is no DT_RUNPATH), DT_RUNPATH with $ORIGIN
 * expanded, then the default directories for its machine. Objects of
 * another class or machine are passed over, as ld.so passes them over. A
 * static program adds nothing.
 */
int elf_deps(const char *path, struct strlist *libs, struct err *err);

#endif
