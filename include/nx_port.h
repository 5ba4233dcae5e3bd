/* SPDX-License-Identifier: MIT */
/* nx_port.h: NetX Duo port settings for POSIX hosts. */
#ifndef NX_PORT_H
#define NX_PORT_H

#include "tx_port.h"

/* IPv6 is on, as NetX Duo builds it by default: NXD_ADDRESS always carries both union members. */
#ifndef FEATURE_NX_IPV6
#define FEATURE_NX_IPV6
#endif

#endif /* NX_PORT_H */
