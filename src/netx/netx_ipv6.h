/* SPDX-License-Identifier: MIT */
/* netx_ipv6.h: an NX_IP's table of IPv6 addresses (nxd_ipv6_address_set/get/delete, nx_api.h).
 *
 * NetX Duo keeps the addresses a board configures in nx_ipv6_address[]; start-up code sets them and reads
 * them back. nxdtls records them with NetX Duo's checks and return codes, but the host's stack owns the
 * addresses datagrams really use: a socket of an IP binds as docs/porting.md (9) says. */
#ifndef NETX_NX_IPV6_H
#define NETX_NX_IPV6_H

#include "nx_api.h"

#endif /* NETX_NX_IPV6_H */
