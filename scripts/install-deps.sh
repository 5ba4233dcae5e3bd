#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install-deps.sh: installs, on Debian 12, what building and testing nxdtls needs, when it is missing.
# Runs as root (CI and developer machines) or via sudo; does nothing when everything is present.
set -euo pipefail

packages=(cmake make gcc clang clang-format libclang-rt-14-dev pkg-config libssl-dev openssl gnutls-bin valgrind
          python3 iproute2 doxygen groff-base
          libcoap3-bin libmbedtls-dev libwolfssl-dev # interop peers: libcoap's tools, Mbed TLS and wolfSSL
          tshark) # Wireshark's dissector reads our RFC 9146 records (tests/interop/wireshark_cid_test.sh)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
