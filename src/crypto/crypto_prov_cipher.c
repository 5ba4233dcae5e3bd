/* SPDX-License-Identifier: MIT */
/* crypto_prov_cipher.c: a cipher's provider functions, called without the EVP layer (see the header). */
#include "crypto/crypto_prov_cipher.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <openssl/core.h>
#include <openssl/provider.h>

#define PROV_CIPHERS_MAX 8

struct entry {
    const EVP_CIPHER *cipher;
    struct crypto_prov_cipher fns;
    bool complete; /* every function found */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry entries[PROV_CIPHERS_MAX];

/* names_have: whether the provider's colon-separated name list names holds name (names are
 * case-insensitive, provider(7)). */
static bool names_have(const char *names, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = names; p != NULL && *p != '\0';) {
        const char *end = strchr(p, ':');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        if (len == n && strncasecmp(p, name, n) == 0) {
            return true;
        }
        p = end != NULL ? end + 1 : NULL;
    }
    return false;
}

static void take_functions(struct crypto_prov_cipher *f, const OSSL_DISPATCH *d)
{
    for (; d->function_id != 0; d++) {
        switch (d->function_id) {
        case OSSL_FUNC_CIPHER_NEWCTX:
            f->newctx = OSSL_FUNC_cipher_newctx(d);
            break;
        case OSSL_FUNC_CIPHER_FREECTX:
            f->freectx = OSSL_FUNC_cipher_freectx(d);
            break;
        case OSSL_FUNC_CIPHER_ENCRYPT_INIT:
            f->encrypt_init = OSSL_FUNC_cipher_encrypt_init(d);
            break;
        case OSSL_FUNC_CIPHER_DECRYPT_INIT:
            f->decrypt_init = OSSL_FUNC_cipher_decrypt_init(d);
            break;
        case OSSL_FUNC_CIPHER_UPDATE:
            f->update = OSSL_FUNC_cipher_update(d);
            break;
        case OSSL_FUNC_CIPHER_FINAL:
            f->final = OSSL_FUNC_cipher_final(d);
            break;
        case OSSL_FUNC_CIPHER_GET_CTX_PARAMS:
            f->get_ctx_params = OSSL_FUNC_cipher_get_ctx_params(d);
            break;
        case OSSL_FUNC_CIPHER_SET_CTX_PARAMS:
            f->set_ctx_params = OSSL_FUNC_cipher_set_ctx_params(d);
            break;
        default:
            break;
        }
    }
}

/* look_up fills e from the provider of its cipher: the implementation named name. */
static void look_up(struct entry *e, const char *name)
{
    const OSSL_PROVIDER *prov = EVP_CIPHER_get0_provider(e->cipher);
    if (prov == NULL) {
        return;
    }
    int no_store = 0;
    const OSSL_ALGORITHM *algs = OSSL_PROVIDER_query_operation(prov, OSSL_OP_CIPHER, &no_store);
    for (const OSSL_ALGORITHM *a = algs; a != NULL && a->algorithm_names != NULL; a++) {
        if (names_have(a->algorithm_names, name)) {
            take_functions(&e->fns, a->implementation);
            break;
        }
    }
    if (algs != NULL) {
        OSSL_PROVIDER_unquery_operation(prov, OSSL_OP_CIPHER, algs);
    }
    const struct crypto_prov_cipher *f = &e->fns;
    e->fns.provctx = OSSL_PROVIDER_get0_provider_ctx(prov);
    e->complete = f->newctx != NULL && f->freectx != NULL && f->encrypt_init != NULL &&
                  f->decrypt_init != NULL && f->update != NULL && f->final != NULL &&
                  f->get_ctx_params != NULL && f->set_ctx_params != NULL;
}

const struct crypto_prov_cipher *crypto_prov_cipher(const EVP_CIPHER *cipher, const char *name)
{
    if (cipher == NULL || name == NULL) {
        return NULL;
    }
    const struct crypto_prov_cipher *found = NULL;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < PROV_CIPHERS_MAX; i++) {
        struct entry *e = &entries[i];
        if (e->cipher == NULL) {
            e->cipher = cipher;
            look_up(e, name);
        }
        if (e->cipher == cipher) {
            found = e->complete ? &e->fns : NULL;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return found;
}
