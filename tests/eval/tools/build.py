#!/usr/bin/env python3
"""Builds tests/eval/docs/*, labels.jsonl and negatives.jsonl (deterministic; stdlib only).

Every document is produced by a kind module (kinds_*.py) as text with inline span markers
(see gen.py); this driver strips the markers, writes the UTF-8 bytes and records byte offsets.
"""
import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import values as V  # noqa: E402
from gen import S, SEP, E, DEC  # noqa: E402
import kinds_mail  # noqa: E402
import kinds_data  # noqa: E402
import kinds_text  # noqa: E402
import kinds_tech  # noqa: E402
import kinds_ai  # noqa: E402

ROOT = os.path.dirname(HERE)
DOCS = os.path.join(ROOT, "docs")
MARK = re.compile("([%s%s])([^%s]*)%s([^%s]*)%s" % (S, DEC, SEP, SEP, E, E))

# (module function, how many documents)
PLAN = [
    (kinds_mail.email_doc, 62),
    (kinds_data.csv_doc, 40),
    (kinds_text.clinical_doc, 32),
    (kinds_text.legal_doc, 26),
    (kinds_tech.config_doc, 56),
    (kinds_text.chat_doc, 30),
    (kinds_text.ticket_doc, 22),
    (kinds_tech.log_doc, 16),
    (kinds_tech.markdown_doc, 25),
    (kinds_text.hr_letter_doc, 16),
    (kinds_text.order_doc, 20),
    (kinds_ai.ai_doc, 55),
]


def render(doc, text, crlf=False):
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    out = bytearray()
    labels, negs = [], []
    pos = 0
    for m in MARK.finditer(text):
        out += text[pos:m.start()].encode()
        kind, tag, val = m.group(1), m.group(2), m.group(3)
        if kind == DEC:
            labels.append({"doc": doc, "type": tag, "start": None, "end": None, "value": val, "decoded": True})
        else:
            st = len(out)
            out += val.encode()
            if tag.startswith("~"):
                ex = tag.endswith("!")
                rec = {"doc": doc, "looks_like": tag[1:].rstrip("!"), "start": st, "end": len(out), "value": val}
                if ex:
                    rec["example"] = True
                negs.append(rec)
            else:
                labels.append({"doc": doc, "type": tag, "start": st, "end": len(out), "value": val})
        pos = m.end()
    out += text[pos:].encode()
    for ch in (S, SEP, E, DEC):
        assert ch.encode() not in out, (doc, "stray marker")
    return bytes(out), labels, negs


def main():
    if os.path.isdir(DOCS):
        shutil.rmtree(DOCS)
    os.makedirs(DOCS)
    all_labels, all_negs = [], []
    for fn, count in PLAN:
        for i in range(count):
            V.seed("%s:%d" % (fn.__name__, i))
            name, text, crlf = fn(i)
            rel = "docs/" + name
            data, labels, negs = render(rel, text, crlf)
            with open(os.path.join(ROOT, rel), "wb") as f:
                f.write(data)
            all_labels += labels
            all_negs += negs
    with open(os.path.join(ROOT, "labels.jsonl"), "w", encoding="utf-8") as f:
        for r in all_labels:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(ROOT, "negatives.jsonl"), "w", encoding="utf-8") as f:
        for r in all_negs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("docs: %d, labels: %d, negatives: %d" % (sum(c for _, c in PLAN), len(all_labels), len(all_negs)))


if __name__ == "__main__":
    main()
