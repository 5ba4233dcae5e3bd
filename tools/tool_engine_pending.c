/* SPDX-License-Identifier: MIT */
/* tool_engine_pending: stand-ins for the native API while the engine is being written (see
 * tool_engine.h). Each refuses with NX_NOT_IMPLEMENTED. */
#include "tool_engine.h"

#include "nxdtls.h"

#if !TOOL_ENGINE_LINKED

#include <string.h>

size_t nxdtls_metadata_size(const NX_SECURE_TLS_CRYPTO *crypto)
{
    (void)crypto;
    return 0;
}

UINT nxdtls_conn_init(nxdtls_conn *conn, const nxdtls_config *config, void *metadata,
                      size_t metadata_size, uint8_t *reassembly, size_t reassembly_size)
{
    (void)config;
    (void)metadata;
    (void)metadata_size;
    (void)reassembly;
    (void)reassembly_size;
    memset(conn, 0, sizeof *conn);
    return NX_NOT_IMPLEMENTED;
}

UINT nxdtls_conn_connect(nxdtls_conn *conn, uint64_t now_ms)
{
    (void)conn;
    (void)now_ms;
    return NX_NOT_IMPLEMENTED;
}

UINT nxdtls_conn_input(nxdtls_conn *conn, uint64_t now_ms, uint8_t **cursor, size_t *remaining,
                       uint8_t **app_data, size_t *app_len)
{
    (void)conn;
    (void)now_ms;
    (void)cursor;
    *remaining = 0;
    *app_data = NULL;
    *app_len = 0;
    return NX_NOT_IMPLEMENTED;
}

UINT nxdtls_conn_output(nxdtls_conn *conn, uint64_t now_ms, uint8_t *out, size_t capacity,
                        size_t *out_len)
{
    (void)conn;
    (void)now_ms;
    (void)out;
    (void)capacity;
    *out_len = 0;
    return NX_SUCCESS;
}

uint64_t nxdtls_conn_next_timeout(const nxdtls_conn *conn)
{
    (void)conn;
    return UINT64_MAX;
}

UINT nxdtls_conn_timeout(nxdtls_conn *conn, uint64_t now_ms)
{
    (void)conn;
    (void)now_ms;
    return NX_NOT_IMPLEMENTED;
}

UINT nxdtls_conn_write(nxdtls_conn *conn, const uint8_t *data, size_t len, uint8_t *out,
                       size_t capacity, size_t *out_len)
{
    (void)conn;
    (void)data;
    (void)len;
    (void)out;
    (void)capacity;
    *out_len = 0;
    return NX_NOT_IMPLEMENTED;
}

UINT nxdtls_conn_close(nxdtls_conn *conn)
{
    (void)conn;
    return NX_NOT_IMPLEMENTED;
}

unsigned nxdtls_conn_events(nxdtls_conn *conn)
{
    (void)conn;
    return 0;
}

UINT nxdtls_conn_error(const nxdtls_conn *conn)
{
    (void)conn;
    return NX_NOT_IMPLEMENTED;
}

void nxdtls_conn_alert(const nxdtls_conn *conn, UINT *level, UINT *description)
{
    (void)conn;
    *level = 0;
    *description = 0;
}

const NX_SECURE_TLS_CIPHERSUITE_INFO *nxdtls_conn_ciphersuite(const nxdtls_conn *conn)
{
    (void)conn;
    return NULL;
}

void nxdtls_conn_free(nxdtls_conn *conn)
{
    memset(conn, 0, sizeof *conn);
}

size_t nxdtls_server_index_size(size_t slot_count)
{
    (void)slot_count;
    return 0;
}

UINT nxdtls_server_init(nxdtls_server *server, const nxdtls_config *config, nxdtls_conn *conns,
                        size_t slot_count, uint8_t *metadata, size_t metadata_each,
                        uint8_t *reassembly, size_t reassembly_each, void *index, size_t index_size,
                        uint64_t now_ms)
{
    (void)server;
    (void)config;
    (void)conns;
    (void)slot_count;
    (void)metadata;
    (void)metadata_each;
    (void)reassembly;
    (void)reassembly_each;
    (void)index;
    (void)index_size;
    (void)now_ms;
    return NX_NOT_IMPLEMENTED;
}

UINT nxdtls_server_route(nxdtls_server *server, uint64_t now_ms, const nxdtls_addr *peer,
                         const uint8_t *datagram, size_t len, nxdtls_route *route)
{
    (void)server;
    (void)now_ms;
    (void)peer;
    (void)datagram;
    (void)len;
    (void)route;
    return NX_NOT_IMPLEMENTED;
}

UINT nxdtls_server_peer(const nxdtls_server *server, size_t slot, nxdtls_addr *peer)
{
    (void)server;
    (void)slot;
    (void)peer;
    return NX_NOT_IMPLEMENTED;
}

UINT nxdtls_server_release(nxdtls_server *server, size_t slot)
{
    (void)server;
    (void)slot;
    return NX_NOT_IMPLEMENTED;
}

#endif
