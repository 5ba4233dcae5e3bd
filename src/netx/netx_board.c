/* SPDX-License-Identifier: MIT */
/* netx_board.c: routing between IP instances at a board's addresses (netx_board.h). */
#include "netx_board.h"

#include "netx_udp.h"

struct netx_board_key {
    ULONG address; /* 0: any board address */
    UINT port;
    ULONG *found; /* the matching socket's board address, read under the registry lock */
};

/* netx_board_match: a bound board socket on key->port (with key->address, when given). Fields read
 * atomically: bind and unbind write them under the socket's own locks. */
static bool netx_board_match(const void *obj, const void *arg)
{
    const NX_UDP_SOCKET *s = obj;
    const struct netx_board_key *key = arg;
    ULONG board = __atomic_load_n(&s->nx_udp_socket_board_address, __ATOMIC_ACQUIRE);
    if (board == 0 || __atomic_load_n(&s->nx_udp_socket_port, __ATOMIC_RELAXED) != key->port) {
        return false;
    }
    if (key->address != 0 && key->address != board) {
        return false;
    }
    *key->found = board;
    return true;
}

bool netx_board_route(NXD_ADDRESS *dest, UINT port)
{
    if (dest->nxd_ip_version != NX_IP_VERSION_V4) {
        return false;
    }
    ULONG found = 0;
    struct netx_board_key key = {dest->nxd_ip_address.v4, port, &found};
    if (key.address == 0 || netx_udp_find(netx_board_match, &key) == NULL) {
        return false;
    }
    dest->nxd_ip_address.v4 = IP_ADDRESS(127, 0, 0, 1);
    return true;
}

void netx_board_source(NXD_ADDRESS *source, UINT port)
{
    if (source->nxd_ip_version != NX_IP_VERSION_V4 ||
        source->nxd_ip_address.v4 != NETX_BOARD_MARK) {
        return;
    }
    ULONG found = 0;
    struct netx_board_key key = {0, port, &found};
    if (netx_udp_find(netx_board_match, &key) != NULL) {
        source->nxd_ip_address.v4 = found;
    }
}
