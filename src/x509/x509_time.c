/* SPDX-License-Identifier: MIT */
#include "x509/x509_time.h"

#include <stdbool.h>

#include "x509/x509_der.h"

static bool is_leap(uint32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static uint32_t days_in_month(uint32_t year, uint32_t month)
{
    static const uint8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return month == 2 && is_leap(year) ? 29u : days[month - 1];
}

uint64_t x509_time_from_civil(uint32_t year, uint32_t month, uint32_t day, uint32_t hour,
                              uint32_t minute, uint32_t second)
{
    uint64_t days = 0;

    /* Whole years, then whole months: at most 8030 + 11 iterations for the years we accept. */
    for (uint32_t y = 1970; y < year; y++) {
        days += is_leap(y) ? 366u : 365u;
    }
    for (uint32_t m = 1; m < month; m++) {
        days += days_in_month(year, m);
    }
    days += day - 1u;
    return ((days * 24u + hour) * 60u + minute) * 60u + second;
}

/* read_digits reads n ASCII digits as a decimal number. */
static bool read_digits(struct wire_rd *r, size_t n, uint32_t *out)
{
    uint32_t v = 0;

    for (size_t i = 0; i < n; i++) {
        uint8_t c;
        if (!wire_get_u8(r, &c) || c < '0' || c > '9') {
            return false;
        }
        v = v * 10u + (uint32_t)(c - '0');
    }
    *out = v;
    return true;
}

UINT x509_time_parse(uint8_t tag, struct wire_rd value, uint64_t *seconds)
{
    uint32_t year;
    uint32_t month;
    uint32_t day;
    uint32_t hour;
    uint32_t minute;
    uint32_t second;
    uint8_t zulu;

    if (tag == X509_DER_UTC_TIME) {
        NXD_ENSURE(value.len == 13 && read_digits(&value, 2, &year),
                   NX_SECURE_X509_INVALID_DATE_FORMAT);
        /* RFC 5280 4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY. */
        year += year >= 50 ? 1900u : 2000u;
    } else if (tag == X509_DER_GENERALIZED_TIME) {
        NXD_ENSURE(value.len == 15 && read_digits(&value, 4, &year),
                   NX_SECURE_X509_INVALID_DATE_FORMAT);
    } else {
        return NX_SECURE_X509_INVALID_DATE_FORMAT;
    }
    NXD_ENSURE(read_digits(&value, 2, &month) && read_digits(&value, 2, &day) &&
                   read_digits(&value, 2, &hour) && read_digits(&value, 2, &minute) &&
                   read_digits(&value, 2, &second) && wire_get_u8(&value, &zulu) && zulu == 'Z' &&
                   wire_done(&value),
               NX_SECURE_X509_INVALID_DATE_FORMAT);
    /* Seconds 60 (a leap second) cannot be represented in POSIX time; DER times never carry it. */
    NXD_ENSURE(month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month) &&
                   hour <= 23 && minute <= 59 && second <= 59,
               NX_SECURE_X509_INVALID_DATE_FORMAT);
    /* Before the epoch (UTCTime 1950-1969): any such time is earlier than every time we compare it
     * with, so it becomes 0 rather than a negative number. */
    *seconds = year < 1970 ? 0 : x509_time_from_civil(year, month, day, hour, minute, second);
    return NX_SUCCESS;
}
