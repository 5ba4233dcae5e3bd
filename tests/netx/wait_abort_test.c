/* SPDX-License-Identifier: MIT */
/* wait_abort_test.c: NetX waits of ThreadX threads end as in NetX when another thread calls
 * tx_thread_wait_abort (NX_WAIT_ABORTED, 0x1A): nx_udp_socket_receive and nx_packet_allocate
 * (the DTLS services wait the same way, through txp_cond_wait); and a thread terminated inside a NetX wait leaves
 * it at once and ends at its next ThreadX call. Loopback only, ephemeral port. */
#include <string.h>

#include "../threadx/tx_util.h"
#include "nx_api.h"

static uint64_t pool_memory[4096];
static uint64_t tiny_memory[64];
static NX_PACKET_POOL pool, tiny;
static NX_IP ip;
static NX_UDP_SOCKET sock;
static TX_THREAD th;
static UINT code;
static UINT after;

static VOID receive_entry(ULONG input)
{
    (void)input;
    NX_PACKET *p = NULL;
    txu_set(&code, nx_udp_socket_receive(&sock, &p, NX_WAIT_FOREVER));
    (void)tx_thread_sleep(1); /* a ThreadX call: a terminated thread ends here */
    txu_set(&after, 1);
}

static VOID allocate_entry(ULONG input)
{
    (void)input;
    NX_PACKET *p = NULL;
    txu_set(&code, nx_packet_allocate(&tiny, &p, 0, NX_WAIT_FOREVER));
}

static void test_udp_receive(void)
{
    txu_set(&code, 0xFFFF);
    txu_set(&after, 0);
    EXPECT_OK(txu_create(&th, 0, receive_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th, TX_TCP_IP)); /* NetX waits show as ThreadX's TX_TCP_IP */
    EXPECT_OK(tx_thread_wait_abort(&th));
    EXPECT(txu_wait_value(&code, NX_WAIT_ABORTED));
    EXPECT(txu_finish(&th));
    EXPECT(txu_get(&after) == 1);

    /* Terminated while it waits: the receive returns at once and the thread ends at its next call. */
    txu_set(&code, 0xFFFF);
    txu_set(&after, 0);
    EXPECT_OK(txu_create(&th, 0, receive_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th, TX_TCP_IP));
    EXPECT_OK(tx_thread_terminate(&th));
    EXPECT(txu_state(&th) == TX_TERMINATED);
    EXPECT_OK(tx_thread_delete(&th)); /* waits for the thread to leave */
    EXPECT(txu_get(&code) == NX_WAIT_ABORTED);
    EXPECT(txu_get(&after) == 0);
}

static void test_packet_allocate(void)
{
    NX_PACKET *all[8];
    UINT n = 0;
    while (n < 8 && nx_packet_allocate(&tiny, &all[n], 0, NX_NO_WAIT) == NX_SUCCESS) {
        n++;
    }
    EXPECT(n >= 1 && n < 8);
    txu_set(&code, 0xFFFF);
    EXPECT_OK(txu_create(&th, 0, allocate_entry, 0, TX_AUTO_START));
    EXPECT(txu_wait_state(&th, TX_TCP_IP));
    EXPECT_OK(tx_thread_wait_abort(&th));
    EXPECT(txu_wait_value(&code, NX_WAIT_ABORTED));
    EXPECT(txu_finish(&th));
    EXPECT_CODE(tx_thread_wait_abort(&th), TX_THREAD_ERROR); /* deleted */
    for (UINT i = 0; i < n; i++) {
        EXPECT_OK(nx_packet_release(all[i]));
    }
}

int main(void)
{
    static CHAR name[] = "wait_abort_test";
    nx_system_initialize();
    EXPECT_OK(nx_packet_pool_create(&pool, name, 1536, pool_memory, sizeof pool_memory));
    EXPECT_OK(nx_packet_pool_create(&tiny, name, 64, tiny_memory, sizeof tiny_memory));
    EXPECT_OK(nx_ip_create(&ip, name, IP_ADDRESS(127, 0, 0, 1), 0xFFFFFF00UL, &pool, NX_NULL, NX_NULL,
                           0, 1));
    EXPECT_OK(nx_udp_enable(&ip));
    EXPECT_OK(nx_udp_socket_create(&ip, &sock, name, NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                   NX_IP_TIME_TO_LIVE, 4));
    EXPECT_OK(nx_udp_socket_bind(&sock, NX_ANY_PORT, NX_NO_WAIT));
    test_udp_receive();
    test_packet_allocate();
    EXPECT_OK(nx_udp_socket_unbind(&sock));
    EXPECT_OK(nx_udp_socket_delete(&sock));
    EXPECT_OK(nx_ip_delete(&ip));
    return test_finish("netx/wait_abort");
}
