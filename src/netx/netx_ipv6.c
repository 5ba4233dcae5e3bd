/* SPDX-License-Identifier: MIT */
/* netx_ipv6.c: nxd_ipv6_address_set, _get and _delete (netx_ipv6.h). Checks and codes follow NetX Duo's
 * nxde_ipv6_address_*.c: a bad IP pointer is NX_PTR_ERROR, an address that is not IPv6 unicast
 * NX_IP_ADDRESS_ERROR, an interface that does not exist NX_INVALID_INTERFACE, a full table
 * NX_NO_MORE_ENTRIES, an address already present NX_DUPLICATED_ENTRY, an empty or out-of-range index
 * NX_NO_INTERFACE_ADDRESS. */
#include "netx_ipv6.h"

#include <pthread.h>
#include <string.h>

#include "netx_ip.h"
#include "nxdtls.h"

/* netx_ipv6_unicast is true for an address that may be assigned to an interface: neither the unspecified
 * address :: nor a multicast address ff00::/8 (RFC 4291 2.5.2, 2.7). */
static bool netx_ipv6_unicast(const ULONG v6[4])
{
    if ((v6[0] | v6[1] | v6[2] | v6[3]) == 0) {
        return false;
    }
    return (v6[0] & 0xFF000000UL) != 0xFF000000UL;
}

/* netx_ipv6_link_local makes fe80::/64 with the modified EUI-64 interface identifier of the interface's
 * 48-bit MAC (RFC 4291 2.5.1 and appendix A: ff:fe in the middle, universal/local bit inverted). */
static void netx_ipv6_link_local(const NX_INTERFACE *nif, ULONG v6[4])
{
    ULONG msw = nif->nx_interface_physical_address_msw; /* MAC bytes 0-1 */
    ULONG lsw = nif->nx_interface_physical_address_lsw; /* MAC bytes 2-5 */
    v6[0] = (ULONG)0xFE800000u;
    v6[1] = 0;
    v6[2] = (ULONG)((((msw & 0xFFFFu) ^ 0x0200u) << 16) | ((lsw >> 16) & 0xFF00u) | 0x00FFu);
    v6[3] = (ULONG)(0xFE000000u | (lsw & 0x00FFFFFFu));
}

NXDTLS_API UINT nxd_ipv6_address_set(NX_IP *ip_ptr, UINT interface_index, NXD_ADDRESS *ip_address,
                                     ULONG prefix_length, UINT *address_index)
{
    if (!netx_ip_valid(ip_ptr)) {
        return NX_PTR_ERROR;
    }
    if (ip_address != NX_NULL && ip_address->nxd_ip_version != NX_IP_VERSION_V6) {
        return NX_IP_ADDRESS_ERROR;
    }
    if (interface_index >= NX_MAX_PHYSICAL_INTERFACES ||
        ip_ptr->nx_ip_interface[interface_index].nx_interface_valid != NX_TRUE) {
        return NX_INVALID_INTERFACE;
    }
    if (ip_address != NX_NULL && !netx_ipv6_unicast(ip_address->nxd_ip_address.v6)) {
        return NX_IP_ADDRESS_ERROR;
    }
    if (prefix_length > 128) {
        return NX_INVALID_PARAMETERS;
    }
    NX_INTERFACE *nif = &ip_ptr->nx_ip_interface[interface_index];
    ULONG v6[4];
    if (ip_address != NX_NULL) {
        memcpy(v6, ip_address->nxd_ip_address.v6, sizeof v6);
    } else {
        netx_ipv6_link_local(nif, v6);
        prefix_length = 64;
    }

    (void)pthread_mutex_lock(&ip_ptr->nx_ip_lock);
    UINT status = NX_NO_MORE_ENTRIES;
    UINT free_index = NX_MAX_IPV6_ADDRESSES;
    for (UINT i = 0; i < NX_MAX_IPV6_ADDRESSES; i++) {
        NXD_IPV6_ADDRESS *a = &ip_ptr->nx_ipv6_address[i];
        if (!a->nxd_ipv6_address_valid) {
            if (free_index == NX_MAX_IPV6_ADDRESSES) {
                free_index = i;
            }
        } else if (memcmp(a->nxd_ipv6_address, v6, sizeof v6) == 0) {
            status = NX_DUPLICATED_ENTRY;
            free_index = NX_MAX_IPV6_ADDRESSES;
            break;
        }
    }
    if (free_index < NX_MAX_IPV6_ADDRESSES) {
        NXD_IPV6_ADDRESS *a = &ip_ptr->nx_ipv6_address[free_index];
        memset(a, 0, sizeof *a);
        a->nxd_ipv6_address_valid = NX_TRUE;
        a->nxd_ipv6_address_type = NX_IP_VERSION_V6;
        a->nxd_ipv6_address_state =
            NX_IPV6_ADDR_STATE_VALID; /* no duplicate address detection here */
        a->nxd_ipv6_address_prefix_length = (UCHAR)prefix_length;
        a->nxd_ipv6_address_attached = nif;
        memcpy(a->nxd_ipv6_address, v6, sizeof v6);
        a->nxd_ipv6_address_ConfigurationMethod = NX_IPV6_ADDRESS_MANUAL_CONFIG;
        a->nxd_ipv6_address_index = (UCHAR)free_index;
        if (address_index != NX_NULL) {
            *address_index = free_index;
        }
        status = NX_SUCCESS;
    }
    (void)pthread_mutex_unlock(&ip_ptr->nx_ip_lock);
    return status;
}

NXDTLS_API UINT nxd_ipv6_address_get(NX_IP *ip_ptr, UINT address_index, NXD_ADDRESS *ip_address,
                                     ULONG *prefix_length, UINT *interface_index)
{
    if (!netx_ip_valid(ip_ptr) || ip_address == NX_NULL || prefix_length == NX_NULL ||
        interface_index == NX_NULL) {
        return NX_PTR_ERROR;
    }
    if (address_index >= NX_MAX_IPV6_ADDRESSES) {
        return NX_NO_INTERFACE_ADDRESS;
    }
    (void)pthread_mutex_lock(&ip_ptr->nx_ip_lock);
    const NXD_IPV6_ADDRESS *a = &ip_ptr->nx_ipv6_address[address_index];
    UINT status = NX_NO_INTERFACE_ADDRESS;
    if (a->nxd_ipv6_address_valid) {
        memset(ip_address, 0, sizeof *ip_address);
        ip_address->nxd_ip_version = NX_IP_VERSION_V6;
        memcpy(ip_address->nxd_ip_address.v6, a->nxd_ipv6_address, sizeof a->nxd_ipv6_address);
        *prefix_length = a->nxd_ipv6_address_prefix_length;
        *interface_index = (UINT)(a->nxd_ipv6_address_attached - ip_ptr->nx_ip_interface);
        status = NX_SUCCESS;
    }
    (void)pthread_mutex_unlock(&ip_ptr->nx_ip_lock);
    return status;
}

NXDTLS_API UINT nxd_ipv6_address_delete(NX_IP *ip_ptr, UINT address_index)
{
    if (!netx_ip_valid(ip_ptr)) {
        return NX_PTR_ERROR;
    }
    if (address_index >= NX_MAX_IPV6_ADDRESSES) {
        return NX_NO_INTERFACE_ADDRESS;
    }
    (void)pthread_mutex_lock(&ip_ptr->nx_ip_lock);
    NXD_IPV6_ADDRESS *a = &ip_ptr->nx_ipv6_address[address_index];
    UINT status = a->nxd_ipv6_address_valid ? NX_SUCCESS : NX_NO_INTERFACE_ADDRESS;
    memset(a, 0, sizeof *a);
    (void)pthread_mutex_unlock(&ip_ptr->nx_ip_lock);
    return status;
}
