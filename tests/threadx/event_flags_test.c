/* SPDX-License-Identifier: MIT */
/* event_flags_test.c: ThreadX event flag groups (src/threadx/tx_event_flags.c): the four get options with
 * and without waiting, TX_AND / TX_OR sets, several waiters woken by one set, timeouts, aborts, delete,
 * the set notification, info_get and ThreadX's exact codes. */
#include <string.h>

#include "tx_util.h"

static TX_EVENT_FLAGS_GROUP group;
static TX_THREAD th[3];
static UINT codes[3];
static ULONG actual[3];
static UINT done;
static UINT notified;

struct want {
    ULONG flags;
    UINT option;
    ULONG wait;
};
static struct want wants[3];

static VOID get_entry(ULONG i)
{
    codes[i] = tx_event_flags_get(&group, wants[i].flags, wants[i].option, &actual[i],
                                  wants[i].wait);
    __atomic_fetch_add(&done, 1, __ATOMIC_ACQ_REL);
}

static VOID on_set(TX_EVENT_FLAGS_GROUP *g)
{
    if (g == &group) {
        txu_set(&notified, notified + 1);
    }
}

static void start_getter(UINT i, ULONG flags, UINT option, ULONG wait)
{
    wants[i] = (struct want){flags, option, wait};
    codes[i] = 0xFFFF;
    actual[i] = 0;
    EXPECT_OK(txu_create(&th[i], i, get_entry, i, TX_AUTO_START));
    EXPECT(txu_wait_state(&th[i], TX_EVENT_FLAG));
}

static void test_codes_and_options(void)
{
    static TX_EVENT_FLAGS_GROUP never;
    memset(&never, 0, sizeof never);
    ULONG flags = 0;
    EXPECT_CODE(tx_event_flags_create(NULL, txu_name), TX_GROUP_ERROR);
    EXPECT_CODE(tx_event_flags_get(&never, 1, TX_OR, &flags, TX_NO_WAIT), TX_GROUP_ERROR);
    EXPECT_CODE(tx_event_flags_set(&never, 1, TX_OR), TX_GROUP_ERROR);
    EXPECT_CODE(tx_event_flags_delete(&never), TX_GROUP_ERROR);
    EXPECT_CODE(tx_event_flags_info_get(&never, NULL, NULL, NULL, NULL, NULL), TX_GROUP_ERROR);
    EXPECT_CODE(tx_event_flags_set_notify(&never, NULL), TX_GROUP_ERROR);

    EXPECT_OK(tx_event_flags_create(&group, txu_name));
    EXPECT_CODE(tx_event_flags_create(&group, txu_name), TX_GROUP_ERROR);
    EXPECT_CODE(tx_event_flags_get(&group, 1, TX_OR, NULL, TX_NO_WAIT), TX_PTR_ERROR);
    EXPECT_CODE(tx_event_flags_get(&group, 1, 4, &flags, TX_NO_WAIT), TX_OPTION_ERROR);
    EXPECT_CODE(tx_event_flags_set(&group, 1, TX_OR_CLEAR), TX_OPTION_ERROR);
    EXPECT_CODE(tx_event_flags_get(&group, 1, TX_OR, &flags, TX_NO_WAIT), TX_NO_EVENTS);

    EXPECT_OK(tx_event_flags_set(&group, 0x5, TX_OR));
    EXPECT_OK(tx_event_flags_get(&group, 0x4, TX_OR, &flags, TX_NO_WAIT));
    EXPECT(flags == 0x5);
    EXPECT_CODE(tx_event_flags_get(&group, 0x6, TX_AND, &flags, TX_NO_WAIT), TX_NO_EVENTS);
    EXPECT_OK(tx_event_flags_get(&group, 0x6, TX_OR, &flags, TX_NO_WAIT));
    EXPECT_OK(tx_event_flags_get(&group, 0x5, TX_AND, &flags, TX_NO_WAIT)); /* no clear */
    EXPECT_OK(tx_event_flags_get(&group, 0x1, TX_AND_CLEAR, &flags, TX_NO_WAIT));
    EXPECT(flags == 0x5); /* the flags before the clear */
    EXPECT_OK(tx_event_flags_get(&group, 0xF, TX_OR_CLEAR, &flags, TX_NO_WAIT));
    EXPECT(flags == 0x4);
    ULONG current = 1;
    EXPECT_OK(tx_event_flags_info_get(&group, NULL, &current, NULL, NULL, NULL));
    EXPECT(current == 0);
    EXPECT_OK(tx_event_flags_set(&group, 0xFF, TX_OR));
    EXPECT_OK(tx_event_flags_set(&group, 0x0F, TX_AND)); /* TX_AND keeps only these */
    EXPECT_OK(tx_event_flags_info_get(&group, NULL, &current, NULL, NULL, NULL));
    EXPECT(current == 0x0F);
    EXPECT_OK(tx_event_flags_set(&group, 0, TX_AND));

    ULONG t0 = tx_time_get();
    EXPECT_CODE(tx_event_flags_get(&group, 1, TX_OR, &flags, 3), TX_NO_EVENTS);
    EXPECT(tx_time_get() - t0 >= 3);
}

static void test_waiters(void)
{
    EXPECT_OK(tx_event_flags_set_notify(&group, on_set));
    txu_set(&notified, 0);
    /* Two OR_CLEAR waiters on bit 0 and one AND waiter on bits 0 and 1: setting bit 0 wakes both OR
     * waiters (judged on the same flags), and their clear comes after. */
    txu_set(&done, 0);
    start_getter(0, 0x1, TX_OR_CLEAR, TX_WAIT_FOREVER);
    start_getter(1, 0x1, TX_OR_CLEAR, TX_WAIT_FOREVER);
    start_getter(2, 0x3, TX_AND, TX_WAIT_FOREVER);
    TX_THREAD *first = NULL;
    ULONG waiting = 0;
    EXPECT_OK(tx_event_flags_info_get(&group, NULL, NULL, &first, &waiting, NULL));
    EXPECT(first == &th[0] && waiting == 3);
    EXPECT_OK(tx_event_flags_set(&group, 0x1, TX_OR));
    EXPECT(txu_wait_value(&done, 2));
    EXPECT_OK(codes[0]);
    EXPECT_OK(codes[1]);
    EXPECT(actual[0] == 0x1 && actual[1] == 0x1);
    EXPECT(txu_state(&th[2]) == TX_EVENT_FLAG);
    ULONG current = 1;
    EXPECT_OK(tx_event_flags_info_get(&group, NULL, &current, NULL, &waiting, NULL));
    EXPECT(current == 0 && waiting == 1);
    EXPECT_OK(tx_event_flags_set(&group, 0x2, TX_OR));
    EXPECT(txu_state(&th[2]) == TX_EVENT_FLAG); /* bit 0 was cleared: not yet */
    EXPECT_OK(tx_event_flags_set(&group, 0x1, TX_OR));
    EXPECT(txu_wait_value(&done, 3));
    EXPECT_OK(codes[2]);
    EXPECT(actual[2] == 0x3);
    EXPECT(txu_get(&notified) == 3);
    for (UINT i = 0; i < 3; i++) {
        EXPECT(txu_finish(&th[i]));
    }

    /* Abort and delete end waits. */
    txu_set(&done, 0);
    start_getter(0, 0x100, TX_AND, TX_WAIT_FOREVER);
    start_getter(1, 0x200, TX_OR, TX_WAIT_FOREVER);
    EXPECT_OK(tx_thread_wait_abort(&th[0]));
    EXPECT(txu_wait_value(&done, 1));
    EXPECT_CODE(codes[0], TX_WAIT_ABORTED);
    EXPECT_OK(tx_event_flags_delete(&group));
    EXPECT(txu_wait_value(&done, 2));
    EXPECT_CODE(codes[1], TX_DELETED);
    EXPECT(txu_finish(&th[0]));
    EXPECT(txu_finish(&th[1]));
    EXPECT_CODE(tx_event_flags_set(&group, 1, TX_OR), TX_GROUP_ERROR);
}

int main(void)
{
    test_codes_and_options();
    test_waiters();
    return test_finish("threadx/event_flags");
}
