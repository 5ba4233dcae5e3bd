/* SPDX-License-Identifier: MIT */
/* dtls_ext_server_name.h: the server_name (RFC 6066 3) row of the hello extension table (dtls_ext.h). */
#ifndef NXD_DTLS_EXT_SERVER_NAME_H
#define NXD_DTLS_EXT_SERVER_NAME_H

#include "dtls/dtls_ext.h"

/* dtls_ext_server_name: how both roles write and read the extension. */
extern const struct dtls_ext dtls_ext_server_name;

#endif /* NXD_DTLS_EXT_SERVER_NAME_H */
