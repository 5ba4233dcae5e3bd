/* SPDX-License-Identifier: MIT */
/* netx_board.c: routing between IP instances at a board's addresses (netx_board.h). */
#include "netx_board.h"

#include <pthread.h>

/* The board addresses of this process, numbered by their index + 1 in the marker. Entries are written
 * once under the lock and never change: readers load them atomically without it. */
static ULONG netx_board_numbered[NETX_BOARD_SLOTS];
static pthread_mutex_t netx_board_lock = PTHREAD_MUTEX_INITIALIZER;

/* netx_board_index returns board's number (index + 1), or 0 when it has none. */
static ULONG netx_board_index(ULONG board)
{
    for (UINT i = 0; i < NETX_BOARD_SLOTS; i++) {
        ULONG known = __atomic_load_n(&netx_board_numbered[i], __ATOMIC_ACQUIRE);
        if (known == 0) {
            break;
        }
        if (known == board) {
            return (ULONG)(i + 1);
        }
    }
    return 0;
}

void netx_board_bound(ULONG board)
{
    if (board == 0 || netx_board_index(board) != 0) {
        return;
    }
    (void)pthread_mutex_lock(&netx_board_lock);
    for (UINT i = 0; i < NETX_BOARD_SLOTS; i++) {
        ULONG known = netx_board_numbered[i];
        if (known == board) {
            break;
        }
        if (known == 0) {
            __atomic_store_n(&netx_board_numbered[i], board, __ATOMIC_RELEASE);
            break;
        }
    }
    (void)pthread_mutex_unlock(&netx_board_lock);
}

bool netx_board_route(NXD_ADDRESS *dest, ULONG sender_board, ULONG *mark)
{
    *mark = 0;
    if (dest->nxd_ip_version != NX_IP_VERSION_V4 || dest->nxd_ip_address.v4 == 0 ||
        netx_board_index(dest->nxd_ip_address.v4) == 0) {
        return false;
    }
    dest->nxd_ip_address.v4 = IP_ADDRESS(127, 0, 0, 1);
    ULONG index = sender_board != 0 ? netx_board_index(sender_board) : 0;
    if (index != 0) {
        *mark = NETX_BOARD_MARK_NET | index;
    }
    return true;
}

void netx_board_source(NXD_ADDRESS *source)
{
    if (source->nxd_ip_version != NX_IP_VERSION_V4 ||
        (source->nxd_ip_address.v4 & 0xFFFF0000u) != NETX_BOARD_MARK_NET) {
        return;
    }
    ULONG index = source->nxd_ip_address.v4 & 0xFFFFu;
    if (index == 0 || index > NETX_BOARD_SLOTS) {
        return;
    }
    ULONG board = __atomic_load_n(&netx_board_numbered[index - 1], __ATOMIC_ACQUIRE);
    if (board != 0) {
        source->nxd_ip_address.v4 = board;
    }
}
