/* SPDX-License-Identifier: MIT */
/* tool_udp: the POSIX side of the tool: address parsing and printing, non-blocking UDP sockets, the
 * monotonic clock the engine's timers run on, and traffic counters. Nothing here knows DTLS. */
#include "tool_udp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int parse_port(const char *text, uint16_t *port)
{
    if (*text == '\0' || strlen(text) > 5) {
        return -1;
    }
    unsigned long value = 0;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9') {
            return -1;
        }
        value = value * 10 + (unsigned long)(*p - '0');
    }
    if (value > 65535) {
        return -1;
    }
    *port = (uint16_t)value;
    return 0;
}

int tool_udp_parse(const char *text, struct tool_sockaddr *out, char *err, size_t errlen)
{
    char host[256];
    const char *port_text;

    if (text[0] == '[') {
        /* "[v6]:port": the brackets keep the address's own colons apart from the port's. */
        const char *close = strchr(text, ']');
        if (close == NULL || close[1] != ':' || (size_t)(close - text - 1) >= sizeof host) {
            snprintf(err, errlen, "bad address '%s' (expected [IPV6]:PORT)", text);
            return -1;
        }
        memcpy(host, text + 1, (size_t)(close - text - 1));
        host[close - text - 1] = '\0';
        port_text = close + 2;
    } else {
        const char *colon = strrchr(text, ':');
        if (colon == NULL || colon == text || (size_t)(colon - text) >= sizeof host ||
            memchr(text, ':', (size_t)(colon - text)) != NULL) {
            snprintf(err, errlen, "bad address '%s' (expected HOST:PORT or [IPV6]:PORT)", text);
            return -1;
        }
        memcpy(host, text, (size_t)(colon - text));
        host[colon - text] = '\0';
        port_text = colon + 1;
    }

    uint16_t port;
    if (parse_port(port_text, &port) != 0) {
        snprintf(err, errlen, "bad port in '%s'", text);
        return -1;
    }

    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = text[0] == '[' ? AF_INET6 : AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    struct addrinfo *list = NULL;
    int rc = getaddrinfo(host, NULL, &hints, &list);
    if (rc != 0 || list == NULL) {
        snprintf(err, errlen, "cannot resolve '%s': %s", host, gai_strerror(rc));
        return -1;
    }
    memset(out, 0, sizeof *out);
    memcpy(&out->ss, list->ai_addr, list->ai_addrlen);
    out->len = list->ai_addrlen;
    freeaddrinfo(list);
    if (out->ss.ss_family == AF_INET) {
        ((struct sockaddr_in *)&out->ss)->sin_port = htons(port);
    } else if (out->ss.ss_family == AF_INET6) {
        ((struct sockaddr_in6 *)&out->ss)->sin6_port = htons(port);
    } else {
        snprintf(err, errlen, "'%s' is neither IPv4 nor IPv6", host);
        return -1;
    }
    return 0;
}

void tool_udp_format(const struct tool_sockaddr *addr, char *buf, size_t n)
{
    char ip[INET6_ADDRSTRLEN];

    if (addr->ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&addr->ss;
        inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
        snprintf(buf, n, "[%s]:%u", ip, (unsigned)ntohs(in6->sin6_port));
    } else {
        const struct sockaddr_in *in4 = (const struct sockaddr_in *)&addr->ss;
        inet_ntop(AF_INET, &in4->sin_addr, ip, sizeof ip);
        snprintf(buf, n, "%s:%u", ip, (unsigned)ntohs(in4->sin_port));
    }
}

uint16_t tool_udp_port(const struct tool_sockaddr *addr)
{
    if (addr->ss.ss_family == AF_INET6) {
        return ntohs(((const struct sockaddr_in6 *)&addr->ss)->sin6_port);
    }
    return ntohs(((const struct sockaddr_in *)&addr->ss)->sin_port);
}

static int open_socket(int family)
{
    int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    if (family == AF_INET6) {
        /* [::1]:PORT means IPv6 only; a dual-stack socket would also take IPv4-mapped peers. */
        int one = 1;
        (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    }
    return fd;
}

static int bind_socket(struct tool_sockaddr *local, int reuseport)
{
    int fd = open_socket(local->ss.ss_family);
    if (fd < 0) {
        return -1;
    }
    int one = 1;
    if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    if (bind(fd, (const struct sockaddr *)&local->ss, local->len) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    local->len = sizeof local->ss;
    if (getsockname(fd, (struct sockaddr *)&local->ss, &local->len) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int tool_udp_bind(struct tool_sockaddr *local)
{
    return bind_socket(local, 0);
}

int tool_udp_bind_shared(struct tool_sockaddr *local)
{
    return bind_socket(local, 1);
}

int tool_udp_connect(const struct tool_sockaddr *remote)
{
    int fd = open_socket(remote->ss.ss_family);
    if (fd < 0) {
        return -1;
    }
    if (connect(fd, (const struct sockaddr *)&remote->ss, remote->len) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int tool_udp_send(int fd, const struct tool_sockaddr *dest, const uint8_t *data, size_t len,
                  struct tool_traffic *traffic)
{
    ssize_t sent;
    do {
        if (dest != NULL) {
            sent = sendto(fd, data, len, 0, (const struct sockaddr *)&dest->ss, dest->len);
        } else {
            sent = send(fd, data, len, 0);
        }
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) {
        return -1;
    }
    traffic->datagrams_out++;
    traffic->bytes_out += (uint64_t)sent;
    return 0;
}

ssize_t tool_udp_recv(int fd, uint8_t *buf, size_t cap, struct tool_sockaddr *from,
                      struct tool_traffic *traffic)
{
    ssize_t got;
    struct tool_sockaddr ignored;
    struct tool_sockaddr *src = from != NULL ? from : &ignored;

    do {
        src->len = sizeof src->ss;
        got = recvfrom(fd, buf, cap, 0, (struct sockaddr *)&src->ss, &src->len);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    }
    /* A zero-length datagram is legal UDP but carries no record; report it as "nothing". */
    if (got > 0) {
        traffic->datagrams_in++;
        traffic->bytes_in += (uint64_t)got;
    }
    return got;
}

void tool_udp_to_engine(const struct tool_sockaddr *addr, nxdtls_addr *out)
{
    memset(out, 0, sizeof *out);
    if (addr->ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&addr->ss;
        out->family = 6;
        out->port = ntohs(in6->sin6_port);
        memcpy(out->ip, &in6->sin6_addr, 16);
    } else {
        const struct sockaddr_in *in4 = (const struct sockaddr_in *)&addr->ss;
        out->family = 4;
        out->port = ntohs(in4->sin_port);
        memcpy(out->ip, &in4->sin_addr, 4);
    }
}

void tool_udp_from_engine(const nxdtls_addr *addr, struct tool_sockaddr *out)
{
    memset(out, 0, sizeof *out);
    if (addr->family == 6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&out->ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(addr->port);
        memcpy(&in6->sin6_addr, addr->ip, 16);
        out->len = sizeof *in6;
    } else {
        struct sockaddr_in *in4 = (struct sockaddr_in *)&out->ss;
        in4->sin_family = AF_INET;
        in4->sin_port = htons(addr->port);
        memcpy(&in4->sin_addr, addr->ip, 4);
        out->len = sizeof *in4;
    }
}

uint64_t tool_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t tool_now_ms(void)
{
    return tool_now_us() / 1000u;
}

int tool_poll_ms(uint64_t now_ms, uint64_t deadline_ms)
{
    if (deadline_ms == UINT64_MAX) {
        return -1;
    }
    if (deadline_ms <= now_ms) {
        return 0;
    }
    uint64_t left = deadline_ms - now_ms;
    return left > (uint64_t)INT_MAX ? INT_MAX : (int)left;
}
