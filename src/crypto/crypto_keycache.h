/* SPDX-License-Identifier: MIT */
/* crypto_keycache.h: libcrypto objects prepared once and reused by the RSA and EC methods.
 *
 * The NetX method interface passes key bytes on every use (docs/netx-api.md 6.6 "RSA", "ECDSA"): a server's
 * certificate key arrives as modulus, exponent and primes for each handshake's one private operation. Turning
 * those bytes into a libcrypto key costs more than the operation: for RSA-2048 the CRT values (a gcd and two
 * modular inverses) and the blinding factors (another inverse and an exponentiation) are over half of a
 * private-key operation; for EC every import builds the curve's group (its Montgomery and generator tables).
 * OpenSSL's own TLS keeps one key object per certificate key for the life of the SSL_CTX. This module does
 * the equivalent behind the method interface:
 *
 *   - prepared keys: a small cache of libcrypto key objects keyed by a SHA-256 fingerprint of the key bytes
 *     (so a key is found again whatever buffer it is passed in, and changed bytes never match a stale
 *     object). A hit hands out a new reference; entries are evicted least recently used. RSA keys keep their
 *     blinding state in the object, as OpenSSL's do (blinding is refreshed by OpenSSL itself).
 *   - curve groups: one EC_GROUP per named curve, built on first use and kept, read only, for the process;
 *     keys get their own copy of it (EC_KEY_set_group), which is far cheaper than building one.
 *   - ciphers: the EVP_CIPHER of each algorithm fetched once (EVP_CIPHER_fetch), so keying a record cipher
 *     does not look the algorithm up by name in the provider store each time, as EVP_aes_128_ccm() and its
 *     kin make EVP_CipherInit_ex do.
 *
 * Both are process-wide and protected by a mutex: this is libcrypto state, like libcrypto's own caches, and
 * not part of any connection. crypto_keycache_clear drops every prepared key (the X.509 store calls it when
 * a local certificate is removed, so no copy of a removed private key is kept). */
#ifndef NXD_CRYPTO_KEYCACHE_H
#define NXD_CRYPTO_KEYCACHE_H

#define OPENSSL_SUPPRESS_DEPRECATED

#include <stddef.h>
#include <stdint.h>

#include <openssl/ec.h>
#include <openssl/evp.h>

#define CRYPTO_KEYCACHE_ENTRIES 16

/* The kinds of object kept, which also separate fingerprints of equal bytes. */
enum crypto_keycache_kind { KEYCACHE_RSA_PRIVATE = 1, KEYCACHE_EC_PRIVATE = 2 };

/* A fingerprint: SHA-256 over the kind and every part of the key, each with its length. */
struct crypto_keycache_fp {
    uint8_t digest[32];
};

/* crypto_keycache_fingerprint computes the fingerprint of count parts (parts[i], lens[i]). */
void crypto_keycache_fingerprint(enum crypto_keycache_kind kind, const uint8_t *const *parts,
                                 const size_t *lens, size_t count, struct crypto_keycache_fp *fp);

/* crypto_keycache_rsa returns a new reference to the cached EVP_PKEY for fp, or NULL. */
EVP_PKEY *crypto_keycache_rsa(const struct crypto_keycache_fp *fp);

/* crypto_keycache_put_rsa caches pkey under fp (taking a reference of its own). */
void crypto_keycache_put_rsa(const struct crypto_keycache_fp *fp, EVP_PKEY *pkey);

/* crypto_keycache_ec returns a new reference to the cached EC_KEY for fp, or NULL. */
EC_KEY *crypto_keycache_ec(const struct crypto_keycache_fp *fp);

/* crypto_keycache_put_ec caches key under fp (taking a reference of its own). */
void crypto_keycache_put_ec(const struct crypto_keycache_fp *fp, EC_KEY *key);

/* crypto_keycache_clear drops every prepared key (references handed out stay valid). */
void crypto_keycache_clear(void);

/* crypto_keycache_cipher returns the fetched cipher of an OpenSSL algorithm name (fetched on first use, kept
 * for the process), or fallback (an EVP_aes_* cipher, fetched implicitly) when fetching fails. */
const EVP_CIPHER *crypto_keycache_cipher(const char *name, const EVP_CIPHER *fallback);

/* crypto_keycache_group returns the shared group of an OpenSSL curve NID (built on first use), or NULL.
 * Never freed, never modified: callers copy it (EC_KEY_set_group) or only read it. */
const EC_GROUP *crypto_keycache_group(int nid);

#endif /* NXD_CRYPTO_KEYCACHE_H */
