/* SPDX-License-Identifier: MIT */
/* dtls_server.c: nxdtls_server_*, many associations on one port.
 *
 * Memory. Everything lives in caller storage: the server object (cookie secrets, the cookie HMAC area,
 * scratch for a fragmented ClientHello and for replies, the alert rate limiter), conns[], the per-slot
 * metadata and reassembly slices, and the index area, which holds per-slot bookkeeping
 * (struct slot_info), per-slot addresses and the hash buckets of dtls_demux.
 *
 * Routing (RFC 6347 4.2.1, 4.2.8; docs/netx-api.md 7.4). Only the first record of a datagram is looked at to
 * classify it; a datagram for a known peer goes whole to its connection, which judges every record.
 * Before a slot exists the server keeps no state per client: a ClientHello without a valid cookie gets a
 * fresh HelloVerifyRequest every time (a lost one must not stall the client), computed from the hello
 * alone. A ClientHello split over several datagrams (RFC 6347 4.2.3; OpenSSL at a small MTU fragments
 * its second, cookie'd hello) is judged by its first fragment: the cookie binds only what the first
 * fragment holds (dtls_cookie.h), so fragment 0 gets the HelloVerifyRequest or, with a valid cookie, the
 * slot, and the later fragments, now from a known address, go to that slot's connection, whose
 * reassembly completes the hello. Later fragments from an unknown address are dropped (the client
 * retransmits its flight). A slot whose hello never completes waits like any handshake the client
 * abandons, until the application releases it. Fragments inside one datagram are reassembled in the
 * server's scratch, so a hello whole in one datagram is checked whole before it takes a slot.
 *
 * Free slots form a stack threaded through slot_info.next_free, so taking and releasing a slot is O(1)
 * like the lookup. */
#include "dtls/dtls_server.h"

#include <string.h>

#include "base/ct.h"
#include "crypto/crypto_random.h"
#include "dtls/dtls_cid.h"
#include "dtls/dtls_conn.h"
#include "dtls/dtls_conn_internal.h"
#include "dtls/dtls_cookie.h"
#include "dtls/dtls_cookie_shared.h"
#include "dtls/dtls_demux.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_meta.h"
#include "dtls/dtls_pool.h"
#include "dtls/dtls_reasm.h"
#include "dtls/dtls_record.h"
#include "nx_crypto.h"

#define NONE           UINT32_MAX
#define RATE_ENTRIES   32
#define RATE_WINDOW_MS 1000u
#define REPLY_CAP      64
#define ALERT_FATAL    2
#define INTERNAL_ERROR 80
#define MAX_SLOTS      ((size_t)1 << 30)

struct slot_info {
    uint64_t hello_tag; /* first 8 bytes of the random of the ClientHello that took the slot */
    uint32_t next_free; /* free stack link */
    uint32_t older; /* pending: the established association of the same address it would replace */
    uint32_t
        newer; /* established: the pending association of its address (RFC 6347 4.2.8), or NONE */
    uint32_t ho_prev; /* half-open list, oldest first (docs/security.md) */
    uint32_t ho_next;
    uint32_t ip_prev; /* half-open chain of its IP address bucket, newest first */
    uint32_t ip_next;
    uint8_t used;
    uint8_t
        detached; /* in use but not in the index: pending, or replaced and waiting for release */
    uint8_t
        half_open; /* on the half-open lists: its handshake had not completed when last looked at */
};

struct rate_entry {
    uint64_t peer_hash; /* 0 = unused */
    uint64_t sent_ms;
};

struct server {
    const nxdtls_config *config;
    nxdtls_conn *conns;
    size_t slot_count;
    uint8_t *metadata;
    size_t metadata_each;
    uint8_t *reassembly;
    size_t reassembly_each;
    struct slot_info *slots;
    nxdtls_addr *addrs;
    struct dtls_demux demux;
    uint32_t *ip_heads; /* half-open chains by keyed hash of the IP address (port left out) */
    size_t ip_buckets;
    uint32_t ho_head; /* the oldest half-open slot */
    uint32_t ho_tail;
    size_t half_open;     /* slots on the half-open list */
    size_t max_half_open; /* 0: no eviction (config no_half_open_eviction) */
    size_t max_per_ip;
    size_t active;
    uint32_t free_head;
    size_t last_probes;
    struct dtls_pool pool; /* pooled: the handshake units slots borrow (dtls_pool.h) */
    uint8_t pooled;
    nxdtls_random_fn rnd;
    void *rnd_ctx;
    struct dtls_cookie_keys cookies;
    struct dtls_cookie_master cookie_master; /* RFC 9146 block: nxdtls_server_set_cookie_secret */
    uint8_t cid_worker;                      /* RFC 9146 block: nxdtls_server_set_worker */
    struct rate_entry rate[RATE_ENTRIES];
    uint8_t reply[REPLY_CAP];
    _Alignas(8) uint8_t hmac_area[DTLS_SERVER_HMAC_AREA];
    uint8_t hello[DTLS_SERVER_HELLO_SCRATCH];
};

_Static_assert(sizeof(struct server) <= NXDTLS_SERVER_SIZE, "NXDTLS_SERVER_SIZE too small");
_Static_assert(_Alignof(struct server) <= _Alignof(nxdtls_server), "nxdtls_server alignment");

static bool cid_route(struct server *s, const uint8_t *datagram, size_t len, nxdtls_route *route);

static struct server *srv(nxdtls_server *s)
{
    return (struct server *)(void *)s->opaque.bytes;
}

static const struct server *srv_const(const nxdtls_server *s)
{
    return (const struct server *)(const void *)s->opaque.bytes;
}

static size_t align8(size_t n)
{
    return (n + 7u) & ~(size_t)7u;
}

/* Index area layout, from its first 8-aligned byte: slot_info[n], nxdtls_addr[n], uint32_t buckets[b], uint32_t
 * ip_heads[b / 2]. */
static size_t layout_size(size_t n, size_t buckets)
{
    return align8(n * sizeof(struct slot_info)) + align8(n * sizeof(nxdtls_addr)) +
           buckets * sizeof(uint32_t) + buckets / 2 * sizeof(uint32_t);
}

size_t nxdtls_server_index_size(size_t slot_count)
{
    size_t buckets = dtls_demux_buckets(slot_count);
    if (slot_count == 0 || slot_count >= MAX_SLOTS || buckets == 0) {
        return 0;
    }
    return layout_size(slot_count, buckets) + 8; /* + 8: room to align the caller's pointer */
}

size_t dtls_server_last_probes(const nxdtls_server *server)
{
    return srv_const(server)->last_probes;
}

size_t dtls_server_pool_in_use(const nxdtls_server *server)
{
    const struct server *s = srv_const(server);
    return s->pooled ? s->pool.in_use : 0;
}

size_t nxdtls_server_pool_unit_size(const NX_SECURE_TLS_CRYPTO *crypto, size_t reassembly_size)
{
    if (crypto == NULL) {
        return 0;
    }
    struct dtls_meta_layout layout;
    dtls_meta_layout(crypto, &layout);
    return 7 + layout.handshake + reassembly_size;
}

UINT nxdtls_server_init_pooled(nxdtls_server *server, const nxdtls_config *config,
                               nxdtls_conn *conns, size_t slot_count, uint8_t *session_metadata,
                               size_t session_each, uint8_t *units, size_t unit_size,
                               size_t unit_count, void *index, size_t index_size, uint64_t now_ms)
{
    NXD_ENSURE(server != NULL && config != NULL && config->crypto != NULL &&
                   session_metadata != NULL && units != NULL,
               NX_PTR_ERROR);
    struct dtls_meta_layout layout;
    dtls_meta_layout(config->crypto, &layout);
    NXD_ENSURE(unit_count != 0 && unit_count < DTLS_POOL_NONE &&
                   unit_size >= nxdtls_server_pool_unit_size(config->crypto, 2 * DTLS_REASM_MIN) &&
                   session_each >= 7 + layout.session,
               NX_INVALID_PARAMETERS);
    NXD_TRY(nxdtls_server_init(server, config, conns, slot_count, session_metadata, session_each,
                               NULL, 0, index, index_size, now_ms));
    struct server *s = srv(server);
    s->pooled = 1;
    dtls_pool_init(&s->pool, units, unit_count, unit_size, layout.handshake);
    return NX_SUCCESS;
}

UINT nxdtls_server_init(nxdtls_server *server, const nxdtls_config *config, nxdtls_conn *conns,
                        size_t slot_count, uint8_t *metadata, size_t metadata_each,
                        uint8_t *reassembly, size_t reassembly_each, void *index, size_t index_size,
                        uint64_t now_ms)
{
    NXD_ENSURE(server != NULL && config != NULL && conns != NULL && index != NULL, NX_PTR_ERROR);
    NXD_ENSURE(metadata != NULL || metadata_each == 0, NX_PTR_ERROR);
    NXD_ENSURE(reassembly != NULL || reassembly_each == 0, NX_PTR_ERROR);
    size_t need = nxdtls_server_index_size(slot_count);
    NXD_ENSURE(need != 0 && index_size >= need && config->role == NXDTLS_ROLE_SERVER,
               NX_INVALID_PARAMETERS);
    NXD_ENSURE(crypto_method_hmac_sha256.nx_crypto_metadata_area_size <= DTLS_SERVER_HMAC_AREA,
               NX_INVALID_PARAMETERS);
    /* RFC 9146 block: a server's CIDs hold the slot (dtls_cid_assign). */
    NXD_ENSURE(config->cid_length == 0 || (config->cid_length >= NXDTLS_SERVER_CID_MIN &&
                                           slot_count <= ((size_t)1 << (8 * DTLS_CID_SLOT_BYTES))),
               NX_INVALID_PARAMETERS);

    struct server *s = srv(server);
    memset(s, 0, sizeof *s);
    s->config = config;
    s->conns = conns;
    s->slot_count = slot_count;
    s->metadata = metadata;
    s->metadata_each = metadata_each;
    s->reassembly = reassembly;
    s->reassembly_each = reassembly_each;
    s->rnd = config->random != NULL ? config->random : crypto_random;
    s->rnd_ctx = config->random != NULL ? config->random_ctx : NULL;

    uint8_t *area = (uint8_t *)(((uintptr_t)index + 7u) & ~(uintptr_t)7u);
    s->slots = (struct slot_info *)(void *)area;
    area += align8(slot_count * sizeof(struct slot_info));
    s->addrs = (nxdtls_addr *)(void *)area;
    area += align8(slot_count * sizeof(nxdtls_addr));
    size_t buckets = dtls_demux_buckets(slot_count);
    memset(s->slots, 0, slot_count * sizeof(struct slot_info));
    memset(s->addrs, 0, slot_count * sizeof(nxdtls_addr));
    /* Stack the free slots so that slot 0 is taken first. */
    for (size_t i = 0; i < slot_count; i++) {
        s->slots[i].next_free = i + 1 < slot_count ? (uint32_t)(i + 1) : NONE;
        s->slots[i].older = NONE;
        s->slots[i].newer = NONE;
    }
    s->free_head = 0;
    s->ip_heads = (uint32_t *)(void *)(area + buckets * sizeof(uint32_t));
    s->ip_buckets = buckets / 2;
    memset(s->ip_heads, 0xFF, s->ip_buckets * sizeof(uint32_t)); /* NONE */
    s->ho_head = NONE;
    s->ho_tail = NONE;
    if (!config->no_half_open_eviction) {
        s->max_half_open = config->max_half_open != 0 && config->max_half_open < slot_count
                               ? config->max_half_open
                               : slot_count;
        s->max_per_ip = config->max_half_open_per_address != 0
                            ? config->max_half_open_per_address
                            : NXDTLS_DEFAULT_HALF_OPEN_PER_ADDRESS;
    }

    uint8_t key_bytes[16];
    UINT status = s->rnd(s->rnd_ctx, key_bytes, sizeof key_bytes);
    if (status == NX_SUCCESS) {
        uint64_t key[2] = {wire_load_be(key_bytes, 8), wire_load_be(key_bytes + 8, 8)};
        dtls_demux_init(&s->demux, (uint32_t *)(void *)area, buckets, key, s->addrs);
        ct_wipe(key, sizeof key);
        status = dtls_cookie_keys_init(&s->cookies, s->rnd, s->rnd_ctx, now_ms);
    }
    ct_wipe(key_bytes, sizeof key_bytes);
    if (status != NX_SUCCESS) {
        ct_wipe(s, sizeof *s);
    }
    return status;
}

static uint64_t random_tag(const uint8_t *random)
{
    return wire_load_be(random, 8);
}

/* A parsed first flight: the ClientHello and where it came from. */
struct hello_in {
    struct dtls_record_hdr rec; /* the first record's header */
    uint16_t msg_seq;
    /* Parsed whole, or only its head when the datagram holds part of the hello. */
    struct dtls_client_hello ch;
};

/* hello_record: RFC 6347 4.1, a ClientHello travels in epoch-0 handshake records whose version is
 * 0xFEFD or, on a first ClientHello, 0xFEFF (DTLS 1.0 framing). */
static bool hello_record(const struct dtls_record_hdr *rec)
{
    return rec->type == DTLS_CT_HANDSHAKE && rec->epoch == 0 &&
           (rec->version == DTLS_VERSION_1_2 || rec->version == DTLS_VERSION_1_0);
}

/* classify_hello reads the datagram as a ClientHello, or a part of one, or returns false.
 *
 * Every record and fragment in the datagram must belong to one ClientHello (same message_seq and length),
 * or the whole datagram is refused (fail closed). When the fragments here make the whole hello (one whole
 * fragment, or several reassembled in the server's scratch) it is parsed whole, every vector checked.
 * Otherwise the fragment at offset 0 must be here and hold the hello's head up to the cookie: that is all
 * the cookie binds (dtls_cookie.h), so it is enough to answer or to verify, and the connection that takes
 * the slot reassembles and checks the rest from later datagrams (RFC 6347 4.2.3). Later fragments without
 * fragment 0 are refused: the server keeps nothing between datagrams before a slot exists, and the client
 * retransmits. */
static bool classify_hello(struct server *s, struct wire_rd dgram, struct hello_in *in)
{
    struct wire_rd frag_rd;
    if (!dtls_record_next(&dgram, &in->rec, &frag_rd) || !hello_record(&in->rec)) {
        return false;
    }
    struct dtls_hs_frag f;
    if (!dtls_hs_frag_next(&frag_rd, &f) || f.msg_type != DTLS_HT_CLIENT_HELLO) {
        return false;
    }
    in->msg_seq = f.msg_seq;
    if (f.frag_off == 0 && f.frag_len == f.msg_len) {
        /* The usual case: the whole hello in one fragment, parsed where it lies. */
        return dtls_client_hello_parse(wire_rd_init(f.body, f.frag_len), &in->ch) == NX_SUCCESS;
    }
    uint32_t msg_len = f.msg_len;
    struct dtls_reasm r;
    dtls_reasm_init(&r, s->hello, sizeof s->hello);
    bool reassembling = true; /* false once the hello cannot fit the scratch */
    struct wire_rd head = wire_rd_init(NULL, 0);
    bool have_head = false;
    for (;;) {
        if (f.msg_type != DTLS_HT_CLIENT_HELLO || f.msg_seq != in->msg_seq ||
            f.msg_len != msg_len) {
            return false;
        }
        if (f.frag_off == 0 && !have_head) {
            head = wire_rd_init(f.body, f.frag_len);
            have_head = true;
        }
        if (reassembling && dtls_reasm_add(&r, in->msg_seq, &f) != NX_SUCCESS) {
            reassembling = false;
        }
        uint8_t type;
        const uint8_t *body;
        uint32_t len;
        if (reassembling && dtls_reasm_take(&r, in->msg_seq, &type, &body, &len)) {
            return dtls_client_hello_parse(wire_rd_init(body, len), &in->ch) == NX_SUCCESS;
        }
        if (wire_done(&frag_rd)) {
            if (wire_done(&dgram)) {
                break;
            }
            struct dtls_record_hdr rec;
            if (!dtls_record_next(&dgram, &rec, &frag_rd) || !hello_record(&rec)) {
                return false;
            }
        }
        if (!dtls_hs_frag_next(&frag_rd, &f)) {
            return false;
        }
    }
    return have_head && dtls_client_hello_parse_head(head, &in->ch) == NX_SUCCESS;
}

static bool cookie_ok(struct server *s, const nxdtls_addr *peer, const struct dtls_client_hello *ch)
{
    if (s->config->disable_cookies) {
        return true;
    }
    return dtls_cookie_check(&s->cookies, peer, ch, s->hmac_area, sizeof s->hmac_area);
}

static UINT reply_hello_verify(struct server *s, const nxdtls_addr *peer, const struct hello_in *in,
                               nxdtls_route *route)
{
    uint8_t cookie[DTLS_COOKIE_LEN];
    UINT status = dtls_cookie_make(s->cookies.current, peer, &in->ch, s->hmac_area,
                                   sizeof s->hmac_area, cookie);
    if (status == NX_SUCCESS) {
        struct wire_wr w = wire_wr_init(s->reply, sizeof s->reply);
        /* RFC 6347 4.2.1: the HelloVerifyRequest reuses the ClientHello's record sequence number and
         * message_seq, so a stateless server needs to remember nothing. */
        status = dtls_hello_verify_write(&w, in->rec.seq, in->msg_seq, cookie, sizeof cookie);
        if (status == NX_SUCCESS) {
            route->kind = NXDTLS_ROUTE_REPLY;
            route->reply = s->reply;
            route->reply_len = w.len;
        }
    }
    ct_wipe(cookie, sizeof cookie);
    /* A cookie that cannot be computed drops the hello; the client retransmits. */
    return NX_SUCCESS;
}

/* reply_full answers "no free slot" with a fatal internal_error alert (docs/netx-api.md 7.4 step 4) at most
 * once per peer per second. Without per-peer state: a fixed table of RATE_ENTRIES entries indexed by the
 * keyed hash of the address. An entry held by another peer within the last second is not taken over:
 * that peer gets no alert (ROUTE_DROP) rather than risk a second alert to anyone within a second, so at
 * most RATE_ENTRIES alerts leave per second in all. */
static void reply_full(struct server *s, uint64_t now_ms, const nxdtls_addr *peer,
                       uint64_t hello_seq, nxdtls_route *route)
{
    uint64_t h = dtls_demux_hash(&s->demux, peer) | 1u; /* never 0, the unused mark */
    struct rate_entry *e = &s->rate[(h >> 32) % RATE_ENTRIES];
    bool recent = e->peer_hash != 0 && now_ms >= e->sent_ms && now_ms - e->sent_ms < RATE_WINDOW_MS;
    if (recent) {
        return;
    }
    e->peer_hash = h;
    e->sent_ms = now_ms;
    struct wire_wr w = wire_wr_init(s->reply, sizeof s->reply);
    /* The sequence number of the ClientHello that asked, as for the HelloVerifyRequest (RFC 6347
     * 4.2.1): the client has already accepted our HelloVerifyRequest at epoch 0 sequence 0 (the first
     * hello's), so an alert at sequence 0 would be dropped as a replay (RFC 6347 4.1.2.6), by nxdtls and
     * OpenSSL clients alike, and never seen. */
    struct dtls_record_hdr hdr = {.type = DTLS_CT_ALERT,
                                  .version = DTLS_VERSION_1_2,
                                  .epoch = 0,
                                  .seq = hello_seq,
                                  .length = 2};
    dtls_record_write_header(&w, &hdr);
    wire_put_u8(&w, ALERT_FATAL);
    wire_put_u8(&w, INTERNAL_ERROR);
    route->kind = NXDTLS_ROUTE_FULL;
    route->reply = s->reply;
    route->reply_len = w.len;
}

static nxdtls_conn *conn_of(struct server *s, size_t slot)
{
    return &s->conns[slot];
}

static bool established(struct server *s, uint32_t slot)
{
    return nxdtls_conn_is_established(conn_of(s, slot)) != 0;
}

/* ---- Half-open handshakes (docs/security.md) ----
 * Every slot whose handshake has not completed is on a list in age order and on the chain of its IP address
 * (keyed hash of the address without the port, so a host cannot choose collisions). The lists are updated
 * lazily: a slot whose handshake completed leaves them the next time the server looks at it. */

static uint32_t *ip_head_of(struct server *s, const nxdtls_addr *peer)
{
    nxdtls_addr host = *peer;
    host.port = 0;
    return &s->ip_heads[dtls_demux_hash(&s->demux, &host) & (s->ip_buckets - 1)];
}

static bool same_host(const nxdtls_addr *a, const nxdtls_addr *b)
{
    nxdtls_addr x = *a;
    nxdtls_addr y = *b;
    x.port = 0;
    y.port = 0;
    return dtls_demux_addr_equal(&x, &y);
}

static void half_open_link(struct server *s, uint32_t slot)
{
    struct slot_info *info = &s->slots[slot];
    info->half_open = 1;
    info->ho_next = NONE;
    info->ho_prev = s->ho_tail;
    if (s->ho_tail != NONE) {
        s->slots[s->ho_tail].ho_next = slot;
    } else {
        s->ho_head = slot;
    }
    s->ho_tail = slot;
    uint32_t *head = ip_head_of(s, &s->addrs[slot]);
    info->ip_prev = NONE;
    info->ip_next = *head;
    if (*head != NONE) {
        s->slots[*head].ip_prev = slot;
    }
    *head = slot;
    s->half_open++;
}

static void half_open_unlink(struct server *s, uint32_t slot)
{
    struct slot_info *info = &s->slots[slot];
    if (!info->half_open) {
        return;
    }
    if (info->ho_prev != NONE) {
        s->slots[info->ho_prev].ho_next = info->ho_next;
    } else {
        s->ho_head = info->ho_next;
    }
    if (info->ho_next != NONE) {
        s->slots[info->ho_next].ho_prev = info->ho_prev;
    } else {
        s->ho_tail = info->ho_prev;
    }
    if (info->ip_prev != NONE) {
        s->slots[info->ip_prev].ip_next = info->ip_next;
    } else {
        *ip_head_of(s, &s->addrs[slot]) = info->ip_next;
    }
    if (info->ip_next != NONE) {
        s->slots[info->ip_next].ip_prev = info->ip_prev;
    }
    info->half_open = 0;
    info->ho_prev = info->ho_next = info->ip_prev = info->ip_next = NONE;
    s->half_open--;
}

/* still_half_open takes a slot off the lists once its handshake has completed. */
static bool still_half_open(struct server *s, uint32_t slot)
{
    if (s->slots[slot].half_open && established(s, slot)) {
        half_open_unlink(s, slot);
    }
    return s->slots[slot].half_open != 0;
}

/* oldest_half_open returns the oldest slot still in its handshake, or NONE. */
static uint32_t oldest_half_open(struct server *s)
{
    uint32_t head = s->ho_head;
    while (head != NONE && !still_half_open(s, head)) {
        head = s->ho_head; /* it left the list: the next one is the head now */
    }
    return head;
}

/* host_half_open counts the half-open slots of peer's IP address (stopping at limit) and finds the oldest. */
static size_t host_half_open(struct server *s, const nxdtls_addr *peer, size_t limit,
                             uint32_t *oldest)
{
    size_t count = 0;
    *oldest = NONE;
    uint32_t k = *ip_head_of(s, peer);
    while (k != NONE) {
        uint32_t next = s->slots[k].ip_next;
        if (still_half_open(s, k) && same_host(&s->addrs[k], peer)) {
            *oldest = k;
            if (++count > limit) {
                break;
            }
        }
        k = next;
    }
    return count;
}

static void release_slot(struct server *s, uint32_t slot);

/* make_room frees a slot for a newcomer from peer when the table or the half-open bounds are full, by ending
 * the oldest unfinished handshake (of this host when it has its share) rather than refusing the newcomer;
 * the slot ended is reported in route->evicted. Without eviction (no_half_open_eviction) nothing is ended. */
static void make_room(struct server *s, const nxdtls_addr *peer, nxdtls_route *route)
{
    if (s->max_half_open == 0) {
        return;
    }
    uint32_t victim = NONE;
    uint32_t host_oldest = NONE;
    if (host_half_open(s, peer, s->max_per_ip, &host_oldest) >= s->max_per_ip) {
        victim = host_oldest;
    } else if (s->free_head == NONE || s->half_open >= s->max_half_open ||
               (s->pooled && !dtls_pool_available(&s->pool))) {
        /* A pooled server's newcomer also needs a handshake unit: the oldest unfinished handshake holds one. */
        victim = oldest_half_open(s);
    }
    if (victim != NONE) {
        release_slot(s, victim);
        route->evicted = victim;
    }
}

/* take_slot binds a free slot to peer and starts its connection. older is the peer's established association
 * when the hello starts a new one from the same address (RFC 6347 4.2.8), else NONE: then the new slot is
 * pending, out of the index, and the address keeps going to the old association until the new handshake has
 * completed (nxdtls_server_route promotes it), so a replayed hello cannot take a live association away. */
static UINT take_slot(struct server *s, uint64_t now_ms, const nxdtls_addr *peer,
                      const struct hello_in *in, uint32_t older, nxdtls_route *route)
{
    make_room(s, peer, route);
    if (s->free_head == NONE || (s->pooled && !dtls_pool_available(&s->pool))) {
        reply_full(s, now_ms, peer, in->rec.seq, route);
        return NX_SUCCESS;
    }
    uint32_t slot = s->free_head;
    struct slot_info *info = &s->slots[slot];
    uint8_t *meta = s->metadata + (size_t)slot * s->metadata_each;
    UINT status = s->pooled ? dtls_conn_init_pooled(conn_of(s, slot), s->config, meta,
                                                    s->metadata_each, &s->pool)
                            : nxdtls_conn_init(conn_of(s, slot), s->config, meta, s->metadata_each,
                                               s->reassembly + (size_t)slot * s->reassembly_each,
                                               s->reassembly_each);
    if (status == NX_SUCCESS && s->config->cid_length != 0) {
        /* RFC 9146 block: the session's CID names this worker and slot. */
        status = dtls_cid_assign(dtls_conn_of(conn_of(s, slot)), s->cid_worker, slot);
        if (status != NX_SUCCESS) {
            nxdtls_conn_free(conn_of(s, slot));
        }
    }
    if (status != NX_SUCCESS) {
        return status;
    }
    s->free_head = info->next_free;
    info->next_free = NONE;
    info->used = 1;
    info->hello_tag = random_tag(in->ch.random);
    info->older = older;
    info->newer = NONE;
    s->addrs[slot] = *peer;
    if (older != NONE) {
        info->detached = 1;
        s->slots[older].newer = slot;
    } else {
        info->detached = 0;
        dtls_demux_insert(&s->demux, slot);
    }
    half_open_link(s, slot);
    s->active++;
    route->kind = NXDTLS_ROUTE_NEW;
    route->slot = slot;
    route->conn = conn_of(s, slot);
    route->superseded = older != NONE ? older : NXDTLS_NO_SLOT;
    return NX_SUCCESS;
}

/* promote hands the address of an established association to its pending successor once that completed its
 * handshake (RFC 6347 4.2.8: the client proved itself with a verified Finished). The old one stays in use,
 * out of the index, until the application releases it. Returns the slot that now has the address. */
static uint32_t promote(struct server *s, uint32_t old)
{
    uint32_t pending = s->slots[old].newer;
    if (pending == NONE || !established(s, pending)) {
        return old;
    }
    dtls_demux_remove(&s->demux, old);
    s->slots[old].detached = 1;
    s->slots[old].newer = NONE;
    s->slots[pending].detached = 0;
    s->slots[pending].older = NONE;
    dtls_demux_insert(&s->demux, pending);
    (void)still_half_open(s, pending);
    return pending;
}

/* for_pending: while an address has an established association and a pending one, records of epoch 0 (the new
 * handshake, alerts about it) and handshake records of the epoch the pending one now reads (its peer's
 * Finished) go to the pending association; everything else stays with the established one. */
static bool for_pending(struct server *s, uint32_t pending, const uint8_t *datagram, size_t len)
{
    struct wire_rd dgram = wire_rd_init(datagram, len);
    struct wire_rd frag;
    struct dtls_record_hdr first;
    if (!dtls_record_next(&dgram, &first, &frag)) {
        return false;
    }
    if (first.epoch == 0) {
        return true;
    }
    uint16_t reading = dtls_conn_of(conn_of(s, pending))->rd_epoch;
    return first.type == DTLS_CT_HANDSHAKE && reading != 0 && first.epoch == reading;
}

static void route_to(struct server *s, uint32_t slot, nxdtls_route *route)
{
    route->kind = NXDTLS_ROUTE_SESSION;
    route->slot = slot;
    route->conn = conn_of(s, slot);
}

UINT nxdtls_server_route(nxdtls_server *server, uint64_t now_ms, const nxdtls_addr *peer,
                         const uint8_t *datagram, size_t len, nxdtls_route *route)
{
    NXD_ENSURE(route != NULL, NX_PTR_ERROR);
    memset(route, 0, sizeof *route);
    route->kind = NXDTLS_ROUTE_DROP;
    route->slot = NXDTLS_NO_SLOT;
    route->superseded = NXDTLS_NO_SLOT;
    route->evicted = NXDTLS_NO_SLOT;
    NXD_ENSURE(server != NULL && peer != NULL && (datagram != NULL || len == 0), NX_PTR_ERROR);
    struct server *s = srv(server);
    /* A failed rotation keeps the old secrets; it is retried on the next datagram. */
    UINT rotated = s->cookie_master.on
                       ? dtls_cookie_shared_rotate(&s->cookie_master, &s->cookies, now_ms,
                                                   s->hmac_area, sizeof s->hmac_area)
                       : dtls_cookie_keys_rotate_if_due(&s->cookies, s->rnd, s->rnd_ctx, now_ms);
    if (rotated != NX_SUCCESS) {
        /* Keep serving with the current secret. */
    }
    if (cid_route(s, datagram, len, route)) {
        return NX_SUCCESS; /* RFC 9146 block: a tls12_cid record goes by its CID */
    }

    size_t probes = 0;
    size_t found = dtls_demux_find(&s->demux, peer, &probes);
    s->last_probes = probes;
    struct hello_in in;
    bool hello =
        len >= DTLS_RECORD_HEADER_LEN && classify_hello(s, wire_rd_init(datagram, len), &in);

    if (found != DTLS_DEMUX_NONE) {
        uint32_t slot = promote(s, (uint32_t)found);
        (void)still_half_open(s, slot);
        uint32_t pending = s->slots[slot].newer;
        if (!hello) {
            route_to(s, pending != NONE && for_pending(s, pending, datagram, len) ? pending : slot,
                     route);
            return NX_SUCCESS;
        }
        /* The random of the hello that started a slot: a retransmitted or late hello of that handshake,
         * which its connection handles or ignores. */
        uint64_t tag = random_tag(in.ch.random);
        if (tag == s->slots[slot].hello_tag) {
            route_to(s, slot, route);
            return NX_SUCCESS;
        }
        if (pending != NONE && tag == s->slots[pending].hello_tag) {
            route_to(s, pending, route);
            return NX_SUCCESS;
        }
        /* A new association from this address (RFC 6347 4.2.8) once the cookie shows the client is there. */
        if (!cookie_ok(s, peer, &in.ch)) {
            return reply_hello_verify(s, peer, &in, route);
        }
        if (!established(s, slot) && s->max_half_open != 0) {
            /* The address's own unfinished handshake is superseded: it frees its slot. */
            release_slot(s, slot);
            route->evicted = slot;
            return take_slot(s, now_ms, peer, &in, NONE, route);
        }
        if (pending != NONE) {
            release_slot(s,
                         pending); /* an earlier attempt still unfinished: this one replaces it */
            route->evicted = pending;
        }
        return take_slot(s, now_ms, peer, &in, slot, route);
    }
    /* Unknown peer (docs/netx-api.md 7.4 step 2): alerts, short datagrams and anything but a well-formed
     * ClientHello are dropped without a reply. */
    if (!hello) {
        return NX_SUCCESS;
    }
    if (!cookie_ok(s, peer, &in.ch)) {
        return reply_hello_verify(s, peer, &in, route);
    }
    return take_slot(s, now_ms, peer, &in, NONE, route);
}

/* ---- RFC 9146 block: Connection ID routing, address updates, workers (docs/cid.md) ---- */

/* cid_route routes a datagram whose first record is a tls12_cid record by its CID: byte 0 names the worker,
 * bytes 1..3 the slot, and the slot's connection must own the whole CID (a released or reused slot has
 * another). Returns false when the datagram does not start with such a record; a CID record that names no
 * live session of ours is dropped, never looked up by address (RFC 9146 3). */
static bool cid_route(struct server *s, const uint8_t *datagram, size_t len, nxdtls_route *route)
{
    size_t cid_len = s->config->cid_length;
    const uint8_t *cid = NULL;
    if (!dtls_cid_parse_route(datagram, len, cid_len, &cid)) {
        return false;
    }
    if (cid[0] != s->cid_worker) {
        route->kind = NXDTLS_ROUTE_WORKER;
        route->worker = cid[0];
        return true;
    }
    size_t slot = (size_t)wire_load_be(cid + DTLS_CID_SLOT_OFF, DTLS_CID_SLOT_BYTES);
    if (slot < s->slot_count && s->slots[slot].used) {
        struct dtls_conn *c = dtls_conn_of(conn_of(s, slot));
        if (dtls_cid_owns(c, cid, cid_len)) {
            dtls_cid_mark(&c->cid);
            route->kind = NXDTLS_ROUTE_SESSION;
            route->slot = slot;
            route->conn = conn_of(s, slot);
            route->by_cid = 1;
        }
    }
    return true;
}

UINT nxdtls_server_set_worker(nxdtls_server *server, uint8_t worker)
{
    NXD_ENSURE(server != NULL, NX_PTR_ERROR);
    srv(server)->cid_worker = worker;
    return NX_SUCCESS;
}

UINT nxdtls_server_set_cookie_secret(nxdtls_server *server, const uint8_t secret[32],
                                     uint64_t now_ms)
{
    NXD_ENSURE(server != NULL && secret != NULL, NX_PTR_ERROR);
    struct server *s = srv(server);
    return dtls_cookie_shared_set(&s->cookie_master, &s->cookies, secret, now_ms, s->hmac_area,
                                  sizeof s->hmac_area);
}

UINT nxdtls_server_peer_update(nxdtls_server *server, size_t slot, const nxdtls_addr *peer,
                               int *moved)
{
    if (moved != NULL) {
        *moved = 0;
    }
    NXD_ENSURE(server != NULL && peer != NULL, NX_PTR_ERROR);
    struct server *s = srv(server);
    NXD_ENSURE(slot < s->slot_count && s->slots[slot].used, NX_INVALID_PARAMETERS);
    struct dtls_conn *c = dtls_conn_of(conn_of(s, slot));
    /* RFC 9146 6: only an authenticated CID record newer than all before it moves the session. */
    if (!dtls_cid_moved(&c->cid) || dtls_demux_addr_equal(&s->addrs[slot], peer)) {
        return NX_SUCCESS;
    }
    const nxdtls_config *cfg = s->config;
    if (cfg->cid_peer_check != NULL &&
        !cfg->cid_peer_check(cfg->cid_peer_check_ctx, conn_of(s, slot), &s->addrs[slot], peer)) {
        return NX_SUCCESS; /* the application checks return routability first (RFC 9146 6) */
    }
    struct slot_info *info = &s->slots[slot];
    /* Only an established association that is alone on its address moves: a half-open slot sits on the chain
     * of its IP address, and a pending or replaced one (RFC 6347 4.2.8) belongs with its address. */
    if (still_half_open(s, (uint32_t)slot) || info->detached || info->newer != NONE) {
        return NX_SUCCESS;
    }
    dtls_demux_remove(&s->demux, slot);
    s->addrs[slot] = *peer;
    /* Indexed by address as well unless another session holds that address: this one is found by its CID
     * anyway, and the other keeps its entry. */
    if (dtls_demux_find(&s->demux, peer, NULL) == DTLS_DEMUX_NONE) {
        dtls_demux_insert(&s->demux, slot);
    }
    dtls_cid_mark(&c->cid);
    if (moved != NULL) {
        *moved = 1;
    }
    return NX_SUCCESS;
}

/* ---- end of the RFC 9146 block ---- */

UINT nxdtls_server_peer(const nxdtls_server *server, size_t slot, nxdtls_addr *peer)
{
    NXD_ENSURE(server != NULL && peer != NULL, NX_PTR_ERROR);
    const struct server *s = srv_const(server);
    NXD_ENSURE(slot < s->slot_count && s->slots[slot].used, NX_INVALID_PARAMETERS);
    *peer = s->addrs[slot];
    return NX_SUCCESS;
}

/* release_slot frees a slot: off the half-open lists and the index; a pending successor of an established
 * association it was takes the address over; its connection is freed (wiped). */
static void release_slot(struct server *s, uint32_t slot)
{
    struct slot_info *info = &s->slots[slot];
    half_open_unlink(s, slot);
    if (!info->detached) {
        dtls_demux_remove(&s->demux, slot);
    }
    if (info->older != NONE) {
        s->slots[info->older].newer =
            NONE; /* a pending one: the established association keeps its address */
    }
    if (info->newer != NONE) {
        /* The established association goes before its successor finished: the address is the successor's. */
        struct slot_info *next = &s->slots[info->newer];
        next->older = NONE;
        if (next->detached && !info->detached) {
            next->detached = 0;
            dtls_demux_insert(&s->demux, info->newer);
        }
    }
    nxdtls_conn_free(conn_of(s, slot));
    memset(&s->addrs[slot], 0, sizeof s->addrs[slot]);
    memset(info, 0, sizeof *info);
    info->older = NONE;
    info->newer = NONE;
    info->ho_prev = info->ho_next = info->ip_prev = info->ip_next = NONE;
    info->next_free = s->free_head;
    s->free_head = slot;
    s->active--;
}

UINT nxdtls_server_release(nxdtls_server *server, size_t slot)
{
    NXD_ENSURE(server != NULL, NX_PTR_ERROR);
    struct server *s = srv(server);
    NXD_ENSURE(slot < s->slot_count && s->slots[slot].used, NX_INVALID_PARAMETERS);
    release_slot(s, (uint32_t)slot);
    return NX_SUCCESS;
}

size_t nxdtls_server_active(const nxdtls_server *server)
{
    return server != NULL ? srv_const(server)->active : 0;
}
