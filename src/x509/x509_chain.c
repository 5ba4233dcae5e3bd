/* SPDX-License-Identifier: MIT */
#include "x509/x509_chain.h"

#include <stdbool.h>
#include <string.h>

#include "x509/x509_ext.h"
#include "x509/x509_name.h"
#include "x509/x509_sig.h"
#include "x509/x509_store.h"

/* SP 800-131A Rev. 2: RSA keys under 2048 bits are disallowed for signatures and key transport. */
#define RSA_STRONG_BITS  2048u
#define TRUSTED_WALK_MAX 65536u

/* One step of the path: a certificate and where the search for its issuer stands. */
struct frame {
    const NX_SECURE_X509_CERT *cert;
    const NX_SECURE_X509_CERT *trusted_cursor; /* next trusted certificate to look at */
    size_t trusted_seen;
    size_t inter_cursor; /* next intermediate index */
    uint8_t pass;        /* 0: key ids agree or unknown; 1: key ids differ */
    bool started;
};

struct search {
    const NX_SECURE_X509_CRYPTO *table;
    size_t table_size;
    const NX_SECURE_X509_CERTIFICATE_STORE *store;
    const NX_SECURE_X509_CERT *const *inters;
    size_t n;
    uint64_t now;
    unsigned flags;
    unsigned max_intermediates;
    void *scratch;
    size_t scratch_size;
    UINT first_error;
};

UINT x509_chain_check_time(const NX_SECURE_X509_CERT *cert, uint64_t now_seconds)
{
    NXD_ENSURE(now_seconds >= cert->nx_secure_x509_not_before_seconds,
               NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID);
    NXD_ENSURE(now_seconds <= cert->nx_secure_x509_not_after_seconds,
               NX_SECURE_X509_CERTIFICATE_EXPIRED);
    return NX_SUCCESS;
}

UINT x509_chain_signed_by(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                          const NX_SECURE_X509_CERT *child, const NX_SECURE_X509_CERT *issuer,
                          void *scratch, size_t scratch_size)
{
    struct x509_signed what = {
        .data = child->nx_secure_x509_tbs,
        .data_len = child->nx_secure_x509_tbs_length,
        .sig = child->nx_secure_x509_signature_data,
        .sig_len = child->nx_secure_x509_signature_data_length,
        .sig_id = child->nx_secure_x509_signature_algorithm,
        .hash_alg = child->nx_secure_x509_signature_hash,
        .salt_len = child->nx_secure_x509_pss_salt_length,
    };

    return x509_sig_verify(table, table_size, issuer, &what, scratch, scratch_size);
}

/* tls_code gives the signature failures the TLS-level codes that docs/netx-api.md 7.8 maps to alerts. */
static UINT tls_code(UINT status)
{
    switch (status) {
    case NX_SECURE_X509_CERTIFICATE_SIG_CHECK_FAILED:
    case NX_SECURE_X509_WRONG_SIGNATURE_METHOD:
    case NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER:
        return NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED;
    case NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM:
        return NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM;
    default:
        return status;
    }
}

static bool same_der(const NX_SECURE_X509_CERT *a, const NX_SECURE_X509_CERT *b)
{
    return a == b ||
           (a->nx_secure_x509_certificate_raw_data_length ==
                b->nx_secure_x509_certificate_raw_data_length &&
            memcmp(a->nx_secure_x509_certificate_raw_data, b->nx_secure_x509_certificate_raw_data,
                   a->nx_secure_x509_certificate_raw_data_length) == 0);
}

/* keyids_agree: false only when both key identifiers are there and differ. */
static bool keyids_agree(const NX_SECURE_X509_CERT *child, const NX_SECURE_X509_CERT *issuer)
{
    if (child->nx_secure_x509_authority_key_id == NX_NULL ||
        issuer->nx_secure_x509_subject_key_id == NX_NULL) {
        return true;
    }
    return child->nx_secure_x509_authority_key_id_length ==
               issuer->nx_secure_x509_subject_key_id_length &&
           memcmp(child->nx_secure_x509_authority_key_id, issuer->nx_secure_x509_subject_key_id,
                  issuer->nx_secure_x509_subject_key_id_length) == 0;
}

static bool issued_by_name(const NX_SECURE_X509_CERT *child, const NX_SECURE_X509_CERT *issuer)
{
    return x509_name_equal(
        child->nx_secure_x509_issuer_raw, child->nx_secure_x509_issuer_raw_length,
        issuer->nx_secure_x509_subject_raw, issuer->nx_secure_x509_subject_raw_length);
}

/* next_candidate returns the next certificate that may have issued f->cert, or NULL when none is left. */
static const NX_SECURE_X509_CERT *next_candidate(const struct search *s, struct frame *f,
                                                 bool *trusted)
{
    while (f->pass < 2) {
        const NX_SECURE_X509_CERT *c;
        if (!f->started) {
            f->trusted_cursor = x509_store_first(s->store, X509_STORE_TRUSTED);
            f->trusted_seen = 0;
            f->inter_cursor = 0;
            f->started = true;
        }
        if (f->trusted_cursor != NX_NULL && f->trusted_seen < TRUSTED_WALK_MAX) {
            c = f->trusted_cursor;
            f->trusted_cursor = c->nx_secure_x509_next_certificate;
            f->trusted_seen++;
            *trusted = true;
        } else if (f->inter_cursor < s->n) {
            c = s->inters[f->inter_cursor++];
            *trusted = false;
        } else {
            f->pass++;
            f->started = false;
            continue;
        }
        if (c == NX_NULL || !issued_by_name(f->cert, c) ||
            keyids_agree(f->cert, c) != (f->pass == 0)) {
            continue;
        }
        if (!*trusted) {
            /* An intermediate that is also in the trusted list is a trust anchor. */
            *trusted = x509_store_find_der(s->store, X509_STORE_TRUSTED, c) != NX_NULL;
        }
        return c;
    }
    return NX_NULL;
}

static bool self_issued(const NX_SECURE_X509_CERT *c)
{
    return c->nx_secure_x509_self_signed != 0;
}

static bool legacy_allowed(unsigned flags)
{
#ifdef NX_SECURE_X509_ALLOW_LEGACY_CERTIFICATES
    (void)flags;
    return true;
#else
    return (flags & X509_CHAIN_ALLOW_LEGACY) != 0;
#endif
}

/* weak_rsa: an RSA key under RSA_STRONG_BITS (refused unless legacy certificates are allowed). */
static bool weak_rsa(const struct search *s, const NX_SECURE_X509_CERT *c)
{
    return c->nx_secure_x509_public_algorithm == NX_SECURE_TLS_X509_TYPE_RSA &&
           c->nx_secure_x509_public_key_bits < RSA_STRONG_BITS && !legacy_allowed(s->flags);
}

/* weak_signature: child's own signature uses SHA-1 or MD5 (RFC 9155), refused unless legacy certificates are
 * allowed. Only signatures below the trust anchor are judged: an anchor's self-signature is never checked. */
static bool weak_signature(const struct search *s, const NX_SECURE_X509_CERT *child)
{
    UINT hash = child->nx_secure_x509_signature_hash;
    UINT id = child->nx_secure_x509_signature_algorithm;
    bool weak = hash == NX_CRYPTO_HASH_SHA1 || hash == NX_CRYPTO_HASH_MD5 ||
                id == NX_SECURE_TLS_X509_TYPE_RSA_MD5 || id == NX_SECURE_TLS_X509_TYPE_RSA_SHA_1 ||
                id == NX_SECURE_TLS_X509_TYPE_ECDSA_SHA_1;
    return weak && !legacy_allowed(s->flags);
}

/* ca_profile_ok: RFC 5280 6.1.4(k) and 4.2.1.9 for an intermediate: a v3 CA with basicConstraints marked
 * critical and cA set. A trust anchor is taken as given (RFC 5280 6.1.1(d): its name and key are the inputs,
 * not its extensions), as NetX and OpenSSL take it: a self-issued v1 (or v2) root, which cannot carry
 * extensions, and a v3 root whose basicConstraints (cA set) is not critical both anchor a path. A v3 anchor
 * without basicConstraints cA stays refused (RFC 5280 4.2.1.9; OpenSSL refuses it too). */
static bool ca_profile_ok(const NX_SECURE_X509_CERT *c, bool trusted)
{
    if (trusted && c->nx_secure_x509_version < 2) {
        return self_issued(c);
    }
    return c->nx_secure_x509_version == 2 && c->nx_secure_x509_basic_constraints_present &&
           (trusted || c->nx_secure_x509_basic_constraints_critical) && c->nx_secure_x509_is_ca;
}

/* check_issuer applies every rule to candidate c as the issuer of stack[depth]; stack[1..depth] are
 * the intermediates below it. */
static UINT check_issuer(const struct search *s, const struct frame *stack, size_t depth,
                         const NX_SECURE_X509_CERT *c, bool trusted)
{
    const NX_SECURE_X509_CERT *child = stack[depth].cert;

    if ((s->flags & X509_CHAIN_NO_TIME) == 0) {
        NXD_TRY(x509_chain_check_time(c, s->now));
    }
    NXD_ENSURE(ca_profile_ok(c, trusted), NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    /* RFC 5280 6.1.4(n). */
    NXD_ENSURE(!c->nx_secure_x509_key_usage_present ||
                   (c->nx_secure_x509_key_usage & NX_SECURE_X509_KEY_USAGE_KEY_CERT_SIGN) != 0,
               NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    /* RFC 5280 6.1.4(l)(m): intermediates below c that are not self-issued count against its pathLen. */
    size_t below = 0;
    for (size_t i = 1; i <= depth; i++) {
        below += self_issued(stack[i].cert) ? 0u : 1u;
    }
    NXD_ENSURE(c->nx_secure_x509_path_len_constraint < 0 ||
                   below <= (size_t)c->nx_secure_x509_path_len_constraint,
               NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    if (!trusted) {
        size_t logical = below + (self_issued(c) ? 0u : 1u);
        NXD_ENSURE(depth + 1 < X509_CHAIN_MAX_DEPTH && logical <= s->max_intermediates,
                   NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    }
    /* Name constraints are not implemented: refuse rather than accept unchecked (RFC 5280 6.1.4(g)). */
    NXD_ENSURE(c->nx_secure_x509_name_constraints == NX_NULL, NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    /* A v1 anchor cannot carry key identifiers: neither its SKI nor, pointing at it, its child's AKI. */
    bool v1_anchor = trusted && c->nx_secure_x509_version < 2;
    if ((s->flags & X509_CHAIN_LAX_KEY_IDS) == 0 && !v1_anchor) {
        /* RFC 5280 4.2.1.2: CAs MUST have a subjectKeyIdentifier; 4.2.1.1: certificates that are not
         * self-signed MUST have an authorityKeyIdentifier with keyIdentifier. */
        NXD_ENSURE(c->nx_secure_x509_subject_key_id != NX_NULL,
                   NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
        NXD_ENSURE(child->nx_secure_x509_authority_key_id != NX_NULL || self_issued(child),
                   NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    }
    /* Legacy cryptography: an issuer key under 2048 bits, anchors
     * included (SP 800-131A), and a SHA-1 or MD5 signature on the certificate it issued (RFC 9155). */
    NXD_ENSURE(!weak_rsa(s, c), NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER);
    NXD_ENSURE(!weak_signature(s, child), NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM);
    return tls_code(
        x509_chain_signed_by(s->table, s->table_size, child, c, s->scratch, s->scratch_size));
}

static bool self_signed_allowed(unsigned flags)
{
#ifdef NX_SECURE_ALLOW_SELF_SIGNED_CERTIFICATES
    (void)flags;
    return true;
#else
    return (flags & X509_CHAIN_ALLOW_SELF_SIGNED) != 0;
#endif
}

static UINT check_leaf(const struct search *s, const NX_SECURE_X509_CERT *leaf)
{
    /* RFC 5280 4.2.1.3: keyCertSign asserted requires basicConstraints cA asserted. */
    NXD_ENSURE(!leaf->nx_secure_x509_key_usage_present ||
                   (leaf->nx_secure_x509_key_usage & NX_SECURE_X509_KEY_USAGE_KEY_CERT_SIGN) == 0 ||
                   leaf->nx_secure_x509_is_ca,
               NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
    if ((s->flags & X509_CHAIN_NO_TIME) == 0) {
        NXD_TRY(x509_chain_check_time(leaf, s->now));
    }
    /* SP 800-131A: the peer's own RSA key signs or decrypts for the handshake. */
    NXD_ENSURE(!weak_rsa(s, leaf), NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER);
    NXD_ENSURE((s->flags & X509_CHAIN_SERVER_AUTH) == 0 ||
                   x509_ext_eku_allows(leaf, NX_SECURE_TLS_X509_TYPE_PKIX_KP_SERVER_AUTH),
               NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND);
    NXD_ENSURE((s->flags & X509_CHAIN_CLIENT_AUTH) == 0 ||
                   x509_ext_eku_allows(leaf, NX_SECURE_TLS_X509_TYPE_PKIX_KP_CLIENT_AUTH),
               NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND);
    return NX_SUCCESS;
}

static UINT search_path(struct search *s, const NX_SECURE_X509_CERT *leaf)
{
    struct frame stack[X509_CHAIN_MAX_DEPTH + 1];
    size_t depth = 0;
    size_t work = 0;

    memset(stack, 0, sizeof stack);
    stack[0].cert = leaf;
    for (;;) {
        bool trusted = false;
        const NX_SECURE_X509_CERT *c = next_candidate(s, &stack[depth], &trusted);
        if (c == NX_NULL) {
            if (depth == 0) {
                return s->first_error != NX_SUCCESS ? s->first_error
                                                    : NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND;
            }
            /* A dead end above an intermediate: that intermediate's issuer was not found. */
            if (s->first_error == NX_SUCCESS) {
                s->first_error = NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND;
            }
            depth--;
            continue;
        }
        bool on_path = false;
        for (size_t i = 0; i <= depth; i++) {
            on_path = on_path || same_der(stack[i].cert, c);
        }
        if (on_path) {
            continue;
        }
        if (++work > X509_CHAIN_MAX_WORK) {
            return s->first_error != NX_SUCCESS ? s->first_error
                                                : NX_SECURE_X509_CHAIN_VERIFY_FAILURE;
        }
        UINT status = check_issuer(s, stack, depth, c, trusted);
        if (status != NX_SUCCESS) {
            if (s->first_error == NX_SUCCESS) {
                s->first_error = status;
            }
            continue;
        }
        if (trusted) {
            return NX_SUCCESS;
        }
        depth++;
        memset(&stack[depth], 0, sizeof stack[depth]);
        stack[depth].cert = c;
    }
}

UINT x509_chain_verify(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                       const NX_SECURE_X509_CERTIFICATE_STORE *store,
                       const NX_SECURE_X509_CERT *leaf,
                       const NX_SECURE_X509_CERT *const *intermediates, size_t n,
                       uint64_t now_seconds, unsigned flags, void *scratch, size_t scratch_size)
{
    NXD_ENSURE(store != NX_NULL && leaf != NX_NULL && (intermediates != NX_NULL || n == 0),
               NX_PTR_ERROR);
    unsigned max = (flags >> 8) & 0xFFu;
    struct search s = {
        .table = table,
        .table_size = table_size,
        .store = store,
        .inters = intermediates,
        .n = n,
        .now = now_seconds,
        .flags = flags,
        .max_intermediates = max != 0 ? max - 1u : X509_CHAIN_MAX_DEPTH - 1u,
        .scratch = scratch,
        .scratch_size = scratch_size,
        .first_error = NX_SUCCESS,
    };

    NXD_TRY(check_leaf(&s, leaf));
    if (self_issued(leaf) &&
        x509_chain_signed_by(table, table_size, leaf, leaf, scratch, scratch_size) == NX_SUCCESS) {
        /* docs/netx-api.md 1.3: a self-signed peer certificate only if allowed and itself trusted. */
        NXD_ENSURE(self_signed_allowed(flags) &&
                       x509_store_find_der(store, X509_STORE_TRUSTED, leaf) != NX_NULL,
                   NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT);
        return NX_SUCCESS;
    }
    return search_path(&s, leaf);
}

UINT x509_chain_verify_remote(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                              const NX_SECURE_X509_CERTIFICATE_STORE *store,
                              const NX_SECURE_X509_CERT *leaf, uint64_t now_seconds, unsigned flags,
                              void *scratch, size_t scratch_size)
{
    const NX_SECURE_X509_CERT *inter[X509_CHAIN_MAX_REMOTE];
    size_t n = 0;

    NXD_ENSURE(store != NX_NULL && leaf != NX_NULL, NX_PTR_ERROR);
    for (const NX_SECURE_X509_CERT *c = x509_store_first(store, X509_STORE_REMOTE);
         c != NX_NULL && n < X509_CHAIN_MAX_REMOTE; c = c->nx_secure_x509_next_certificate) {
        if (c != leaf) {
            inter[n++] = c;
        }
    }
    return x509_chain_verify(table, table_size, store, leaf, inter, n, now_seconds, flags, scratch,
                             scratch_size);
}
