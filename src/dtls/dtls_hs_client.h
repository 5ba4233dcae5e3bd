/* SPDX-License-Identifier: MIT */
/* dtls_hs_client.h: the client's transition table (dtls_hs_client_table, declared in dtls_hs.h with the
 * runner) and its start (dtls_hs_client_start, also in dtls_hs.h). Nothing else is exported. */
#ifndef NXD_DTLS_HS_CLIENT_H
#define NXD_DTLS_HS_CLIENT_H

#include "dtls/dtls_hs.h"

#endif /* NXD_DTLS_HS_CLIENT_H */
