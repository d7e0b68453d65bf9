#!/usr/bin/env python3
"""Helper for benches/peers/run.sh: runs and times the peer scanners, records raw results,
and renders the Markdown table. Run by run.sh with the venv's Python; not part of `cargo test`.

Subcommands (each appends one JSON record per measured configuration to --raw):

  inproc TOOL FILE     time TOOL's scan inside this process, after imports, rule loading and a
                       warm-up scan of a 4 KB prefix (TOOL: detect-secrets, presidio,
                       presidio-all; `--once` does one unwarmed scan and records nothing: it is
                       the command whose whole wall time run.sh measures for presidio)
  node-inproc FILE     the same for secretlint, through peers.mjs (run by node)
  wall -- CMD...       time CMD as a whole process (start-up included), N times; stdout of the
                       last run goes to --out and is parsed for the number of findings
  airlock-pieces       Airlock's findings on a file cut into 1 MiB pieces (no per-input cap)
  bench                record Airlock's in-process numbers from the `scan` bench's output
  report               print the Markdown table (stdout) and write it to --md

Only the standard library is imported at the top, so `wall`, `bench` and `report` also run
without the peers installed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WARMUP_BYTES = 4096


# ---------------------------------------------------------------- in-process peers (Python)


def _warmup_text(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read(WARMUP_BYTES)


def run_detect_secrets(path: str, runs: int, warm: bool):
    """detect-secrets: default plugins and filters (`default_settings`), `scan_file`, which is
    single-process (only `scan_files` with several files uses a multiprocessing pool)."""
    from importlib.metadata import version

    from detect_secrets import SecretsCollection
    from detect_secrets.settings import default_settings

    out = []
    with default_settings():
        if warm:
            # Loads the plugins and filters and compiles their regexes.
            with tempfile.NamedTemporaryFile(
                "w", suffix=".txt", delete=False, encoding="utf-8"
            ) as tmp:
                tmp.write(_warmup_text(path))
            try:
                SecretsCollection().scan_file(tmp.name)
            finally:
                os.unlink(tmp.name)
        for _ in range(runs):
            coll = SecretsCollection()
            c0, t0 = time.process_time(), time.perf_counter()
            coll.scan_file(path)
            t1, c1 = time.perf_counter(), time.process_time()
            out.append((t1 - t0, c1 - c0, sum(1 for _ in coll)))
    return version("detect-secrets"), "default plugins + filters, SecretsCollection.scan_file", out


def _presidio_recognizers(all_predefined: bool):
    from presidio_analyzer import PatternRecognizer, RecognizerRegistry

    if all_predefined:
        import inspect

        from presidio_analyzer import predefined_recognizers as pr

        classes = [
            c
            for _, c in inspect.getmembers(pr, inspect.isclass)
            if issubclass(c, PatternRecognizer) and c is not PatternRecognizer
        ]
        recs = []
        for c in classes:
            try:
                recs.append(c())
            except Exception as e:  # noqa: BLE001 - report, keep the others
                print(f"peers.py: presidio: skipping {c.__name__}: {e}", file=sys.stderr)
        note = "all predefined PatternRecognizers"
    else:
        reg = RecognizerRegistry()
        reg.load_predefined_recognizers(languages=["en"])
        # The default English registry also holds SpacyRecognizer (needs an NLP model) and
        # PhoneRecognizer (phonenumbers, not a pattern recognizer); both are left out.
        recs = [r for r in reg.recognizers if isinstance(r, PatternRecognizer)]
        note = "default English PatternRecognizers"
    npat = sum(len(r.patterns) for r in recs)
    return recs, f"{note} ({len(recs)} recognizers, {npat} patterns), no NLP engine"


def run_presidio(path: str, runs: int, warm: bool, all_predefined: bool):
    from importlib.metadata import version

    recs, note = _presidio_recognizers(all_predefined)
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()

    def scan(t: str) -> int:
        n = 0
        for r in recs:
            n += len(r.analyze(t, r.supported_entities, nlp_artifacts=None))
        return n

    if warm:
        scan(text[:WARMUP_BYTES])
    out = []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        n = scan(text)
        t1, c1 = time.perf_counter(), time.process_time()
        out.append((t1 - t0, c1 - c0, n))
    return version("presidio-analyzer"), note, out


def cmd_inproc(a):
    if a.once:
        a.runs = 1
    if a.tool == "detect-secrets":
        ver, note, res = run_detect_secrets(a.file, a.runs, not a.once)
    elif a.tool in ("presidio", "presidio-all"):
        ver, note, res = run_presidio(a.file, a.runs, not a.once, a.tool == "presidio-all")
    else:
        sys.exit(f"peers.py: unknown tool {a.tool}")
    if a.once:
        print(json.dumps({"findings": res[0][2]}))
        return
    record(
        a.raw,
        tool=a.tool,
        version=ver,
        note=note,
        file=a.file,
        timing="in-process",
        runs_s=[r[0] for r in res],
        cpu_s=[r[1] for r in res],
        findings=res[-1][2],
    )


def cmd_node_inproc(a):
    cmd = [a.node, a.script, a.file, str(a.runs)]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.dirname(a.script))
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        sys.exit(f"peers.py: {' '.join(cmd)} failed with exit status {p.returncode}")
    r = json.loads(p.stdout.strip().splitlines()[-1])
    record(
        a.raw,
        tool="secretlint",
        version=r["version"],
        note=r["note"],
        file=a.file,
        timing="in-process",
        runs_s=r["runs_s"],
        cpu_s=r["cpu_s"],
        findings=r["findings"],
    )


# ---------------------------------------------------------------- whole-command wall time


def count_findings(parser: str, text: str) -> int:
    if parser == "airlock":  # JSON lines, one object per input
        return sum(len(json.loads(l)["findings"]) for l in text.splitlines() if l.strip())
    if parser == "detect-secrets":  # a baseline
        return sum(len(v) for v in json.loads(text)["results"].values())
    if parser == "secretlint":  # json formatter: [{filePath, messages: [...]}, ...]
        return sum(len(r.get("messages", [])) for r in json.loads(text))
    if parser == "json-findings":  # peers.py inproc --once
        return json.loads(text.strip().splitlines()[-1])["findings"]
    raise SystemExit(f"peers.py: unknown parser {parser}")


def cmd_wall(a):
    ok = {int(x) for x in a.ok.split(",")}
    walls, cpus = [], []
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(a.runs):
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(out, "wb") as f:
            t0 = time.perf_counter()
            p = subprocess.run(a.command, stdout=f, stderr=subprocess.PIPE, cwd=a.cwd)
            t1 = time.perf_counter()
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode not in ok:
            sys.stderr.write(p.stderr.decode(errors="replace")[-4000:])
            sys.exit(
                f"peers.py: {a.tool}: `{' '.join(a.command)}` exited {p.returncode} "
                f"(expected one of {sorted(ok)})"
            )
        walls.append(t1 - t0)
        cpus.append((ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime))
    text = out.read_text(encoding="utf-8", errors="replace")
    findings = count_findings(a.parser, text)
    # Airlock marks an input whose findings hit its cap (`DEFAULT_MAX_FINDINGS`) as truncated.
    truncated = a.parser == "airlock" and any(
        json.loads(l).get("truncated") for l in text.splitlines() if l.strip()
    )
    if a.file:
        record(
            a.raw,
            tool=a.tool,
            version=a.version,
            note=a.note,
            file=a.file,
            timing="wall",
            runs_s=walls,
            cpu_s=cpus,
            findings=findings,
            truncated=truncated,
        )
    else:  # start-up probe (empty input): print the median, record nothing
        print(f"{statistics.median(walls):.6f}")


def cmd_airlock_pieces(a):
    """Airlock's findings on FILE without its per-input cap: cut FILE into pieces, scan them in
    one `airlock scan` call and print the total."""
    data = Path(a.file).read_bytes()
    with tempfile.TemporaryDirectory(dir=a.tmp) as d:
        paths = []
        for i in range(0, len(data), a.piece):
            p = Path(d) / f"piece-{i // a.piece:04d}.txt"
            p.write_bytes(data[i : i + a.piece])
            paths.append(str(p))
        r = subprocess.run([a.airlock, "scan", "--format", "json", *paths], capture_output=True)
        if r.returncode not in (0, 1):
            sys.stderr.write(r.stderr.decode(errors="replace"))
            sys.exit(f"peers.py: airlock scan of the pieces exited {r.returncode}")
    print(count_findings("airlock", r.stdout.decode()), len(paths))


# ---------------------------------------------------------------- Airlock's own bench


def cmd_bench(a):
    """Airlock in-process numbers: the bench's throughput (same bytes as mixed-8m.txt) and its
    warm latency medians at 1 MB and 100 KB (slices of that corpus at up to 32 offsets)."""
    text = Path(a.stdout).read_text(encoding="utf-8", errors="replace")
    j = {}
    if a.json and Path(a.json).is_file():
        j = json.loads(Path(a.json).read_text())
    m = re.search(r"^\| throughput[^|]*\|\s*([0-9.]+)\s*MB/s", text, re.M)
    thr = float(m.group(1)) if m else j.get("scan_mbps")
    lat = {}
    for label in ("1 MB", "100 KB"):
        m = re.search(rf"^\| latency {label} \(warm, median\)\s*\|\s*([0-9.]+)\s*ms", text, re.M)
        v = float(m.group(1)) if m else j.get("latency_ms", {}).get(label)
        if v is not None:
            lat[label] = v / 1e3
    m = re.search(r"findings on the corpus: (\d+)", text)
    bench_findings = int(m.group(1)) if m else None
    m = re.search(r"detectors: (\d+)", text)
    detectors = m.group(1) if m else "?"
    m = re.search(r"rounds: (\d+)", text)
    rounds = int(m.group(1)) if m else None
    if thr is None:
        print("peers.py: WARNING: no throughput line in the bench output", file=sys.stderr)
    else:
        nbytes = os.path.getsize(a.big)
        record(
            a.raw,
            tool="airlock",
            version=a.version,
            note=f"`scan` bench throughput line ({detectors} detectors, median of {rounds} rounds)",
            file=a.big,
            timing="in-process",
            runs_s=[nbytes / 1e6 / thr],
            cpu_s=None,
            findings=bench_findings,
            median_of=rounds,
        )
    for label, f in (("1 MB", a.mid), ("100 KB", a.small)):
        if label in lat:
            record(
                a.raw,
                tool="airlock",
                version=a.version,
                note=f"`scan` bench latency {label} line (median over {label} slices of the 8 MB corpus, warm)",
                file=f,
                timing="in-process",
                runs_s=[lat[label]],
                cpu_s=None,
                findings=None,
                median_of="up to 32",
            )


# ---------------------------------------------------------------- records and report


def record(raw: str, **kw):
    kw["bytes"] = os.path.getsize(kw["file"])
    with open(raw, "a", encoding="utf-8") as f:
        f.write(json.dumps(kw) + "\n")


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):g} MiB"
    return f"{n / 1024:g} KiB"


def _fmt_mbps(v: float) -> str:
    return f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 10 else f"{v:.1f}"


def cmd_report(a):
    recs = [json.loads(l) for l in Path(a.raw).read_text().splitlines() if l.strip()]
    for r in recs:
        r["median_s"] = statistics.median(r["runs_s"])
        r["mbps"] = r["bytes"] / 1e6 / r["median_s"]
        r["name"] = os.path.basename(r["file"])
    # Airlock reference per (file, timing).
    ref = {(r["name"], r["timing"]): r for r in recs if r["tool"] == "airlock"}
    # Airlock's findings on a file come from the CLI's JSON output (the bench latency rows
    # have none); fill them in for the in-process rows.
    for r in recs:
        if r["tool"] == "airlock" and r["findings"] is None:
            w = ref.get((r["name"], "wall"))
            r["findings"] = w["findings"] if w else None
    order = {"airlock": 0, "secretlint": 1, "detect-secrets": 2, "presidio": 3, "presidio-all": 4}
    recs.sort(key=lambda r: (order.get(r["tool"], 9), -r["bytes"], r["timing"] != "in-process"))

    lines = []
    lines.append(
        "| Tool (version) | What runs | File | Timing | MB/s (median) | Runs (s) | CPU / wall "
        "| Findings | Airlock MB/s (same file, same timing) | Airlock ÷ peer |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for r in recs:
        timing = (
            "in-process (scan only)"
            if r["timing"] == "in-process"
            else "whole command (incl. start-up)"
        )
        runs = ", ".join(f"{x:.3f}" for x in r["runs_s"]) if len(r["runs_s"]) > 1 else (
            f"{r['runs_s'][0]:.4f} (median of {r.get('median_of', '?')})"
        )
        cpu = "–"
        if r.get("cpu_s"):
            cpu = f"{statistics.median(r['cpu_s']) / r['median_s']:.2f}"
        fnd = "–" if r["findings"] is None else f"{r['findings']:,}"
        if r.get("truncated"):
            fnd += " (cap; truncated)"
        if r["tool"] == "airlock":
            ra, ratio = "(reference)", "–"
        else:
            ar = ref.get((r["name"], r["timing"]))
            if ar:
                ra = _fmt_mbps(ar["mbps"])
                ratio = f"**{ar['mbps'] / r['mbps']:,.1f}×**"
            else:
                ra, ratio = "n/a", "n/a"
        lines.append(
            f"| {r['tool']} {r['version']} | {r['note']} | {r['name']} ({_size(r['bytes'])}) "
            f"| {timing} | **{_fmt_mbps(r['mbps'])}** | {runs} | {cpu} | {fnd} | {ra} | {ratio} |"
        )
    md = "\n".join(lines) + "\n"
    if a.notes:
        md += "\n" + Path(a.notes).read_text()
    Path(a.md).parent.mkdir(parents=True, exist_ok=True)
    Path(a.md).write_text(md)
    sys.stdout.write(md)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("inproc")
    p.add_argument("tool")
    p.add_argument("file")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--raw")
    p.add_argument("--once", action="store_true")
    p.set_defaults(fn=cmd_inproc)

    p = sub.add_parser("node-inproc")
    p.add_argument("file")
    p.add_argument("--node", default="node")
    p.add_argument("--script", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--raw", required=True)
    p.set_defaults(fn=cmd_node_inproc)

    p = sub.add_parser("wall")
    p.add_argument("--tool", required=True)
    p.add_argument("--version", default="")
    p.add_argument("--note", default="")
    p.add_argument("--file", help="the input (for the record); omit for a start-up probe")
    p.add_argument("--parser", required=True)
    p.add_argument("--ok", default="0", help="accepted exit statuses, comma-separated")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--raw")
    p.add_argument("--out", required=True)
    p.add_argument("--cwd")
    p.add_argument("command", nargs=argparse.REMAINDER)
    p.set_defaults(fn=cmd_wall)

    p = sub.add_parser("airlock-pieces")
    p.add_argument("--airlock", required=True)
    p.add_argument("--file", required=True)
    p.add_argument("--piece", type=int, default=1 << 20)
    p.add_argument("--tmp")
    p.set_defaults(fn=cmd_airlock_pieces)

    p = sub.add_parser("bench")
    p.add_argument("--stdout", required=True)
    p.add_argument("--json")
    p.add_argument("--version", default="")
    p.add_argument("--big", required=True)
    p.add_argument("--mid", required=True)
    p.add_argument("--small", required=True)
    p.add_argument("--raw", required=True)
    p.set_defaults(fn=cmd_bench)

    p = sub.add_parser("report")
    p.add_argument("--raw", required=True)
    p.add_argument("--md", required=True)
    p.add_argument("--notes")
    p.set_defaults(fn=cmd_report)

    a = ap.parse_args()
    if a.cmd == "wall":
        if a.command[:1] == ["--"]:
            a.command = a.command[1:]
        if not a.command:
            ap.error("wall: no command given")
    a.fn(a)


if __name__ == "__main__":
    main()
