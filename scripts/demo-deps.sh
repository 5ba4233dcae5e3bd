#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# demo-deps.sh: makes sure what `make demo` needs is here: cmake, a C compiler and the OpenSSL 3 development
# files. Does nothing when they are (any distribution, any way they were installed). When something is
# missing and apt-get exists, installs the Debian packages for it (as root, or through sudo); otherwise says
# what is missing and fails. The full test suite needs more: scripts/install-deps.sh.
# NXDTLS_DEPS_CMAKE, NXDTLS_DEPS_CC and NXDTLS_DEPS_APT name the programs to look for (tests set them).
set -euo pipefail

cmake_cmd=${NXDTLS_DEPS_CMAKE:-cmake}
cc_cmd=${NXDTLS_DEPS_CC:-${CC:-cc}}
apt_cmd=${NXDTLS_DEPS_APT:-apt-get}

missing=()   # Debian packages to install
described=() # what is missing, for the message
if ! command -v "$cmake_cmd" >/dev/null 2>&1; then
    missing+=(cmake make)
    described+=("cmake")
fi
have_cc=0
for c in "$cc_cmd" gcc clang; do
    if command -v "$c" >/dev/null 2>&1; then
        cc_cmd=$c
        have_cc=1
        break
    fi
done
if [ "$have_cc" -eq 0 ]; then
    missing+=(gcc)
    described+=("a C compiler (cc, gcc or clang)")
fi
# OpenSSL 3's headers: ask the compiler, which knows where it looks.
if [ "$have_cc" -eq 0 ] || ! printf '#include <openssl/opensslv.h>\n#if OPENSSL_VERSION_MAJOR < 3\n#error old\n#endif\n' |
    "$cc_cmd" -E -x c - >/dev/null 2>&1; then
    missing+=(libssl-dev)
    described+=("the OpenSSL 3 development files (openssl/opensslv.h, libcrypto)")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v "$apt_cmd" >/dev/null 2>&1; then
    echo "demo-deps: missing: ${described[*]}" >&2
    echo "demo-deps: install them with your system's package manager, then run make demo again" >&2
    exit 1
fi
echo "demo-deps: installing ${missing[*]} (missing: ${described[*]})"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" "$apt_cmd" update -qq
"${sudo_cmd[@]}" "$apt_cmd" install -y -qq --no-install-recommends "${missing[@]}"
