/* SPDX-License-Identifier: MIT */
/* tx_port.h: ThreadX basic types for the POSIX port of nxdtls (docs/netx-api.md 1.2).
 * LONG and ULONG are 32 bits on every host, as in ThreadX's x86-64 Linux port: NXD_ADDRESS words,
 * IP_ADDRESS() and NX_WAIT_FOREVER assume it. */
#ifndef TX_PORT_H
#define TX_PORT_H

#include <stddef.h>
#include <stdint.h>

#ifndef VOID
#define VOID void
#endif
typedef char CHAR;
typedef unsigned char UCHAR;
typedef int INT;
typedef unsigned int UINT;
typedef short SHORT;
typedef unsigned short USHORT;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint64_t ULONG64;

#endif /* TX_PORT_H */
