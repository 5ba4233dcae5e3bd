/* SPDX-License-Identifier: MIT */
/* dtls_hs_server.h: the server's transition table (dtls_hs_server_table, declared in dtls_hs.h). */
#ifndef NXD_DTLS_HS_SERVER_H
#define NXD_DTLS_HS_SERVER_H

#include "dtls/dtls_hs.h"

#endif /* NXD_DTLS_HS_SERVER_H */
