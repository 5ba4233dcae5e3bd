/* SPDX-License-Identifier: MIT */
/* tx_port.h: ThreadX basic types and port constants of the POSIX port of nxdtls (docs/netx-api.md 1.2,
 * docs/porting.md). LONG and ULONG are 32 bits on every host, as in ThreadX's x86-64 Linux port:
 * NXD_ADDRESS words, IP_ADDRESS() and NX_WAIT_FOREVER assume it. Like that port, this header brings in
 * the C library headers ThreadX code expects to have (stdlib, string, stdint, pthread, time). */
#ifndef TX_PORT_H
#define TX_PORT_H

#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
#define ULONG64_DEFINED

/* ALIGN_TYPE: the unit byte and block pools align to (a pointer's size, as in the x86-64 port). */
#define ALIGN_TYPE_DEFINED
typedef uintptr_t ALIGN_TYPE;

/* Priorities 0 (highest) .. TX_MAX_PRIORITIES - 1, as ThreadX's Linux port builds it; on POSIX they are
 * advisory (docs/porting.md). Like the other values here, fixed when the library is built. */
#define TX_MAX_PRIORITIES 32

/* The smallest stack tx_thread_create accepts (ThreadX's Linux port value). The area is checked and
 * recorded, but threads run on stacks the system gives them (docs/porting.md). */
#define TX_MINIMUM_STACK 200

/* Interrupt postures of tx_interrupt_control. */
#define TX_INT_DISABLE 1
#define TX_INT_ENABLE  0

/* TX_LINUX_MEMORY_SIZE: the free-memory area tx_kernel_enter hands to tx_application_define, in bytes.
 * Fixed when the library is built. */
#define TX_LINUX_MEMORY_SIZE (4UL * 1024UL * 1024UL)

#endif /* TX_PORT_H */
