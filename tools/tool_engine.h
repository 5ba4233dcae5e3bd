/* SPDX-License-Identifier: MIT */
#ifndef NXDTLS_TOOL_ENGINE_H
#define NXDTLS_TOOL_ENGINE_H

/* TOOL_ENGINE_LINKED is 1 once the library implements the whole native API (nxdtls_conn_*,
 * nxdtls_server_*) and the crypto tables. While it is 0, tool_engine_pending.c stands in for the engine
 * so that the nxdtls executable links for everyone; every subcommand but x509 then fails with
 * NX_NOT_IMPLEMENTED. Temporary: removed with tool_engine_pending.c when the engine lands. */
#define TOOL_ENGINE_LINKED 0

#endif
