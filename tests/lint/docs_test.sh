#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs_test: every document the tree cites is in the repository. For each `docs/NAME` reference in a tracked
# file: the file exists; a section number cited after it ("docs/netx-api.md 7.6", "section 10", "sections 5 and
# 11") is a heading of that document; an item of a decision list ("C9", "Q2") is in it; a quoted title
# ("docs/design.md \"The server\"") is a heading. Markdown links between documents resolve, and every repository
# path the documentation shows a reader (files to open, commands to run) exists: in README.md, CHANGELOG.md,
# every other Markdown file (docs/, fuzz/) and the man page docs/nxdtls.1 (read without its roff escapes).
# Nothing cites material outside the repository (the briefing files the project started from, absolute paths
# of the machine). LICENSE is MIT and every source, script and build file carries an MIT SPDX line.
set -euo pipefail
cd "${NXDTLS_SOURCE_DIR:?NXDTLS_SOURCE_DIR is not set}"
exec python3 - "$@" <<'PY'
import os, re, subprocess, sys

# Documents being written by work in progress: cited already, checked as soon as they exist. Remove a name
# once its document has landed.
PENDING = set()
THIS = "tests/lint/docs_test.sh"

try:
    files = subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True).stdout.split()
except (OSError, subprocess.CalledProcessError):
    files = [os.path.relpath(os.path.join(d, f)) for d, _, fs in os.walk(".") if "/." not in d
             and not d.startswith("./build") for f in fs]
TEXT = re.compile(r"(\.(c|h|md|sh|py|txt|cmake|in|tsv|1|yml|yaml)|CMakeLists\.txt|Makefile|Doxyfile|run)$")
files = [f for f in files if TEXT.search(f) and os.path.isfile(f) and f != THIS]

headings = {}
def doc_headings(path):
    if path not in headings:
        with open(path, encoding="utf-8") as fh:
            headings[path] = [l.rstrip("\n") for l in fh if l.startswith("#")]
    return headings[path]

def has_section(path, number):
    pat = re.compile(r"^#+\s+" + re.escape(number) + r"(\.|\s)")
    return any(pat.match(h) for h in doc_headings(path))

def has_title(path, title):
    return any(title.lower() in h.lower() for h in doc_headings(path))

def has_item(path, item):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    return re.search(r"\*\*[^*\n]*\b" + re.escape(item) + r"\b[^*\n]*\*\*", text) is not None

REF = re.compile(r"docs/([A-Za-z0-9_.-]+\.(?:md|1))")
AFTER = re.compile(r"\s*(?:,\s*)?(?:(?:sections?|§)\s*)?(\d+(?:\.\d+)*)(?:\s+and\s+(\d+(?:\.\d+)*))?(?:\s+([CDQ]\d+))?")
ITEM_AFTER = re.compile(r"\s+([CDQ]\d+)\b")
ITEM_BEFORE = re.compile(r"\b([CDQ]\d+) of $")
TITLE = re.compile(r'\s*"([^"\n]{3,60})"')
# Outside the repository: the machine's paths, the briefing documents, and the tracker's issues ("issue 11
# item 6"): say what the rule is, or cite the document that has it.
OUTSIDE = re.compile(r"/work/|\bseeds/|\b(?:DESIGN|NETX_API|STYLE|PEERS)\.md\b|\b[Ii]ssues? #?\d+\b")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
# Paths in the documentation's text and commands (Markdown files, the man page): what a reader is told to open
# or run.
PATH = re.compile(r"(?<![\w./-])((?:tests|examples|scripts|docs|tools|src|include|fuzz|bench|cmake)/[A-Za-z0-9_./-]*[A-Za-z0-9_/])")
# Paths of an installed tree that the documentation names (not files of this repository).
INSTALLED = {"include/nxdtls/"}
ROFF = re.compile(r"\\f[BIRP]|\\&")

failures, checked, pending = [], 0, set()
for f in files:
    try:
        lines = open(f, encoding="utf-8").read().split("\n")
    except UnicodeDecodeError:
        continue
    for n, line in enumerate(lines, 1):
        where = f"{f}:{n}"
        if OUTSIDE.search(line):
            failures.append(f"{where}: cites material outside the repository: {line.strip()[:100]}")
        for m in REF.finditer(line):
            name = m.group(1)
            path = os.path.join("docs", name)
            checked += 1
            if not os.path.isfile(path):
                if name in PENDING:
                    pending.add(name)
                    continue
                failures.append(f"{where}: docs/{name} is not in the repository")
                continue
            if not name.endswith(".md"):
                continue
            rest = line[m.end():] + " " + (lines[n] if n < len(lines) else "")
            sec = AFTER.match(rest)
            numbers = [g for g in (sec.group(1), sec.group(2)) if g] if sec else []
            items = [sec.group(3)] if sec and sec.group(3) else []
            if not numbers:
                it = ITEM_AFTER.match(rest)
                if it:
                    items.append(it.group(1))
            before = ITEM_BEFORE.search(line[:m.start()])
            if before:
                items.append(before.group(1))
            for number in numbers:
                if not has_section(path, number):
                    failures.append(f"{where}: docs/{name} has no section {number}")
            for item in items:
                if not has_item(path, item):
                    failures.append(f"{where}: docs/{name} has no item {item}")
            t = TITLE.match(rest)
            if t and not numbers and not has_title(path, t.group(1)):
                failures.append(f'{where}: docs/{name} has no heading "{t.group(1)}"')
        if f.endswith(".md") or f == "docs/nxdtls.1":
            shown = ROFF.sub("", line).replace("\\-", "-") if f.endswith(".1") else line
            for m in PATH.finditer(shown):
                if m.group(1) in INSTALLED:
                    continue
                target = m.group(1)
                after = shown[m.end():m.end() + 1]
                if after and after in "<*{":
                    continue  # a pattern such as tests/<layer>/..., not a path
                checked += 1
                if not os.path.exists(target) and os.path.basename(target) not in PENDING:
                    failures.append(f"{where}: {target} is not in the repository")
        if f.endswith(".md"):
            for m in LINK.finditer(line):
                target = m.group(1)
                if re.match(r"[a-z]+:", target):
                    continue  # a URL
                resolved = os.path.normpath(os.path.join(os.path.dirname(f), target))
                checked += 1
                if not os.path.exists(resolved):
                    if os.path.dirname(resolved) == "docs" and os.path.basename(resolved) in PENDING:
                        pending.add(os.path.basename(resolved))
                        continue
                    failures.append(f"{where}: link to {target} does not resolve")

# The license: LICENSE is the MIT license, and every source, script and build file says so in an SPDX line at
# its top, as LICENSE and README promise.
with open("LICENSE", encoding="utf-8") as fh:
    if not fh.readline().startswith("MIT License"):
        failures.append("LICENSE: not the MIT license")
SOURCE = re.compile(r"(\.(c|h|sh|cmake)|CMakeLists\.txt)$")
for f in files:
    if SOURCE.search(f) and not f.startswith("tests/vectors/"):
        with open(f, encoding="utf-8", errors="replace") as fh:
            top = "".join(fh.readline() for _ in range(3))
        checked += 1
        if "SPDX-License-Identifier: MIT" not in top:
            failures.append(f"{f}: no 'SPDX-License-Identifier: MIT' line at the top")

for name in sorted(pending):
    print(f"pending: docs/{name} is cited and still being written (PENDING in {THIS})")
for line in failures:
    print(line)
print(f"{checked} references checked in {len(files)} files, {len(failures)} failed")
sys.exit(1 if failures else 0)
PY
