/* SPDX-License-Identifier: MIT */
/* tx_event_flags.c: ThreadX event flag groups (see tx_event_flags.h). Codes as ThreadX's error-checking
 * layer returns them: a NULL or uncreated group is TX_GROUP_ERROR, a NULL actual_flags_ptr TX_PTR_ERROR, a
 * get option above TX_AND_CLEAR or a set option other than TX_AND/TX_OR TX_OPTION_ERROR, an unmet get
 * TX_NO_EVENTS. */
#include "tx_event_flags.h"

#include "nxdtls.h"
#include "tx_created.h"
#include "tx_wait.h"

#define TXP_OPTION_AND   ((UINT)2)
#define TXP_OPTION_CLEAR ((UINT)1)

static struct txp_created txp_groups = TXP_CREATED_INIT(
    TX_EVENT_FLAGS_GROUP, tx_event_flags_group_created_next, tx_event_flags_group_created_previous);

static bool txp_group_valid(TX_EVENT_FLAGS_GROUP *g)
{
    return g != NULL && g->tx_event_flags_group_id == TXP_EVENT_FLAGS_ID &&
           txp_created_contains(&txp_groups, g);
}

static bool txp_flags_met(ULONG current, ULONG requested, UINT option)
{
    if (option & TXP_OPTION_AND) {
        return (current & requested) == requested;
    }
    return (current & requested) != 0;
}

NXDTLS_API UINT tx_event_flags_create(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR *name_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (group_ptr == NULL || txp_created_contains(&txp_groups, group_ptr)) {
        status = TX_GROUP_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        memset(group_ptr, 0, sizeof *group_ptr);
        group_ptr->tx_event_flags_group_name = name_ptr;
        group_ptr->tx_event_flags_group_id = TXP_EVENT_FLAGS_ID;
        txp_created_add(&txp_groups, group_ptr);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_event_flags_delete(TX_EVENT_FLAGS_GROUP *group_ptr)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_group_valid(group_ptr)) {
        status = TX_GROUP_ERROR;
    } else if (txp_context_get() == TXP_CONTEXT_TIMER) {
        status = TX_CALLER_ERROR;
    } else {
        txp_created_remove(&txp_groups, group_ptr);
        group_ptr->tx_event_flags_group_id = 0;
        txp_wake_all(&group_ptr->tx_event_flags_group_port_suspension_list, TX_DELETED);
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_event_flags_get(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG requested_flags,
                                   UINT get_option, ULONG *actual_flags_ptr, ULONG wait_option)
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_group_valid(group_ptr)) {
        status = TX_GROUP_ERROR;
    } else if (actual_flags_ptr == NULL) {
        status = TX_PTR_ERROR;
    } else if (get_option > TX_AND_CLEAR) {
        status = TX_OPTION_ERROR;
    } else if (wait_option != TX_NO_WAIT && !txp_may_wait()) {
        status = TX_WAIT_ERROR;
    } else {
        ULONG current = group_ptr->tx_event_flags_group_current;
        *actual_flags_ptr = current;
        if (txp_flags_met(current, requested_flags, get_option)) {
            if (get_option & TXP_OPTION_CLEAR) {
                group_ptr->tx_event_flags_group_current = current & ~requested_flags;
            }
        } else if (wait_option == TX_NO_WAIT) {
            status = TX_NO_EVENTS;
        } else {
            TX_PORT_WAITER *self = txp_self();
            self->tx_port_waiter_info = requested_flags;
            self->tx_port_waiter_option = get_option;
            self->tx_port_waiter_data = actual_flags_ptr;
            status = txp_wait(&group_ptr->tx_event_flags_group_port_suspension_list,
                              &group_ptr->tx_event_flags_group_suspended_count, TX_EVENT_FLAG,
                              wait_option, TX_NO_EVENTS);
        }
    }
    txp_unlock();
    return status;
}

NXDTLS_API UINT tx_event_flags_set(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG flags_to_set,
                                   UINT set_option)
{
    txp_enter();
    if (!txp_group_valid(group_ptr)) {
        txp_unlock();
        return TX_GROUP_ERROR;
    }
    if (set_option != TX_AND && set_option != TX_OR) {
        txp_unlock();
        return TX_OPTION_ERROR;
    }
    if (set_option == TX_AND) {
        group_ptr->tx_event_flags_group_current &= flags_to_set;
    } else {
        group_ptr->tx_event_flags_group_current |= flags_to_set;
        ULONG flags = group_ptr->tx_event_flags_group_current;
        ULONG clear = 0;
        TX_PORT_WAITER *w = group_ptr->tx_event_flags_group_port_suspension_list;
        UINT n = group_ptr->tx_event_flags_group_suspended_count;
        for (UINT i = 0; i < n && w != NULL; i++) {
            TX_PORT_WAITER *next = w->tx_port_waiter_next;
            if (txp_flags_met(flags, w->tx_port_waiter_info, w->tx_port_waiter_option)) {
                *(ULONG *)w->tx_port_waiter_data = flags;
                if (w->tx_port_waiter_option & TXP_OPTION_CLEAR) {
                    clear |= w->tx_port_waiter_info;
                }
                txp_wake(w, TX_SUCCESS);
            }
            w = next;
        }
        group_ptr->tx_event_flags_group_current &= ~clear;
    }
    VOID (*notify)(TX_EVENT_FLAGS_GROUP *) = group_ptr->tx_event_flags_group_set_notify;
    txp_unlock();
    if (notify != NULL) {
        notify(group_ptr);
    }
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_event_flags_info_get(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR **name,
                                        ULONG *current_flags, TX_THREAD **first_suspended,
                                        ULONG *suspended_count, TX_EVENT_FLAGS_GROUP **next_group)
{
    txp_enter();
    if (!txp_group_valid(group_ptr)) {
        txp_unlock();
        return TX_GROUP_ERROR;
    }
    if (name != NULL) {
        *name = group_ptr->tx_event_flags_group_name;
    }
    if (current_flags != NULL) {
        *current_flags = group_ptr->tx_event_flags_group_current;
    }
    if (first_suspended != NULL) {
        *first_suspended = txp_first_thread(group_ptr->tx_event_flags_group_port_suspension_list);
    }
    if (suspended_count != NULL) {
        *suspended_count = group_ptr->tx_event_flags_group_suspended_count;
    }
    if (next_group != NULL) {
        *next_group = group_ptr->tx_event_flags_group_created_next;
    }
    txp_unlock();
    return TX_SUCCESS;
}

NXDTLS_API UINT tx_event_flags_set_notify(TX_EVENT_FLAGS_GROUP *group_ptr,
                                          VOID (*events_set_notify)(TX_EVENT_FLAGS_GROUP *))
{
    txp_enter();
    UINT status = TX_SUCCESS;
    if (!txp_group_valid(group_ptr)) {
        status = TX_GROUP_ERROR;
    } else {
        group_ptr->tx_event_flags_group_set_notify = events_set_notify;
    }
    txp_unlock();
    return status;
}
