/* SPDX-License-Identifier: MIT */
/*
 * A minimal streaming JSON writer: enough for `inspect --json`, with correct
 * string escaping. (No JSON library is among the project's dependencies, and
 * writing is all that is needed.)
 */
#ifndef JSON_H
#define JSON_H

#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	int count[JSON_MAX_DEPTH]; /* members written at each level */
};

/* KEY is the member name inside an object, NULL inside an array. */
void json_begin(struct json *j, const char *key, char open);
void json_end(struct json *j, char close);
void json_string(struct json *j, const char *key, const char *value); /* NULL: null */
void json_uint(struct json *j, const char *key, uint64_t value);
void json_bool(struct json *j, const char *key, int value);

#endif
