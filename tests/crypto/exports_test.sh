#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# exports_test: every NetX-named crypto object (each crypto_method_* declared in include/nx_crypto.h,
# and the default tables of docs/netx-api.md 6.3/6.4) is defined in the crypto layer with default
# visibility, so applications linking libnxdtls.so see it; every internal crypto_* function stays
# hidden (the library builds with -fvisibility=hidden; docs/style.md 2.1).
set -euo pipefail
: "${NXDTLS_BUILD_DIR:?}" "${NXDTLS_SOURCE_DIR:?}"
lib="$NXDTLS_BUILD_DIR/libnxd_crypto.a"
[[ -f "$lib" ]] || { echo "missing $lib"; exit 1; }

symbols=$(readelf -sW "$lib" | awk '$7 != "UND" && $5 == "GLOBAL" {print $6, $8}')
public=$(grep -o 'extern NX_CRYPTO_METHOD crypto_method_[a-z0-9_]*' "$NXDTLS_SOURCE_DIR/include/nx_crypto.h" |
    awk '{print $3}')
public="$public nx_crypto_tls_ciphers nx_crypto_tls_ciphers_ecc nx_crypto_ecc_supported_groups
nx_crypto_ecc_curves nx_crypto_ecc_supported_groups_size"

fail=0
count=0
for name in $public; do
    count=$((count + 1))
    if ! grep -qx "DEFAULT $name" <<<"$symbols"; then
        echo "not exported with default visibility: $name"
        fail=1
    fi
done
# Everything else the crypto layer defines globally must be hidden (sanitizer builds add their own
# __asan/__odr_asan symbols; those are not ours).
while read -r vis name; do
    if [[ "$vis" == DEFAULT && "$name" != __* ]] && ! grep -qw -- "$name" <<<"$public"; then
        echo "exported but internal: $name"
        fail=1
    fi
done <<<"$symbols"
hidden=$(awk '$1 == "HIDDEN"' <<<"$symbols" | wc -l)
echo "exports: $count NetX-named objects exported, $hidden internal symbols hidden"
exit $fail
