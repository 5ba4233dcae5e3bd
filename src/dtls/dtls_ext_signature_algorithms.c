/* SPDX-License-Identifier: MIT */
/* signature_algorithms (RFC 5246 7.4.1.4.1). */
#include "dtls/dtls_ext_signature_algorithms.h"

#include "dtls/dtls_sigalg.h"

void dtls_ext_signature_algorithms_write(struct wire_wr *w, uint16_t mask)
{
    size_t list = wire_open_vec(w, 2);
    for (size_t i = 0; i < dtls_sigalg_count; i++) {
        if ((mask & (1u << i)) != 0) {
            wire_put_u16(w, dtls_sigalgs[i].scheme);
        }
    }
    wire_close_vec(w, list, 2);
}

UINT dtls_ext_signature_algorithms_read(struct wire_rd *r, uint16_t *mask)
{
    struct wire_rd copy = *r;
    struct wire_rd list;
    *mask = 0;
    NXD_ENSURE(wire_get_vec(&copy, 2, &list) && list.len >= 2 && list.len % 2 == 0,
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    uint16_t found = 0;
    uint16_t scheme;
    while (wire_get_u16(&list, &scheme)) {
        size_t index;
        if (dtls_sigalg_find(scheme, &index) != NULL) {
            found = (uint16_t)(found | (1u << index));
        }
    }
    *mask = found;
    *r = copy;
    return NX_SUCCESS;
}

UINT dtls_ext_signature_algorithms_parse(struct wire_rd data, uint16_t *mask)
{
    NXD_TRY(dtls_ext_signature_algorithms_read(&data, mask));
    if (!wire_done(&data)) {
        *mask = 0;
        return NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH;
    }
    return NX_SUCCESS;
}
