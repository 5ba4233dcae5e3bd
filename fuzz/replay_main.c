/* SPDX-License-Identifier: MIT */
/* replay_main.c: runs a fuzz target over every file of a corpus directory (or the files named), so that
 * the test command replays each corpus under any compiler and sanitizer without libFuzzer. */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    /* Copy into an exact-size heap block so ASan sees any read past the input's end. */
    uint8_t *input = malloc(n != 0 ? n : 1);
    if (input == NULL) {
        return 1;
    }
    if (n != 0) {
        memcpy(input, buf, n);
    }
    LLVMFuzzerTestOneInput(input, n);
    free(input);
    return 0;
}

static int replay_path(const char *path, unsigned *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "no corpus at %s\n", path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return replay_file(path);
    }
    DIR *dir = opendir(path);
    if (dir == NULL) {
        return 1;
    }
    int failed = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue;
        }
        char child[4096];
        snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
        failed |= replay_path(child, count);
    }
    closedir(dir);
    return failed;
}

int main(int argc, char **argv)
{
    unsigned count = 0;
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        failed |= replay_path(argv[i], &count);
    }
    printf("replayed %u inputs\n", count);
    return failed != 0 || count == 0;
}
