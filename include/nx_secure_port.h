/* SPDX-License-Identifier: MIT */
/* nx_secure_port.h: NetX Secure port settings for POSIX hosts (nothing to set yet). */
#ifndef NX_SECURE_PORT_H
#define NX_SECURE_PORT_H
#endif /* NX_SECURE_PORT_H */
