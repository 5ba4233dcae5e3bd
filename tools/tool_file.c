/* SPDX-License-Identifier: MIT */
/* tool_file: reading the files named on the command line, with messages that say which file and why. */
#include "tool_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint8_t *tool_file_read(const char *what, const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "nxdtls: %s '%s': %s\n", what, path, strerror(errno));
        return NULL;
    }
    struct stat st;
    const char *problem = NULL;
    if (fstat(fd, &st) != 0) {
        problem = strerror(errno);
    } else if (S_ISDIR(st.st_mode)) {
        problem = "is a directory";
    } else if (!S_ISREG(st.st_mode)) {
        problem = "is not a regular file";
    } else if (st.st_size == 0) {
        problem = "is empty";
    } else if ((unsigned long long)st.st_size > TOOL_FILE_MAX) {
        problem = "is larger than 64 MiB";
    }
    if (problem != NULL) {
        fprintf(stderr, "nxdtls: %s '%s' %s\n", what, path, problem);
        close(fd);
        return NULL;
    }
    size_t size = (size_t)st.st_size;
    uint8_t *buf = malloc(size + 1);
    size_t got = 0;
    errno = 0;
    while (buf != NULL && got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break; /* the file shrank, or a read error: use what arrived only if it is all */
        }
        got += (size_t)n;
    }
    int saved = errno;
    close(fd);
    if (buf == NULL || got != size) {
        fprintf(stderr, "nxdtls: %s '%s': %s\n", what, path,
                buf == NULL ? "out of memory" : (saved != 0 ? strerror(saved) : "short read"));
        free(buf);
        return NULL;
    }
    buf[size] = 0;
    *len = size;
    return buf;
}

int tool_file_has_pem_label(const uint8_t *text, size_t len, const char *label)
{
    char line[96];
    int n = snprintf(line, sizeof line, "-----BEGIN %s-----", label);
    if (n <= 0 || (size_t)n >= sizeof line) {
        return 0;
    }
    for (size_t i = 0; i + (size_t)n <= len; i++) {
        if (memcmp(text + i, line, (size_t)n) == 0) {
            return 1;
        }
    }
    return 0;
}

int tool_file_is_pem(const uint8_t *text, size_t len)
{
    static const char begin[] = "-----BEGIN ";
    for (size_t i = 0; i + sizeof begin - 1 <= len; i++) {
        if (memcmp(text + i, begin, sizeof begin - 1) == 0) {
            return 1;
        }
    }
    return 0;
}
