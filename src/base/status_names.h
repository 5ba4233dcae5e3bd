/* SPDX-License-Identifier: MIT */
/* status_names.h: names and descriptions of NetX status codes, and the library's version string. The
 * functions are public (nxdtls.h: nxdtls_status_name, nxdtls_status_description, nxdtls_version); this header
 * only ties the file to its declarations for the library's own users. */
#ifndef NXD_STATUS_NAMES_H
#define NXD_STATUS_NAMES_H

#include "nxdtls.h"

#endif /* NXD_STATUS_NAMES_H */
