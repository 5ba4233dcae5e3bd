#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# limbo_to_lines.py: converts x509-limbo's limbo.json (C2SP/x509-limbo, Apache-2.0, see LICENSE here)
# into limbo.lines, a line format the C test reads without a JSON parser:
#   C <id> <SUCCESS|FAILURE> <SERVER|CLIENT> <unix time or -> <max chain depth or -> <features,... or ->
#   N <DNS|IP> <name>          expected peer name (absent: no name check)
#   E <eku,...>                extended key usages asked (absent: none)
#   K <ku,...>                 key usages asked (absent: none)
#   T <base64 DER>             a trusted certificate (repeated)
#   I <base64 DER>             an untrusted intermediate (repeated)
#   L <base64 DER>             the peer (leaf) certificate
#   R <base64 DER>             a CRL (repeated)
#   .                          end of the case
# Times are RFC 3339 in the JSON; fractions are floored (limbo's notbefore-fractional asks for that).
# Usage: python3 limbo_to_lines.py limbo.json > limbo.lines
import base64
import datetime
import json
import sys


def pem_to_b64(pem):
    lines = [l.strip() for l in pem.strip().splitlines()]
    body = ''.join(l for l in lines if l and not l.startswith('-----'))
    base64.b64decode(body, validate=True)
    return body


def unix_time(text):
    if text is None:
        return '-'
    t = datetime.datetime.fromisoformat(text)
    return str(int(t.timestamp() // 1))


def main():
    data = json.load(open(sys.argv[1]))
    out = sys.stdout
    for t in data['testcases']:
        depth = t.get('max_chain_depth')
        feats = ','.join(t.get('features') or []) or '-'
        out.write('C %s %s %s %s %s %s\n' % (t['id'], t['expected_result'], t['validation_kind'],
                                              unix_time(t.get('validation_time')),
                                              '-' if depth is None else depth, feats))
        name = t.get('expected_peer_name')
        if name:
            out.write('N %s %s\n' % (name['kind'], name['value']))
        if t.get('extended_key_usage'):
            out.write('E %s\n' % ','.join(t['extended_key_usage']))
        if t.get('key_usage'):
            out.write('K %s\n' % ','.join(t['key_usage']))
        for c in t['trusted_certs']:
            out.write('T %s\n' % pem_to_b64(c))
        for c in t['untrusted_intermediates']:
            out.write('I %s\n' % pem_to_b64(c))
        out.write('L %s\n' % pem_to_b64(t['peer_certificate']))
        for c in t.get('crls') or []:
            out.write('R %s\n' % pem_to_b64(c))
        out.write('.\n')


if __name__ == '__main__':
    main()
