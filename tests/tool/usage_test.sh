#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# usage_test: the tool's command line as a user meets it. --version; help for every command (exit 0, on
# stdout); -v/-vv/-vvv accepted; a usage error names what is wrong and prints only the short usage (exit 2);
# --purpose and --time say why their value is wrong.
. "$(dirname "$0")/tool_lib.sh"

if tl_expect 0 "--version" --version; then
    if grep -Eq '^nxdtls [0-9]+\.[0-9]+\.[0-9]+ \(OpenSSL 3' "$TL_WORK/out"; then
        tl_ok "--version prints the version and OpenSSL's"
    else
        tl_bad "--version output"
    fi
fi

# Every command's help, three ways: COMMAND --help, COMMAND -h, help COMMAND; all exit 0 on stdout.
for cmd in client server demo x509; do
    for form in "$cmd --help" "$cmd -h" "help $cmd"; do
        # shellcheck disable=SC2086
        if tl_expect 0 "nxdtls $form" $form; then
            tl_has out "usage: nxdtls $cmd" "nxdtls $form prints the usage on stdout"
            [ -s "$TL_WORK/err" ] && tl_bad "nxdtls $form writes to stderr"
        fi
    done
done
tl_expect 0 "x509 verify --help" x509 verify --help && tl_has out "--purpose server|client" \
    "x509 verify --help lists its options"
tl_expect 0 "x509 help" x509 help
tl_expect 0 "help" help && tl_has out "Commands:" "help lists the commands"
for cmd in client server demo x509; do
    tl_has out "  $cmd " "help lists $cmd"
done
for form in "--help" "-h" "help help" "help --help"; do
    # shellcheck disable=SC2086
    tl_expect 0 "nxdtls $form" $form && tl_has out "Commands:" "nxdtls $form lists the commands"
done
tl_expect 0 "client --help" client --help
for opt in --servername --psk --ca --cert --key --ciphers --mtu --keylog --verbose; do
    tl_has out "$opt" "client --help lists $opt"
done

# Usage errors: exit 2, the reason, the short usage, never the whole help.
check_usage() {
    local name="$1" reason="$2"
    shift 2
    if tl_expect 2 "$name" "$@"; then
        tl_has err "$reason" "$name says '$reason'"
        tl_has err "usage: nxdtls" "$name prints the short usage"
        tl_has err "--help" "$name points at --help"
        tl_lacks err "Credentials:" "$name does not print the whole help"
    fi
}
check_usage "client without target" "ADDR:PORT is missing" client --psk "id:$K"
check_usage "client unknown option" "unknown option '--bogus'" client 127.0.0.1:1 --psk "id:$K" --bogus
check_usage "client option without value" "--mtu needs a value" client 127.0.0.1:1 --psk "id:$K" --mtu
check_usage "client flag with a value" "--verbose takes no value" client 127.0.0.1:1 --psk "id:$K" --verbose=2
check_usage "client --mtu too small" "--mtu wants 256..65535" client 127.0.0.1:1 --psk "id:$K" --mtu=100
check_usage "client without credentials" "no credentials" client 127.0.0.1:1
check_usage "client --cert without --key" "--cert and --key go together" client 127.0.0.1:1 \
    --ca "$PKI/rsa-root.pem" --cert "$PKI/rsa-leaf.pem"
check_usage "server --servername" "unknown option '--servername'" server --psk "id:$K" --servername x
check_usage "unknown x509 command" "unknown x509 command 'frob'" x509 frob
check_usage "x509 verify --purpose foo" "--purpose wants 'server' or 'client', got 'foo'" x509 verify \
    "$PKI/rsa-leaf.pem" --ca "$PKI/rsa-root.pem" --purpose foo
check_usage "x509 verify --time abc" "--time wants UNIX time in seconds" x509 verify "$PKI/rsa-leaf.pem" \
    --ca "$PKI/rsa-root.pem" --time abc
check_usage "x509 verify without --ca" "--ca FILE is missing" x509 verify "$PKI/rsa-leaf.pem"
check_usage "demo unknown option" "unknown option '--frob'" demo --frob

# --opt=value is the same as --opt value.
tl_expect 0 "x509 verify --ca=FILE --host=NAME" x509 verify "$PKI/rsa-chain.pem" --ca="$PKI/ca-bundle.pem" \
    --host=localhost

# -v, -vv, -vvv are all accepted (a client to a closed port fails with exit 1, not a usage error).
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for v in -v -vv -vvv "-v -v"; do
    # shellcheck disable=SC2086
    tl_expect 1 "client $v to a closed port" client "127.0.0.1:$port" --psk "id:$K" --timeout 2000 \
        --message x $v && tl_has err "ClientHello" "client $v traces the handshake"
done

tl_finish
