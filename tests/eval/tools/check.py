#!/usr/bin/env python3
"""Verifies every label and negative: file[start:end] == value (byte offsets), known types, no overlaps."""
import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPES = {"email", "phone_number", "credit_card", "iban", "us_ssn", "us_passport", "date_of_birth", "icd10_code",
         "medical_record_number", "marking", "postal_address", "ip_address", "aws_access_key_id",
         "aws_secret_access_key", "github_token", "slack_token", "stripe_key", "openai_api_key", "jwt",
         "private_key", "database_connection_string", "password"}


def load(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def main():
    errors = []
    cache = {}
    spans = collections.defaultdict(list)
    pos, neg = collections.Counter(), collections.Counter()
    decoded = 0
    for fname, key, counter in (("labels.jsonl", "type", pos), ("negatives.jsonl", "looks_like", neg)):
        for n, r in enumerate(load(fname), 1):
            t = r.get(key)
            if t not in TYPES:
                errors.append(f"{fname}:{n}: unknown {key} {t!r}")
            counter[t] += 1
            if r.get("decoded"):
                decoded += 1
                if r.get("start") is not None or not r.get("value"):
                    errors.append(f"{fname}:{n}: decoded label must have null offsets and a value")
                continue
            doc = r["doc"]
            if doc not in cache:
                try:
                    with open(os.path.join(ROOT, doc), "rb") as f:
                        cache[doc] = f.read()
                except OSError as e:
                    errors.append(f"{fname}:{n}: {e}")
                    continue
            data = cache[doc]
            got = data[r["start"]:r["end"]]
            if got != r["value"].encode("utf-8"):
                errors.append(f"{fname}:{n}: {doc}[{r['start']}:{r['end']}] = {got!r}, label says {r['value']!r}")
            spans[doc].append((r["start"], r["end"], fname, n))
    for doc, ss in spans.items():
        ss.sort()
        for a, b in zip(ss, ss[1:]):
            if b[0] < a[1]:
                errors.append(f"{doc}: overlapping spans {a} and {b}")
    docs = os.listdir(os.path.join(ROOT, "docs"))
    size = sum(os.path.getsize(os.path.join(ROOT, "docs", d)) for d in docs)
    print(f"{len(docs)} documents, {size} bytes; {sum(pos.values())} positives ({decoded} decoded-only), {sum(neg.values())} negatives")
    for t in sorted(TYPES):
        print(f"  {t:28s} {pos[t]:5d} positives  {neg[t]:4d} negatives")
    for e in errors[:50]:
        print("ERROR", e)
    if errors:
        print(f"{len(errors)} errors")
        sys.exit(1)


if __name__ == "__main__":
    main()
