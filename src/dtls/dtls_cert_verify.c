/* SPDX-License-Identifier: MIT */
#include "dtls/dtls_cert_verify.h"

UINT dtls_cert_verify_write(struct wire_wr *w, const nxdtls_config *cfg,
                            const struct dtls_sigalg *alg, const NX_SECURE_X509_CERT *key,
                            const uint8_t *digest, size_t digest_len, void *area, size_t area_size)
{
    uint8_t sig[DTLS_SIG_MAX];
    size_t sig_len = 0;
    NXD_TRY(dtls_sigalg_sign(cfg, alg, key, digest, digest_len, area, area_size, sig, sizeof sig,
                             &sig_len));
    wire_put_u16(w, alg->scheme);
    size_t vec = wire_open_vec(w, 2);
    wire_put_bytes(w, sig, sig_len);
    wire_close_vec(w, vec, 2);
    NXD_ENSURE(!w->overflow, NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL);
    return NX_SUCCESS;
}

UINT dtls_cert_verify_check(struct wire_rd body, const nxdtls_config *cfg, uint16_t allowed_mask,
                            UINT digest_hash, const NX_SECURE_X509_CERT *signer,
                            const uint8_t *digest, size_t digest_len, void *area, size_t area_size)
{
    uint16_t scheme;
    struct wire_rd sig;
    NXD_ENSURE(wire_get_u16(&body, &scheme) && wire_get_vec(&body, 2, &sig) && wire_done(&body),
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    size_t index;
    const struct dtls_sigalg *alg = dtls_sigalg_find(scheme, &index);
    /* RFC 5246 7.4.8: the scheme must be one the CertificateRequest listed. */
    NXD_ENSURE(alg != NULL && (allowed_mask & (1u << index)) != 0 && alg->hash_alg == digest_hash &&
                   dtls_sigalg_fits_key(alg, signer),
               NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM);
    UINT status =
        dtls_sigalg_verify(cfg, alg, signer, digest, digest_len, sig.p, sig.len, area, area_size);
    if (status == NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR) {
        return NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE;
    }
    return status;
}

uint16_t dtls_cert_verify_mask(uint16_t mask, UINT hash_alg)
{
    uint16_t out = 0;
    for (size_t i = 0; i < dtls_sigalg_count; i++) {
        if ((mask & (1u << i)) != 0 && dtls_sigalgs[i].hash_alg == hash_alg) {
            out = (uint16_t)(out | (1u << i));
        }
    }
    return out;
}
