/* SPDX-License-Identifier: MIT */
/* nx_secure_user.h: included only with NX_SECURE_INCLUDE_USER_DEFINE_FILE, as in NetX; empty by default. */
#ifndef NX_SECURE_USER_H
#define NX_SECURE_USER_H
#endif /* NX_SECURE_USER_H */
