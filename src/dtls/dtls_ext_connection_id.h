/* SPDX-License-Identifier: MIT */
/* dtls_ext_connection_id.h: the connection_id (RFC 9146 3) row of the hello extension table (dtls_ext.h). */
#ifndef NXD_DTLS_EXT_CONNECTION_ID_H
#define NXD_DTLS_EXT_CONNECTION_ID_H

#include "dtls/dtls_ext.h"

/* dtls_ext_connection_id: how both roles write and read the extension. */
extern const struct dtls_ext dtls_ext_connection_id;

#endif /* NXD_DTLS_EXT_CONNECTION_ID_H */
