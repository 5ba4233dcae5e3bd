/* SPDX-License-Identifier: MIT */
/* dtls_psk_lookup_test.c: the nxdtls extension nxdtls_dtls_server_psk_callback_set (include/nxdtls_netx.h)
 * through the NetX facade over loopback: a server whose 10,000 identities live in the application's table
 * serves a sample of them, the server's own PSK entry still works without asking the lookup, an unknown
 * identity is refused with unknown_psk_identity and error_notify 0x126, the lookup runs with the slot's
 * session locked (reset returns NX_CALLER_ERROR there), and removing it refuses the fleet again. */
#include <stdio.h>

#include "netx_harness.h"
#include "nxdtls_netx.h"

#define POOL_PACKETS 256
#define FLEET_SIZE   10000

static uint64_t server_pool_memory[POOL_PACKETS * 1700 / 8];
static uint64_t client_pool_memory[POOL_PACKETS * 1700 / 8];
static NX_PACKET_POOL server_pool;
static NX_PACKET_POOL client_pool;
static NX_IP server_ip;
static NX_IP client_ip;
static CHAR name[] = "dtls_psk_lookup_test";
static struct harness_server hs;
static struct harness_client client;
static UINT server_port;

struct device {
    char identity[24];
    UCHAR key[32];
};
static struct device fleet[FLEET_SIZE];

/* What the lookup saw, written on the I/O thread and read after the handshake completed (under lock). */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned lookups;
static int session_is_slot = 1;
static UINT reset_inside = NX_SUCCESS;

static void device_key(unsigned n, UCHAR key[32])
{
    for (unsigned i = 0; i < 32; i++) {
        key[i] = (UCHAR)(n * 2654435761u >> (i % 24)) ^ (UCHAR)i;
    }
}

static UINT fleet_lookup(NX_SECURE_DTLS_SESSION *session, const UCHAR *identity,
                         UINT identity_length, UCHAR *key, UINT key_size, UINT *key_length)
{
    int slot =
        session >= hs.server.nx_dtls_server_sessions &&
        session < hs.server.nx_dtls_server_sessions + hs.server.nx_dtls_server_sessions_count;
    UINT reset = nx_secure_dtls_session_reset(session);
    pthread_mutex_lock(&seen_lock);
    lookups++;
    session_is_slot &= slot;
    reset_inside = reset;
    pthread_mutex_unlock(&seen_lock);
    /* "lamp-NNNNN": the number is the index (a real application would use a database). */
    unsigned n = 0;
    if (identity_length != 10 || memcmp(identity, "lamp-", 5) != 0 ||
        sscanf((const char *)identity + 5, "%5u", &n) != 1 || n >= FLEET_SIZE ||
        memcmp(fleet[n].identity, identity, identity_length) != 0 || key_size < 32) {
        return NX_SECURE_TLS_NO_MATCHING_PSK;
    }
    memcpy(key, fleet[n].key, 32);
    *key_length = 32;
    return NX_SUCCESS;
}

static unsigned seen_lookups(void)
{
    pthread_mutex_lock(&seen_lock);
    unsigned n = lookups;
    pthread_mutex_unlock(&seen_lock);
    return n;
}

/* device_client opens the client with an identity and key and no hint. */
static UINT device_client(const char *identity, const UCHAR *key, UINT key_len)
{
    memset(&client, 0, sizeof client);
    UINT st = nx_udp_socket_create(&client_ip, &client.socket, NULL, NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                   NX_IP_TIME_TO_LIVE, 16);
    if (st == NX_SUCCESS) {
        st = nx_udp_socket_bind(&client.socket, NX_ANY_PORT, NX_NO_WAIT);
    }
    if (st == NX_SUCCESS) {
        st = nx_secure_dtls_session_create(&client.session, &nx_crypto_tls_ciphers, client.metadata,
                                           sizeof client.metadata, client.reassembly,
                                           sizeof client.reassembly, 0, NULL, 0);
    }
    if (st == NX_SUCCESS) {
        st = nx_secure_dtls_psk_add(&client.session, (UCHAR *)(uintptr_t)key, key_len,
                                    (UCHAR *)(uintptr_t)identity, (UINT)strlen(identity), NULL, 0);
    }
    return st;
}

/* connect_echo runs one handshake, one echo and a close; returns the start status. */
static UINT connect_echo(const char *identity, const UCHAR *key, UINT key_len, int *echoed)
{
    NXD_ADDRESS lo = harness_v4(IP_ADDRESS(127, 0, 0, 1));
    *echoed = 0;
    EXPECT_OK(device_client(identity, key, key_len));
    UINT st = nx_secure_dtls_client_session_start(&client.session, &client.socket, &lo, server_port,
                                                  10 * NX_IP_PERIODIC_RATE);
    if (st == NX_SUCCESS) {
        *echoed = harness_send(&client.session, &client_pool, identity, (ULONG)strlen(identity),
                               &lo, server_port) == NX_SUCCESS &&
                  harness_receive(&client.session, identity, (ULONG)strlen(identity),
                                  10 * NX_IP_PERIODIC_RATE) == NX_SUCCESS;
        (void)nx_secure_dtls_session_end(&client.session, 10 * NX_IP_PERIODIC_RATE);
    }
    harness_client_close(&client);
    HARNESS_WAIT_UNTIL(harness_slots_in_use(&hs) == 0);
    return st;
}

static void fleet_sample(void)
{
    unsigned ok = 0;
    const unsigned sample[] = {0, FLEET_SIZE - 1, 1, 5000, 1234, 8765, 42, 9001};
    for (size_t i = 0; i < sizeof sample / sizeof sample[0]; i++) {
        unsigned before = seen_lookups();
        int echoed = 0;
        const struct device *d = &fleet[sample[i]];
        UINT st = connect_echo(d->identity, d->key, sizeof d->key, &echoed);
        EXPECT_OK(st);
        EXPECT(seen_lookups() == before + 1);
        ok += st == NX_SUCCESS && echoed;
    }
    EXPECT(ok == sizeof sample / sizeof sample[0]);
    pthread_mutex_lock(&seen_lock);
    EXPECT(session_is_slot);
    EXPECT_CODE(reset_inside, NX_CALLER_ERROR);
    pthread_mutex_unlock(&seen_lock);
}

static void entries_first(void)
{
    unsigned before = seen_lookups();
    int echoed = 0;
    EXPECT_OK(connect_echo((const char *)harness_id, harness_key, sizeof harness_key, &echoed));
    EXPECT(echoed);
    EXPECT(seen_lookups() == before);
}

static void unknown_identity(void)
{
    unsigned errors = harness_get(&hs, &hs.errors);
    int echoed = 0;
    UINT st = connect_echo("lamp-10000", fleet[0].key, sizeof fleet[0].key, &echoed);
    EXPECT_CODE(st, NX_SECURE_TLS_ALERT_RECEIVED);
    EXPECT(!echoed);
    HARNESS_WAIT_UNTIL(harness_get(&hs, &hs.errors) > errors);
    EXPECT(harness_get(&hs, &hs.errors) == errors + 1);
    pthread_mutex_lock(&hs.lock);
    size_t last = (hs.tail + HARNESS_EVENTS - 1) % HARNESS_EVENTS;
    EXPECT(hs.events[last].kind == EV_ERROR);
    EXPECT_CODE(hs.events[last].code, NX_SECURE_TLS_NO_MATCHING_PSK);
    pthread_mutex_unlock(&hs.lock);
}

static void removed(void)
{
    EXPECT_OK(nxdtls_dtls_server_psk_callback_set(&hs.server, NX_NULL));
    unsigned before = seen_lookups();
    int echoed = 0;
    EXPECT_CODE(connect_echo(fleet[7].identity, fleet[7].key, sizeof fleet[7].key, &echoed),
                NX_SECURE_TLS_ALERT_RECEIVED);
    EXPECT(seen_lookups() == before);
    static NX_SECURE_DTLS_SERVER never_created;
    EXPECT_CODE(nxdtls_dtls_server_psk_callback_set(&never_created, fleet_lookup), NX_PTR_ERROR);
    EXPECT_CODE(nxdtls_dtls_server_psk_callback_set(NX_NULL, fleet_lookup), NX_PTR_ERROR);
}

int main(void)
{
    for (unsigned n = 0; n < FLEET_SIZE; n++) {
        snprintf(fleet[n].identity, sizeof fleet[n].identity, "lamp-%05u", n);
        device_key(n, fleet[n].key);
    }
    nx_system_initialize();
    nx_secure_tls_initialize();
    EXPECT_OK(nx_packet_pool_create(&server_pool, name, 1600, server_pool_memory,
                                    sizeof server_pool_memory));
    EXPECT_OK(nx_packet_pool_create(&client_pool, name, 1600, client_pool_memory,
                                    sizeof client_pool_memory));
    EXPECT_OK(nx_ip_create(&server_ip, name, 0, 0, &server_pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_ip_create(&client_ip, name, 0, 0, &client_pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&server_ip));
    EXPECT_OK(nx_udp_enable(&client_ip));
    EXPECT_OK(
        harness_server_create(&hs, &server_ip, 4, NX_ANY_PORT, &nx_crypto_tls_ciphers, 2048, 1));
    EXPECT_OK(nxdtls_dtls_server_psk_callback_set(&hs.server, fleet_lookup));
    EXPECT_OK(harness_server_run(&hs));
    harness_set_start_wait(&hs, NX_NO_WAIT);
    server_port = hs.server.nx_dtls_server_udp_socket.nx_udp_socket_port;

    fleet_sample();
    entries_first();
    unknown_identity();
    removed();

    harness_server_close(&hs);
    EXPECT_OK(nx_ip_delete(&server_ip));
    EXPECT_OK(nx_ip_delete(&client_ip));
    return test_finish("netx/dtls_psk_lookup");
}
