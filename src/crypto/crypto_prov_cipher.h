/* SPDX-License-Identifier: MIT */
/* crypto_prov_cipher.h: a cipher's provider functions, called without the EVP layer.
 *
 * Each EVP_Cipher* call checks its context and forwards to the provider that implements the algorithm; for a
 * 64-byte AES-GCM record those wrappers (EVP_CipherUpdate, EVP_CipherFinal_ex, EVP_CIPHER_CTX_set_params and
 * get_params) were about a tenth of the instructions of a seal and an open. OpenSSL's public provider API
 * hands out the same functions: OSSL_PROVIDER_query_operation lists a provider's cipher implementations with
 * their dispatch tables (openssl-core_dispatch.h(7), provider-cipher(7)). crypto_prov_cipher looks up, once per
 * algorithm, the implementation of the provider EVP_CIPHER_fetch chose, and the record ciphers call it
 * directly: a context made by its newctx, keyed and given nonces by its init functions, run by update/final,
 * set and read by its parameter functions, exactly what the EVP wrappers would have called. */
#ifndef NXD_CRYPTO_PROV_CIPHER_H
#define NXD_CRYPTO_PROV_CIPHER_H

#include <openssl/core_dispatch.h>
#include <openssl/evp.h>

struct crypto_prov_cipher {
    void *provctx;
    OSSL_FUNC_cipher_newctx_fn *newctx;
    OSSL_FUNC_cipher_freectx_fn *freectx;
    OSSL_FUNC_cipher_encrypt_init_fn *encrypt_init;
    OSSL_FUNC_cipher_decrypt_init_fn *decrypt_init;
    OSSL_FUNC_cipher_update_fn *update;
    OSSL_FUNC_cipher_final_fn *final;
    OSSL_FUNC_cipher_get_ctx_params_fn *get_ctx_params;
    OSSL_FUNC_cipher_set_ctx_params_fn *set_ctx_params;
};

/* crypto_prov_cipher returns the provider functions of cipher (fetched, as crypto_keycache_cipher returns it),
 * looked up on first use and kept for the process; NULL when cipher has no provider implementation with
 * every function above. name is the algorithm name cipher was fetched by. */
const struct crypto_prov_cipher *crypto_prov_cipher(const EVP_CIPHER *cipher, const char *name);

#endif /* NXD_CRYPTO_PROV_CIPHER_H */
