/* SPDX-License-Identifier: MIT */
/* dtls_ext_renegotiation_info.h: the renegotiation_info (RFC 5746 3.2) row of the hello extension table (dtls_ext.h). */
#ifndef NXD_DTLS_EXT_RENEGOTIATION_INFO_H
#define NXD_DTLS_EXT_RENEGOTIATION_INFO_H

#include "dtls/dtls_ext.h"

/* dtls_ext_renegotiation_info: how both roles write and read the extension. */
extern const struct dtls_ext dtls_ext_renegotiation_info;

#endif /* NXD_DTLS_EXT_RENEGOTIATION_INFO_H */
