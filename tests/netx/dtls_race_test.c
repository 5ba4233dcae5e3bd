/* SPDX-License-Identifier: MIT */
/* dtls_race_test.c: services an application calls on its threads while the IP's I/O thread runs the
 * server's sessions (docs/netx-api.md 7.9: every service is thread-safe). Two clients connect, echo and
 * close, over 127.0.0.1 and ::1, while three threads keep poking: one re-installs the server's
 * notify callbacks (the I/O thread calls through them), one reads every slot's received alert (the
 * I/O thread records each client's close_notify there), one asks every slot for its peer and ends a
 * slot no client takes.
 *
 * In any build the results are checked: every cycle completes, each callback ran once per event, an
 * alert read is none (0, 0) or close_notify (1, 0), a peer read is the slot's or NX_NOT_CONNECTED,
 * the free slot's end is NX_SECURE_TLS_SESSION_UNINITIALIZED, and pools and slots end where they
 * started. Under -fsanitize=thread it is also the regression test of the facade's locking: without
 * the fix ThreadSanitizer reports the I/O thread's calls through the pointers notify_set writes,
 * and alert_value_get's reads of what the I/O thread writes. */
#include <stdbool.h>

#include "netx_harness.h"

/* At most two slots per client are in use at once (the new session's, and the old one until the
 * application has ended it), and the engine reuses the slot freed last: with 2 clients, slots 4 and
 * 5 are never taken, and the slot poker may end slot 5. */
#define SLOTS   6
#define CLIENTS 2
#define CYCLES  200

static uint64_t pool_memory[400 * 1700 / 8];
static NX_PACKET_POOL pool;
static NX_IP ip;
static CHAR name[] = "dtls_race_test";
static struct harness_server hs;
static struct harness_client clients[CLIENTS];
static UINT port;

/* What the poking threads saw; the main thread reads it after joining them. Each kind of poke runs
 * on a thread of its own in a tight loop, so that it overlaps the I/O thread's work as much as it
 * can. */
struct poker {
    int stop; /* atomic */
    unsigned rounds;
    unsigned bad;
};

static struct poker alert_poker;
static struct poker notify_poker;
static struct poker slot_poker;

static bool poking(struct poker *k)
{
    return !__atomic_load_n(&k->stop, __ATOMIC_ACQUIRE);
}

/* Every slot's received alert: none, or the close_notify warning of a closing client (1, 0). */
static void *poke_alerts(void *arg)
{
    struct poker *k = arg;
    while (poking(k)) {
        for (UINT i = 0; i < SLOTS; i++) {
            UINT level = 0xFFFF;
            UINT value = 0xFFFF;
            if (nx_secure_tls_session_alert_value_get(&hs.sessions[i].nx_secure_dtls_tls_session,
                                                      &level, &value) != NX_SUCCESS ||
                !((level == 0 && value == 0) || (level == 1 && value == 0))) {
                k->bad++;
            }
        }
        k->rounds++;
    }
    return NULL;
}

/* The same callbacks again and again: the I/O thread calls through these pointers meanwhile. */
static void *poke_notify(void *arg)
{
    struct poker *k = arg;
    while (poking(k)) {
        if (nx_secure_dtls_server_notify_set(&hs.server, harness_disconnect_notify,
                                             harness_error_notify) != NX_SUCCESS) {
            k->bad++;
        }
        k->rounds++;
    }
    return NULL;
}

/* Each slot's peer, and an end of the slot no client ever takes (see main). */
static void *poke_slots(void *arg)
{
    struct poker *k = arg;
    while (poking(k)) {
        for (UINT i = 0; i < SLOTS; i++) {
            NXD_ADDRESS peer;
            UINT peer_port = 0;
            UINT local_port = 0;
            UINT st = nx_secure_dtls_session_client_info_get(&hs.sessions[i], &peer, &peer_port,
                                                             &local_port);
            if ((st != NX_SUCCESS || local_port != port) && st != NX_NOT_CONNECTED) {
                k->bad++;
            }
        }
        if (nx_secure_dtls_session_end(&hs.sessions[SLOTS - 1], NX_NO_WAIT) !=
            NX_SECURE_TLS_SESSION_UNINITIALIZED) {
            k->bad++;
        }
        k->rounds++;
    }
    return NULL;
}

struct job {
    struct harness_client *c;
    NXD_ADDRESS to;
    int good;
};

static void *cycle(void *arg)
{
    struct job *j = arg;
    for (int i = 0; i < CYCLES; i++) {
        if (nx_secure_dtls_client_session_start(&j->c->session, &j->c->socket, &j->to, port,
                                                10 * NX_IP_PERIODIC_RATE) != NX_SUCCESS) {
            (void)nx_secure_dtls_session_reset(&j->c->session);
            continue;
        }
        char msg[32];
        int n = snprintf(msg, sizeof msg, "cycle %d", i);
        if (harness_send(&j->c->session, &pool, msg, (ULONG)n, &j->to, port) == NX_SUCCESS &&
            harness_receive(&j->c->session, msg, (ULONG)n, 10 * NX_IP_PERIODIC_RATE) ==
                NX_SUCCESS &&
            nx_secure_dtls_session_end(&j->c->session, 10 * NX_IP_PERIODIC_RATE) == NX_SUCCESS) {
            j->good++;
        } else {
            (void)nx_secure_dtls_session_reset(&j->c->session);
        }
    }
    return NULL;
}

int main(void)
{
    nx_system_initialize();
    nx_secure_tls_initialize();
    EXPECT_OK(nx_packet_pool_create(&pool, name, 1600, pool_memory, sizeof pool_memory));
    EXPECT_OK(nx_ip_create(&ip, name, 0, 0, &pool, NULL, NULL, 0, 1));
    EXPECT_OK(nx_udp_enable(&ip));
    EXPECT_OK(harness_server_open(&hs, &ip, SLOTS, NX_ANY_PORT));
    EXPECT_OK(nx_udp_socket_port_get(&hs.server.nx_dtls_server_udp_socket, &port));
    ULONG avail = netx_peek_pool_available(&pool);

    struct poker *pokers[] = {&alert_poker, &notify_poker, &slot_poker};
    void *(*pokes[])(void *) = {poke_alerts, poke_notify, poke_slots};
    pthread_t poker_threads[3];
    for (int i = 0; i < 3; i++) {
        EXPECT(pthread_create(&poker_threads[i], NULL, pokes[i], pokers[i]) == 0);
    }
    struct job jobs[CLIENTS];
    pthread_t th[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        EXPECT_OK(harness_client_open(&clients[i], &ip, harness_key, sizeof harness_key));
        jobs[i].c = &clients[i];
        jobs[i].to = i % 2 == 0 ? harness_v4(IP_ADDRESS(127, 0, 0, 1)) : harness_v6_loopback();
        jobs[i].good = 0;
        EXPECT(pthread_create(&th[i], NULL, cycle, &jobs[i]) == 0);
    }
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(th[i], NULL);
        EXPECT(jobs[i].good == CYCLES);
        harness_client_close(&clients[i]);
    }
    HARNESS_WAIT_UNTIL(harness_get(&hs, &hs.ends) == CLIENTS * CYCLES &&
                       harness_slots_in_use(&hs) == 0);
    for (int i = 0; i < 3; i++) {
        __atomic_store_n(&pokers[i]->stop, 1, __ATOMIC_RELEASE);
        pthread_join(poker_threads[i], NULL);
        EXPECT(pokers[i]->rounds > 0);
        EXPECT(pokers[i]->bad == 0);
    }
    /* Each client's close_notify: one disconnect_notify, one end of the slot, no error. */
    EXPECT(harness_get(&hs, &hs.connects) == CLIENTS * CYCLES);
    EXPECT(harness_get(&hs, &hs.disconnects) == CLIENTS * CYCLES);
    EXPECT(harness_get(&hs, &hs.ends) == CLIENTS * CYCLES);
    EXPECT(harness_get(&hs, &hs.errors) == 0);
    EXPECT(harness_slots_in_use(&hs) == 0);
    EXPECT(netx_peek_server_active(&hs.server) == 0);
    HARNESS_WAIT_UNTIL(netx_peek_pool_available(&pool) == avail);
    EXPECT(netx_peek_pool_available(&pool) == avail);

    harness_server_close(&hs);
    EXPECT_OK(nx_ip_delete(&ip));
    return test_finish("netx/dtls_race");
}
