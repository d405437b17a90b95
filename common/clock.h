/* SPDX-License-Identifier: MIT */
/* Time for deadlines and durations: CLOCK_MONOTONIC, which no clock change moves. */
#ifndef CLOCK_H
#define CLOCK_H

/* Milliseconds on CLOCK_MONOTONIC. */
long clock_ms(void);

#endif
