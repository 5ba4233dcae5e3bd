#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Convert the Wycheproof JSON files the crypto tests use into a line format a small C reader parses.

usage: scripts/convert-wycheproof.py SRC_DIR DST_DIR
  SRC_DIR: a Wycheproof checkout's folder holding testvectors_v1/ and LICENSE
  DST_DIR: tests/vectors/wycheproof (gets LICENSE and one <name>.txt per JSON file)

Output format (one record per line, fields separated by single spaces):
  # comment lines
  group name=value ...                  parameters shared by the tests that follow
  test <tcId> <result> name=value ...   result is valid, invalid or acceptable
Values are lowercase hex (bytes) or plain tokens (numbers, names); an empty value is "name=".
"flags=" lists the test's Wycheproof flags joined by commas. Only fields the tests read are kept.
"""
import json
import os
import shutil
import sys

# file name -> (group fields, test fields). A group field is "out=path.to.field" or a plain key.
FILES = {
    "aes_gcm_test.json": (["ivSize", "keySize", "tagSize"], ["key", "iv", "aad", "msg", "ct", "tag"]),
    "aes_ccm_test.json": (["ivSize", "keySize", "tagSize"], ["key", "iv", "aad", "msg", "ct", "tag"]),
    "aes_cbc_pkcs5_test.json": (["ivSize", "keySize"], ["key", "iv", "msg", "ct"]),
    "hmac_sha1_test.json": (["keySize", "tagSize"], ["key", "msg", "tag"]),
    "hmac_sha256_test.json": (["keySize", "tagSize"], ["key", "msg", "tag"]),
    "hmac_sha384_test.json": (["keySize", "tagSize"], ["key", "msg", "tag"]),
    "ecdh_secp256r1_ecpoint_test.json": (["curve"], ["public", "private", "shared"]),
    "x25519_test.json": (["curve"], ["public", "private", "shared"]),
    "ecdsa_secp256r1_sha256_test.json": (["sha", "pub=publicKey.uncompressed"], ["msg", "sig"]),
    "ecdsa_secp384r1_sha384_test.json": (["sha", "pub=publicKey.uncompressed"], ["msg", "sig"]),
    "rsa_signature_2048_sha256_test.json": (
        ["sha", "n=publicKey.modulus", "e=publicKey.publicExponent"], ["msg", "sig"]),
    "rsa_pss_2048_sha256_mgf1_32_test.json": (
        ["sha", "mgfSha", "sLen", "n=publicKey.modulus", "e=publicKey.publicExponent"], ["msg", "sig"]),
    "rsa_pss_2048_sha384_mgf1_48_test.json": (
        ["sha", "mgfSha", "sLen", "n=publicKey.modulus", "e=publicKey.publicExponent"], ["msg", "sig"]),
    "rsa_pkcs1_2048_test.json": (
        ["n=privateKey.modulus", "e=privateKey.publicExponent", "d=privateKey.privateExponent",
         "p=privateKey.prime1", "q=privateKey.prime2"], ["msg", "ct"]),
}


def token(value):
    text = str(value)
    if not text or any(c.isspace() or c == "=" for c in text):
        # Names such as "SHA-256" have no spaces; anything else would break the line format.
        if text:
            raise ValueError("value not representable: %r" % text)
    return text


def lookup(obj, path):
    for part in path.split("."):
        obj = obj[part]
    return obj


def convert(src, dst, name, group_fields, test_fields):
    with open(src) as f:
        data = json.load(f)
    lines = [
        "# Converted from Wycheproof testvectors_v1/%s by scripts/convert-wycheproof.py." % name,
        "# Wycheproof (https://github.com/C2SP/wycheproof), Apache License 2.0: see LICENSE here.",
        "# algorithm %s, %d tests" % (data.get("algorithm", "?"), data.get("numberOfTests", 0)),
    ]
    count = 0
    for group in data["testGroups"]:
        fields = []
        for spec in group_fields:
            out, _, path = spec.partition("=")
            fields.append("%s=%s" % (out, token(lookup(group, path or out))))
        lines.append("group " + " ".join(fields))
        for test in group["tests"]:
            fields = ["test", str(test["tcId"]), test["result"],
                      "flags=" + ",".join(test.get("flags", []))]
            for key in test_fields:
                fields.append("%s=%s" % (key, token(test[key])))
            lines.append(" ".join(fields))
            count += 1
    with open(dst, "w") as f:
        f.write("\n".join(lines) + "\n")
    return count


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src_dir, dst_dir = sys.argv[1], sys.argv[2]
    os.makedirs(dst_dir, exist_ok=True)
    shutil.copyfile(os.path.join(src_dir, "LICENSE"), os.path.join(dst_dir, "LICENSE"))
    for name, (group_fields, test_fields) in sorted(FILES.items()):
        src = os.path.join(src_dir, "testvectors_v1", name)
        dst = os.path.join(dst_dir, name.replace(".json", ".txt"))
        n = convert(src, dst, name, group_fields, test_fields)
        print("%s: %d tests" % (dst, n))


if __name__ == "__main__":
    main()
