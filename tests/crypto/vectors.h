/* SPDX-License-Identifier: MIT */
/* vectors.h: reads the line format scripts/convert-wycheproof.py writes (tests/vectors/wycheproof/NAME.txt)
 * and keeps the counts every vector test prints. Header only: each crypto test includes it.
 *
 *   group name=value ...                 fields shared by the tests after it
 *   test <tcId> <result> name=value ...  result valid | invalid | acceptable
 *
 * Wycheproof's rule: a valid vector must pass, an invalid one must fail; an acceptable one may do
 * either, and is counted on its own. */
#ifndef NXDTLS_TESTS_CRYPTO_VECTORS_H
#define NXDTLS_TESTS_CRYPTO_VECTORS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define VEC_MAX_BYTES 8192 /* largest decoded field; the files' longest line is < 9000 hex digits */

struct vec_file {
    FILE *f;
    const char *name;
    char *line; /* current test line */
    size_t line_cap;
    char *group; /* current group line */
    unsigned id;
    char result[16];
};

struct vec_counts {
    unsigned valid;   /* valid vectors that passed */
    unsigned invalid; /* invalid vectors that were rejected */
    unsigned acceptable_ok;
    unsigned acceptable_rejected;
    unsigned skipped;
    unsigned wrong; /* vectors with the wrong outcome (also test failures) */
};

static inline bool vec_open(struct vec_file *v, const char *relative_path)
{
    char path[1024];
    memset(v, 0, sizeof *v);
    v->name = relative_path;
    snprintf(path, sizeof path, "%s/%s", NXDTLS_TEST_DIR, relative_path);
    v->f = fopen(path, "r");
    if (v->f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        test_failed++;
        return false;
    }
    return true;
}

static inline void vec_close(struct vec_file *v)
{
    if (v->f != NULL) {
        fclose(v->f);
    }
    free(v->line);
    free(v->group);
    memset(v, 0, sizeof *v);
}

/* vec_next moves to the next test line (taking group lines on the way); false at the end. */
static inline bool vec_next(struct vec_file *v)
{
    for (;;) {
        ssize_t n = getline(&v->line, &v->line_cap, v->f);
        if (n < 0) {
            return false;
        }
        while (n > 0 && (v->line[n - 1] == '\n' || v->line[n - 1] == '\r')) {
            v->line[--n] = '\0';
        }
        if (strncmp(v->line, "group ", 6) == 0) {
            free(v->group);
            v->group = strdup(v->line);
            continue;
        }
        if (strncmp(v->line, "test ", 5) == 0) {
            if (sscanf(v->line + 5, "%u %15s", &v->id, v->result) != 2) {
                fprintf(stderr, "%s: bad line: %.60s\n", v->name, v->line);
                test_failed++;
                continue;
            }
            return true;
        }
    }
}

/* find returns the value of " name=" in line (up to the next space) and its length, or NULL. */
static inline const char *vec_find(const char *line, const char *name, size_t *len)
{
    size_t name_len = strlen(name);
    for (const char *p = line; p != NULL && *p != '\0'; p = strchr(p + 1, ' ')) {
        const char *field = (*p == ' ') ? p + 1 : p;
        if (strncmp(field, name, name_len) == 0 && field[name_len] == '=') {
            const char *value = field + name_len + 1;
            *len = strcspn(value, " ");
            return value;
        }
    }
    return NULL;
}

/* vec_str copies a field (test first, then group) into out as a string; aborts if absent. */
static inline const char *vec_str(const struct vec_file *v, const char *name, char *out, size_t cap)
{
    size_t len = 0;
    const char *value = vec_find(v->line, name, &len);
    if (value == NULL && v->group != NULL) {
        value = vec_find(v->group, name, &len);
    }
    if (value == NULL || len >= cap) {
        fprintf(stderr, "%s tc %u: field %s missing or too long\n", v->name, v->id, name);
        abort();
    }
    memcpy(out, value, len);
    out[len] = '\0';
    return out;
}

static inline long vec_num(const struct vec_file *v, const char *name)
{
    char buf[32];
    return strtol(vec_str(v, name, buf, sizeof buf), NULL, 10);
}

/* vec_hex decodes a hex field into out and returns its length; aborts on a malformed field. */
static inline size_t vec_hex(const struct vec_file *v, const char *name, uint8_t *out, size_t cap)
{
    static char buf[2 * VEC_MAX_BYTES + 2];
    vec_str(v, name, buf, sizeof buf);
    long n = test_hex_decode(buf, out, cap);
    if (n < 0) {
        fprintf(stderr, "%s tc %u: field %s is not hex that fits\n", v->name, v->id, name);
        abort();
    }
    return (size_t)n;
}

static inline bool vec_is(const struct vec_file *v, const char *result)
{
    return strcmp(v->result, result) == 0;
}

/* vec_account records the outcome of one vector: passed says whether our code accepted it. */
static inline void vec_account(struct vec_counts *c, const struct vec_file *v, bool passed)
{
    if (vec_is(v, "acceptable")) {
        if (passed) {
            c->acceptable_ok++;
        } else {
            c->acceptable_rejected++;
        }
        return;
    }
    bool want = vec_is(v, "valid");
    if (passed == want) {
        test_passed++;
        if (want) {
            c->valid++;
        } else {
            c->invalid++;
        }
    } else {
        test_failed++;
        c->wrong++;
        fprintf(stderr, "%s tc %u (%s): %s\n", v->name, v->id, v->result,
                passed ? "accepted" : "rejected");
    }
}

static inline void vec_report(const char *what, const struct vec_counts *c)
{
    printf(
        "%s: %u valid passed, %u invalid rejected, acceptable %u passed / %u rejected, %u skipped, "
        "%u wrong\n",
        what, c->valid, c->invalid, c->acceptable_ok, c->acceptable_rejected, c->skipped, c->wrong);
}

#endif /* NXDTLS_TESTS_CRYPTO_VECTORS_H */
