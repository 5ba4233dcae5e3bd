/* SPDX-License-Identifier: MIT */
/* dtls_ext_extended_master_secret.h: the extended_master_secret (RFC 7627 5.1) row of the hello extension table (dtls_ext.h). */
#ifndef NXD_DTLS_EXT_EXTENDED_MASTER_SECRET_H
#define NXD_DTLS_EXT_EXTENDED_MASTER_SECRET_H

#include "dtls/dtls_ext.h"

/* dtls_ext_extended_master_secret: how both roles write and read the extension. */
extern const struct dtls_ext dtls_ext_extended_master_secret;

#endif /* NXD_DTLS_EXT_EXTENDED_MASTER_SECRET_H */
