/* SPDX-License-Identifier: MIT */
#include "x509/x509_crl.h"

#include <stdint.h>
#include <string.h>

#include "crypto/crypto_tables.h"
#include "x509/x509_cert.h"
#include "x509/x509_der.h"
#include "x509/x509_ext.h"
#include "x509/x509_name.h"
#include "x509/x509_oid.h"
#include "x509/x509_sig.h"
#include "x509/x509_store.h"
#include "x509/x509_time.h"

struct crl {
    struct wire_rd tbs_tlv;
    struct wire_rd issuer_tlv;
    struct wire_rd revoked; /* contents of revokedCertificates, possibly empty */
    struct x509_signed sig;
};

/* check_extensions: duplicates and critical extensions (RFC 5280 5.2, 5.3). need_number asks for a
 * cRLNumber (v2 CRL extensions). */
static UINT check_extensions(struct wire_rd exts, bool need_number)
{
    struct wire_rd seen[X509_EXT_MAX];
    size_t count = 0;
    bool has_number = false;

    while (!wire_done(&exts)) {
        struct x509_ext ext;
        NXD_TRY(x509_ext_next(&exts, X509_OID_CRL_EXTENSION, &ext));
        NXD_ENSURE(count < X509_EXT_MAX, NX_SECURE_X509_INVALID_EXTENSIONS);
        for (size_t i = 0; i < count; i++) {
            NXD_ENSURE(!x509_der_equals(seen[i], ext.oid.p, ext.oid.len),
                       NX_SECURE_X509_INVALID_EXTENSIONS);
        }
        seen[count++] = ext.oid;
        if (ext.id == X509_CRL_EXT_NUMBER) {
            /* RFC 5280 5.2.3: non-critical, a non-negative INTEGER. */
            struct wire_rd v = ext.value;
            struct wire_rd num;
            uint8_t top;
            NXD_ENSURE(!ext.critical, NX_SECURE_X509_INVALID_EXTENSIONS);
            NXD_ENSURE(x509_der_integer(&v, &num) == NX_SUCCESS && wire_done(&v) &&
                           wire_peek_u8(&num, &top) && top < 0x80 && num.len <= 21,
                       NX_SECURE_X509_INVALID_EXTENSIONS);
            has_number = true;
        } else if (ext.critical && ext.id != X509_CRL_EXT_REASON_CODE &&
                   ext.id != X509_CRL_EXT_INVALIDITY_DATE) {
            /* Delta CRLs, issuing distribution points and indirect CRLs are not processed. */
            return NX_SECURE_X509_INVALID_EXTENSIONS;
        }
    }
    NXD_ENSURE(has_number || !need_number, NX_SECURE_X509_INVALID_EXTENSIONS);
    return NX_SUCCESS;
}

static UINT parse_crl(struct wire_rd in, struct crl *out)
{
    struct wire_rd top;
    struct wire_rd tbs;
    struct wire_rd alg;
    struct wire_rd alg_tlv;
    struct wire_rd inner_alg_tlv;
    struct wire_rd field;
    struct wire_rd sig;
    uint8_t tag;
    uint8_t unused;
    uint32_t version = 0;
    uint64_t t;
    bool present;

    NXD_ENSURE(x509_der_peek(&in, X509_DER_SEQUENCE), NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE);
    NXD_TRY(x509_der_expect(&in, X509_DER_SEQUENCE, &top));
    NXD_TRY(x509_der_done(&in));
    NXD_TRY(x509_der_read_tlv(&top, &tag, &tbs, &out->tbs_tlv));
    NXD_ENSURE(tag == X509_DER_SEQUENCE, NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    NXD_TRY(x509_der_read_tlv(&top, &tag, &alg, &alg_tlv));
    NXD_ENSURE(tag == X509_DER_SEQUENCE, NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    NXD_TRY(x509_der_bit_string(&top, &sig, &unused));
    NXD_TRY(x509_der_done(&top));
    NXD_ENSURE(unused == 0 && sig.len != 0, NX_SECURE_X509_INVALID_CERTIFICATE_DATA);

    /* RFC 5280 5.1.2 TBSCertList. */
    if (x509_der_peek(&tbs, X509_DER_INTEGER)) {
        NXD_TRY(x509_der_small_uint(&tbs, 1, &version));
        /* Only v2 (1) is ever encoded; v1 omits the field. */
        NXD_ENSURE(version == 1, NX_SECURE_X509_INVALID_VERSION);
    }
    NXD_TRY(x509_der_read_tlv(&tbs, &tag, &field, &inner_alg_tlv));
    NXD_ENSURE(tag == X509_DER_SEQUENCE, NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    NXD_ENSURE(x509_der_equals(inner_alg_tlv, alg_tlv.p, alg_tlv.len),
               NX_SECURE_X509_WRONG_SIGNATURE_METHOD);
    NXD_TRY(x509_der_read_tlv(&tbs, &tag, &field, &out->issuer_tlv));
    NXD_ENSURE(tag == X509_DER_SEQUENCE, NX_SECURE_X509_UNEXPECTED_ASN1_TAG);
    NXD_TRY(x509_der_read(&tbs, &tag, &field));
    NXD_TRY(x509_time_parse(tag, field, &t));
    if (x509_der_peek(&tbs, X509_DER_UTC_TIME) || x509_der_peek(&tbs, X509_DER_GENERALIZED_TIME)) {
        NXD_TRY(x509_der_read(&tbs, &tag, &field));
        NXD_TRY(x509_time_parse(tag, field, &t));
    }
    out->revoked = wire_rd_init(NX_NULL, 0);
    NXD_TRY(x509_der_optional(&tbs, X509_DER_SEQUENCE, &out->revoked, &present));
    NXD_TRY(x509_der_optional(&tbs, X509_DER_CONTEXT_CONS(0), &field, &present));
    if (present) {
        struct wire_rd exts;
        NXD_ENSURE(version == 1, NX_SECURE_X509_INVALID_VERSION);
        NXD_TRY(x509_der_expect(&field, X509_DER_SEQUENCE, &exts));
        NXD_TRY(x509_der_done(&field));
        NXD_TRY(check_extensions(exts, true));
    } else {
        NXD_ENSURE(version == 0, NX_SECURE_X509_INVALID_EXTENSIONS);
    }
    NXD_TRY(x509_der_done(&tbs));

    out->sig.data = out->tbs_tlv.p;
    out->sig.data_len = out->tbs_tlv.len;
    out->sig.sig = sig.p;
    out->sig.sig_len = sig.len;
    return x509_sigalg_parse(alg, &out->sig.sig_id, &out->sig.hash_alg, &out->sig.salt_len);
}

/* find_serial walks revokedCertificates; every entry is checked, so a malformed list is an error
 * wherever the serial is. */
static UINT find_serial(struct wire_rd revoked, const NX_SECURE_X509_CERT *cert, bool *found)
{
    *found = false;
    while (!wire_done(&revoked)) {
        struct wire_rd entry;
        struct wire_rd serial;
        struct wire_rd when;
        uint8_t tag;
        uint64_t t;
        NXD_TRY(x509_der_expect(&revoked, X509_DER_SEQUENCE, &entry));
        NXD_TRY(x509_der_integer(&entry, &serial));
        NXD_TRY(x509_der_read(&entry, &tag, &when));
        NXD_TRY(x509_time_parse(tag, when, &t));
        if (!wire_done(&entry)) {
            struct wire_rd exts;
            NXD_TRY(x509_der_expect(&entry, X509_DER_SEQUENCE, &exts));
            NXD_TRY(check_extensions(exts, false));
        }
        NXD_TRY(x509_der_done(&entry));
        if (x509_der_equals(serial, cert->nx_secure_x509_serial_number,
                            cert->nx_secure_x509_serial_number_length)) {
            *found = true;
        }
    }
    return NX_SUCCESS;
}

/* verify_signer looks for the CRL's signer in one list of the store. */
static UINT verify_signer(const NX_SECURE_X509_CRYPTO *table, size_t table_size,
                          const struct crl *c, const NX_SECURE_X509_CERTIFICATE_STORE *store,
                          enum x509_store_list list, void *scratch, size_t scratch_size)
{
    UINT status = NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND;
    size_t walked = 0;

    for (const NX_SECURE_X509_CERT *s = x509_store_first(store, list);
         s != NX_NULL && walked < 65536u; s = s->nx_secure_x509_next_certificate, walked++) {
        if (!x509_name_equal(s->nx_secure_x509_subject_raw, s->nx_secure_x509_subject_raw_length,
                             c->issuer_tlv.p, (UINT)c->issuer_tlv.len)) {
            continue;
        }
        if (x509_sig_verify(table, table_size, s, &c->sig, scratch, scratch_size) != NX_SUCCESS) {
            status = NX_SECURE_X509_CRL_SIGNATURE_CHECK_FAILED;
            continue;
        }
        /* RFC 5280 4.2.1.3: a CRL signer with keyUsage has cRLSign. */
        NXD_ENSURE(!s->nx_secure_x509_key_usage_present ||
                       (s->nx_secure_x509_key_usage & NX_SECURE_X509_KEY_USAGE_CRL_SIGN) != 0,
                   NX_SECURE_X509_CHAIN_VERIFY_FAILURE);
        return NX_SUCCESS;
    }
    return status;
}

UINT x509_crl_check(const NX_SECURE_X509_CRYPTO *table, size_t table_size, const UCHAR *crl,
                    size_t len, const NX_SECURE_X509_CERTIFICATE_STORE *store,
                    const NX_SECURE_X509_CERT *cert, void *scratch, size_t scratch_size)
{
    struct crl c;
    bool found;

    NXD_ENSURE(crl != NX_NULL && store != NX_NULL && cert != NX_NULL, NX_PTR_ERROR);
    memset(&c, 0, sizeof c);
    NXD_TRY(parse_crl(wire_rd_init(crl, len), &c));
    NXD_ENSURE(x509_name_equal(cert->nx_secure_x509_issuer_raw,
                               cert->nx_secure_x509_issuer_raw_length, c.issuer_tlv.p,
                               (UINT)c.issuer_tlv.len),
               NX_SECURE_X509_CRL_ISSUER_MISMATCH);
    UINT status =
        verify_signer(table, table_size, &c, store, X509_STORE_TRUSTED, scratch, scratch_size);
    if (status == NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND ||
        status == NX_SECURE_X509_CRL_SIGNATURE_CHECK_FAILED) {
        UINT remote =
            verify_signer(table, table_size, &c, store, X509_STORE_REMOTE, scratch, scratch_size);
        if (remote != NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND) {
            status = remote;
        }
    }
    NXD_TRY(status);
    NXD_TRY(find_serial(c.revoked, cert, &found));
    return found ? NX_SECURE_X509_CRL_CERTIFICATE_REVOKED : NX_SUCCESS;
}

NXD_X509_EXPORT UINT nx_secure_x509_crl_revocation_check(const UCHAR *crl_data, UINT crl_length,
                                                         NX_SECURE_X509_CERTIFICATE_STORE *store,
                                                         NX_SECURE_X509_CERT *certificate)
{
    /* The NetX service has no table or metadata parameter: the library's default table, and scratch on
     * the stack sized for nxdtls's own methods. */
    uint64_t scratch[X509_SIG_SCRATCH_MIN / sizeof(uint64_t)];
    const NX_SECURE_TLS_CRYPTO *defaults = &nx_crypto_tls_ciphers_ecc;

    NXD_ENSURE(crl_data != NX_NULL && store != NX_NULL && certificate != NX_NULL, NX_PTR_ERROR);
    UINT status = x509_crl_check(defaults->nx_secure_tls_x509_cipher_table,
                                 defaults->nx_secure_tls_x509_cipher_table_size, crl_data,
                                 crl_length, store, certificate, scratch, sizeof scratch);
    return status;
}
