/* SPDX-License-Identifier: MIT */
#ifndef WRITE_ALL_H
#define WRITE_ALL_H

#include <stddef.h>

#include "err.h"

/* Writes all LEN bytes of BUF to FD, through short writes and EINTR. */
int write_all(int fd, const void *buf, size_t len, struct err *err);

#endif
