/* SPDX-License-Identifier: MIT */
/* ec_point_formats (RFC 8422 5.1.2). */
#include "dtls/dtls_ext_ec_point_formats.h"

void dtls_ext_ec_point_formats_write(struct wire_wr *w)
{
    size_t list = wire_open_vec(w, 1);
    wire_put_u8(w, DTLS_POINT_FORMAT_UNCOMPRESSED);
    wire_close_vec(w, list, 1);
}

UINT dtls_ext_ec_point_formats_parse(struct wire_rd data)
{
    struct wire_rd list;
    NXD_ENSURE(wire_get_vec(&data, 1, &list) && wire_done(&data) && list.len != 0,
               NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH);
    uint8_t format;
    bool uncompressed = false;
    while (wire_get_u8(&list, &format)) {
        uncompressed = uncompressed || format == DTLS_POINT_FORMAT_UNCOMPRESSED;
    }
    NXD_ENSURE(uncompressed, NX_SECURE_TLS_EMPTY_EC_POINT_FORMAT);
    return NX_SUCCESS;
}
