/* SPDX-License-Identifier: MIT */
#include "crypto/crypto_keycache.h"

#include <pthread.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/sha.h>

#include "base/ct.h"

#define GROUPS_MAX  8
#define CIPHERS_MAX 16

struct entry {
    struct crypto_keycache_fp fp;
    enum crypto_keycache_kind kind; /* 0 = empty */
    uint64_t used;                  /* last use, for eviction */
    void *obj;                      /* EVP_PKEY (RSA) or EC_KEY */
};

struct group {
    int nid;
    EC_GROUP *group;
};

struct cipher {
    const char *name;
    EVP_CIPHER *cipher;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry entries[CRYPTO_KEYCACHE_ENTRIES];
static uint64_t clock_ticks;
static struct group groups[GROUPS_MAX];
static struct cipher ciphers[CIPHERS_MAX];

void crypto_keycache_fingerprint(enum crypto_keycache_kind kind, const uint8_t *const *parts,
                                 const size_t *lens, size_t count, struct crypto_keycache_fp *fp)
{
    SHA256_CTX c;
    uint8_t head[8];
    SHA256_Init(&c);
    head[0] = (uint8_t)kind;
    SHA256_Update(&c, head, 1);
    for (size_t i = 0; i < count; i++) {
        /* The length first, so that moving bytes between parts changes the fingerprint. */
        for (size_t b = 0; b < 8; b++) {
            head[b] = (uint8_t)((uint64_t)lens[i] >> (56 - 8 * b));
        }
        SHA256_Update(&c, head, sizeof head);
        if (lens[i] != 0) {
            SHA256_Update(&c, parts[i], lens[i]);
        }
    }
    SHA256_Final(fp->digest, &c);
    ct_wipe(&c, sizeof c);
}

static void release(enum crypto_keycache_kind kind, void *obj)
{
    if (kind == KEYCACHE_RSA_PRIVATE) {
        EVP_PKEY_free(obj);
    } else if (kind == KEYCACHE_EC_PRIVATE) {
        EC_KEY_free(obj);
    }
}

static int up_ref(enum crypto_keycache_kind kind, void *obj)
{
    return kind == KEYCACHE_RSA_PRIVATE ? EVP_PKEY_up_ref(obj) : EC_KEY_up_ref(obj);
}

/* find returns a new reference to the object under (kind, fp), or NULL. */
static void *find(enum crypto_keycache_kind kind, const struct crypto_keycache_fp *fp)
{
    void *obj = NULL;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < CRYPTO_KEYCACHE_ENTRIES; i++) {
        struct entry *e = &entries[i];
        if (e->kind == kind && memcmp(e->fp.digest, fp->digest, sizeof fp->digest) == 0) {
            if (up_ref(kind, e->obj) == 1) {
                obj = e->obj;
                e->used = ++clock_ticks;
            }
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return obj;
}

/* put stores obj (already up-referenced by the caller for the cache) in the least recently used entry. */
static void put(enum crypto_keycache_kind kind, const struct crypto_keycache_fp *fp, void *obj)
{
    void *evicted = NULL;
    enum crypto_keycache_kind evicted_kind = 0;
    pthread_mutex_lock(&lock);
    struct entry *slot = NULL;
    for (size_t i = 0; i < CRYPTO_KEYCACHE_ENTRIES && slot == NULL; i++) {
        struct entry *e = &entries[i];
        if (e->kind == kind && memcmp(e->fp.digest, fp->digest, sizeof fp->digest) == 0) {
            slot = e; /* another thread prepared the same key meanwhile: replace it */
        }
    }
    for (size_t i = 0; i < CRYPTO_KEYCACHE_ENTRIES && slot == NULL; i++) {
        if (entries[i].kind == 0) {
            slot = &entries[i];
        }
    }
    if (slot == NULL) {
        slot = &entries[0];
        for (size_t i = 1; i < CRYPTO_KEYCACHE_ENTRIES; i++) {
            if (entries[i].used < slot->used) {
                slot = &entries[i];
            }
        }
    }
    evicted = slot->obj;
    evicted_kind = slot->kind;
    slot->fp = *fp;
    slot->kind = kind;
    slot->obj = obj;
    slot->used = ++clock_ticks;
    pthread_mutex_unlock(&lock);
    release(evicted_kind, evicted);
}

EVP_PKEY *crypto_keycache_rsa(const struct crypto_keycache_fp *fp)
{
    return find(KEYCACHE_RSA_PRIVATE, fp);
}

void crypto_keycache_put_rsa(const struct crypto_keycache_fp *fp, EVP_PKEY *pkey)
{
    if (EVP_PKEY_up_ref(pkey) == 1) {
        put(KEYCACHE_RSA_PRIVATE, fp, pkey);
    }
}

EC_KEY *crypto_keycache_ec(const struct crypto_keycache_fp *fp)
{
    return find(KEYCACHE_EC_PRIVATE, fp);
}

void crypto_keycache_put_ec(const struct crypto_keycache_fp *fp, EC_KEY *key)
{
    if (EC_KEY_up_ref(key) == 1) {
        put(KEYCACHE_EC_PRIVATE, fp, key);
    }
}

void crypto_keycache_clear(void)
{
    struct entry dropped[CRYPTO_KEYCACHE_ENTRIES];
    pthread_mutex_lock(&lock);
    memcpy(dropped, entries, sizeof entries);
    memset(entries, 0, sizeof entries);
    pthread_mutex_unlock(&lock);
    for (size_t i = 0; i < CRYPTO_KEYCACHE_ENTRIES; i++) {
        release(dropped[i].kind, dropped[i].obj);
    }
    ct_wipe(dropped, sizeof dropped);
}

const EC_GROUP *crypto_keycache_group(int nid)
{
    const EC_GROUP *found = NULL;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < GROUPS_MAX && found == NULL; i++) {
        if (groups[i].group != NULL && groups[i].nid == nid) {
            found = groups[i].group;
        } else if (groups[i].group == NULL) {
            groups[i].group = EC_GROUP_new_by_curve_name(nid);
            groups[i].nid = nid;
            found = groups[i].group;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return found;
}

const EVP_CIPHER *crypto_keycache_cipher(const char *name, const EVP_CIPHER *fallback)
{
    const EVP_CIPHER *found = NULL;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < CIPHERS_MAX && found == NULL; i++) {
        if (ciphers[i].name == NULL) {
            EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
            if (c != NULL) {
                ciphers[i].name = name;
                ciphers[i].cipher = c;
                found = c;
            }
            break;
        }
        if (strcmp(ciphers[i].name, name) == 0) {
            found = ciphers[i].cipher;
        }
    }
    pthread_mutex_unlock(&lock);
    if (found == NULL) {
        ERR_clear_error();
    }
    return found != NULL ? found : fallback;
}
