#!/usr/bin/env bash
# Airlock vs peer scanners on the same corpus files: MB/s (median of 3), findings, and the ratio
# Airlock MB/s / peer MB/s. Run by hand from anywhere in the repository:
#
#   bash crates/airlock-classifier/benches/peers/run.sh
#
# Installs the peers under target/peers/ (venv/, node/; skipped when already there), writes the
# corpus to target/peers/corpus/ with the `scan` bench, prints a Markdown table and writes it to
# target/peers/results.md. See README.md beside this file. Not part of `cargo test`.
#
# Environment knobs (all optional):
#   PEERS_RUNS=3                 timed runs per configuration (the table shows the median)
#   PEERS_BENCH_ROUNDS=3         --rounds for the `scan` bench (its throughput is a median of these)
#   PEERS_SKIP_PRESIDIO_ALL=1    leave out the slow "all 90 predefined recognizers" row
#   DETECT_SECRETS_VERSION, PRESIDIO_VERSION, SECRETLINT_VERSION   pinned peer versions
set -Eeuo pipefail # -E: the ERR trap below also fires inside functions and subshells

die() {
    echo "peers/run.sh: ERROR: $*" >&2
    exit 1
}
step() { echo "==> $*" >&2; }
trap 'echo "peers/run.sh: ERROR: exit status $? at line $LINENO: $BASH_COMMAND" >&2' ERR

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../../.." && pwd)"
[ -f "$ROOT/Cargo.toml" ] && [ -d "$ROOT/crates/airlock-classifier" ] || die "cannot find the repository root from $HERE"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
OUT="$TARGET/peers"
VENV="$OUT/venv"
NODE_DIR="$OUT/node"
CORPUS="$OUT/corpus"
LOGS="$OUT/logs"
RAW="$OUT/raw.jsonl"
RUNS="${PEERS_RUNS:-3}"
BENCH_ROUNDS="${PEERS_BENCH_ROUNDS:-3}"

DETECT_SECRETS_VERSION="${DETECT_SECRETS_VERSION:-1.5.0}"
PRESIDIO_VERSION="${PRESIDIO_VERSION:-2.2.366}"
# secretlint 12.1+ requires Node >= 22; 12.0.0 is the newest that supports Node 20.
SECRETLINT_VERSION="${SECRETLINT_VERSION:-12.0.0}"

for c in cargo python3 node npm; do
    command -v "$c" >/dev/null || die "'$c' is not on PATH (needed: Rust toolchain, Python 3 with venv, Node >= 20 with npm)"
done
mkdir -p "$OUT" "$LOGS"

# Offline and single-process settings for every peer.
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="" # presidio's e-mail validator: bundled suffix list, no fetch
export TLDEXTRACT_CACHE="$OUT/tldextract-cache"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 # no model downloads, ever
export PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# ------------------------------------------------------------------------- installs (idempotent)
PY="$VENV/bin/python"
python_ok() {
    [ -x "$PY" ] && "$PY" - "$DETECT_SECRETS_VERSION" "$PRESIDIO_VERSION" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version
assert version("detect-secrets") == sys.argv[1], "detect-secrets"
assert version("presidio-analyzer") == sys.argv[2], "presidio-analyzer"
import detect_secrets, presidio_analyzer  # noqa: F401
EOF
}
if python_ok; then
    step "Python peers already installed in $VENV"
else
    step "installing detect-secrets $DETECT_SECRETS_VERSION and presidio-analyzer $PRESIDIO_VERSION into $VENV"
    [ -x "$PY" ] || python3 -m venv "$VENV" >"$LOGS/venv.log" 2>&1 ||
        die "python3 -m venv $VENV failed (on Debian: apt-get install python3-venv); see $LOGS/venv.log"
    if ! "$PY" -m pip install "detect-secrets==$DETECT_SECRETS_VERSION" "presidio-analyzer==$PRESIDIO_VERSION" \
        >"$LOGS/pip.log" 2>&1; then
        tail -20 "$LOGS/pip.log" >&2
        die "pip install of detect-secrets==$DETECT_SECRETS_VERSION presidio-analyzer==$PRESIDIO_VERSION failed; full log: $LOGS/pip.log"
    fi
    python_ok || die "Python peers installed but do not import with the pinned versions; see $LOGS/pip.log"
fi

node_ok() {
    [ -d "$NODE_DIR/node_modules" ] && (cd "$NODE_DIR" && node -e '
        const v = process.argv[1];
        for (const p of ["secretlint", "@secretlint/core", "@secretlint/secretlint-rule-preset-recommend"]) {
            if (require(p + "/package.json").version !== v) process.exit(1);
        }' "$SECRETLINT_VERSION") 2>/dev/null
}
if node_ok; then
    step "secretlint already installed in $NODE_DIR"
else
    step "installing secretlint $SECRETLINT_VERSION + @secretlint/secretlint-rule-preset-recommend into $NODE_DIR"
    mkdir -p "$NODE_DIR"
    [ -f "$NODE_DIR/package.json" ] || printf '{ "name": "airlock-peers", "private": true }\n' >"$NODE_DIR/package.json"
    # --ignore-scripts: nothing may download binaries or browsers at install time.
    if ! (cd "$NODE_DIR" && npm install --no-audit --no-fund --ignore-scripts --save-exact \
        "secretlint@$SECRETLINT_VERSION" "@secretlint/core@$SECRETLINT_VERSION" \
        "@secretlint/secretlint-rule-preset-recommend@$SECRETLINT_VERSION") >"$LOGS/npm.log" 2>&1; then
        tail -20 "$LOGS/npm.log" >&2
        die "npm install of secretlint@$SECRETLINT_VERSION failed; full log: $LOGS/npm.log"
    fi
    node_ok || die "secretlint installed but the versions do not match $SECRETLINT_VERSION; see $LOGS/npm.log"
fi
cp "$HERE/peers.mjs" "$NODE_DIR/peers.mjs"
SECRETLINT="$NODE_DIR/node_modules/.bin/secretlint"
SECRETLINTRC='{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}'

# ------------------------------------------------------------------------- Airlock, corpus
step "building airlock (cargo build --release -p airlock-cli)"
(cd "$ROOT" && cargo build --release -p airlock-cli) >"$LOGS/cargo-build.log" 2>&1 ||
    { tail -30 "$LOGS/cargo-build.log" >&2; die "cargo build --release -p airlock-cli failed; see $LOGS/cargo-build.log"; }
AIRLOCK="$TARGET/release/airlock"
[ -x "$AIRLOCK" ] || die "$AIRLOCK not found after the build"
AIRLOCK_VERSION="$("$AIRLOCK" --version | awk '{print $2}')"

step "writing the corpus and measuring Airlock in-process (cargo bench -p airlock-classifier --bench scan; the first build takes ~1 minute)"
rm -f "$OUT/airlock-bench.json"
# Absolute paths: cargo runs benches with the crate directory as the working directory.
(cd "$ROOT" && cargo bench -p airlock-classifier --bench scan -- \
    --size-mb 8 --rounds "$BENCH_ROUNDS" --write-corpus "$CORPUS" --json "$OUT/airlock-bench.json") \
    >"$OUT/airlock-bench.txt" 2>"$LOGS/cargo-bench.log" ||
    { tail -30 "$LOGS/cargo-bench.log" >&2; die "the scan bench failed; see $LOGS/cargo-bench.log"; }
BIG="$CORPUS/mixed-8m.txt"
MID="$CORPUS/mixed-1m.txt"
SMALL="$CORPUS/mixed-100k.txt"
for f in "$BIG" "$MID" "$SMALL"; do [ -s "$f" ] || die "the bench did not write $f"; done
EMPTY="$CORPUS/empty.txt"
: >"$EMPTY"

rm -f "$RAW"
P=("$PY" "$HERE/peers.py")
"${P[@]}" bench --stdout "$OUT/airlock-bench.txt" --json "$OUT/airlock-bench.json" \
    --version "$AIRLOCK_VERSION" --big "$BIG" --mid "$MID" --small "$SMALL" --raw "$RAW"

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------------- measurements
airlock_wall() {
    "${P[@]}" wall --tool airlock --version "$AIRLOCK_VERSION" --note "\`airlock scan --format json\` (CLI)" \
        --file "$1" --parser airlock --ok 0,1 --runs "$RUNS" --raw "$RAW" --out "$OUT/out/airlock-$(basename "$1").json" \
        -- "$AIRLOCK" scan --format json "$1"
}
secretlint_wall() {
    "${P[@]}" wall --tool secretlint --version "$SECRETLINT_VERSION" --note "\`secretlint --format json\` (CLI) + preset-recommend" \
        --file "$1" --parser secretlint --ok 0,1 --runs "$RUNS" --raw "$RAW" --out "$OUT/out/secretlint-$(basename "$1").json" \
        --cwd "$NODE_DIR" -- "$SECRETLINT" --no-glob --no-color --format json --secretlintrcJSON "$SECRETLINTRC" "$1"
}

step "Airlock CLI, whole command ($RUNS runs each)"
airlock_wall "$BIG"
airlock_wall "$MID"
airlock_wall "$SMALL"
# Airlock reports at most DEFAULT_MAX_FINDINGS (10,000) findings per input; count without the cap.
PIECES="$("${P[@]}" airlock-pieces --airlock "$AIRLOCK" --file "$BIG" --tmp "$OUT")"
read -r PIECES_FINDINGS PIECES_N <<<"$PIECES"

step "secretlint in-process and whole command, 8 MiB and 1 MiB"
for f in "$BIG" "$MID"; do
    "${P[@]}" node-inproc "$f" --script "$NODE_DIR/peers.mjs" --runs "$RUNS" --raw "$RAW"
    secretlint_wall "$f"
done

step "detect-secrets in-process and whole command, 1 MiB (slow: ~10 s per run)"
"${P[@]}" inproc detect-secrets "$MID" --runs "$RUNS" --raw "$RAW"
"${P[@]}" wall --tool detect-secrets --version "$DETECT_SECRETS_VERSION" --note "\`detect-secrets -c 1 scan -n\` (CLI)" \
    --file "$MID" --parser detect-secrets --runs "$RUNS" --raw "$RAW" --out "$OUT/out/detect-secrets-mixed-1m.json" \
    --cwd "$CORPUS" -- "$VENV/bin/detect-secrets" -c 1 scan -n "$MID"

step "presidio-analyzer pattern recognizers in-process and whole command, 1 MiB"
"${P[@]}" inproc presidio "$MID" --runs "$RUNS" --raw "$RAW"
"${P[@]}" wall --tool presidio --version "$PRESIDIO_VERSION" --note "\`python peers.py inproc presidio --once\` (no presidio CLI exists)" \
    --file "$MID" --parser json-findings --runs "$RUNS" --raw "$RAW" --out "$OUT/out/presidio-mixed-1m.json" \
    -- "$PY" "$HERE/peers.py" inproc presidio "$MID" --once
if [ "${PEERS_SKIP_PRESIDIO_ALL:-0}" != 1 ]; then
    step "presidio-analyzer, all predefined pattern recognizers, in-process, 100 KiB"
    "${P[@]}" inproc presidio-all "$SMALL" --runs "$RUNS" --raw "$RAW"
fi

step "start-up probes (empty input, whole command)"
startup() { "${P[@]}" wall --tool "$1" --parser "$2" --ok 0,1 --runs "$RUNS" --out "$OUT/out/startup-$1.txt" "${@:3}"; }
SU_AIRLOCK="$(startup airlock airlock -- "$AIRLOCK" scan --format json "$EMPTY")"
SU_SECRETLINT="$(startup secretlint secretlint --cwd "$NODE_DIR" -- "$SECRETLINT" --no-glob --no-color --format json --secretlintrcJSON "$SECRETLINTRC" "$EMPTY")"
SU_DS="$(startup detect-secrets detect-secrets --cwd "$CORPUS" -- "$VENV/bin/detect-secrets" -c 1 scan -n "$EMPTY")"
SU_PRESIDIO="$(startup presidio json-findings -- "$PY" "$HERE/peers.py" inproc presidio "$EMPTY" --once)"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------------- report
ms() { awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }'; }
NOTES="$OUT/notes.md"
{
    echo "- Generated by \`crates/airlock-classifier/benches/peers/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'):" \
        "$(getconf _NPROCESSORS_ONLN) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), load average $LOAD_BEFORE before the peer runs, $LOAD_AFTER after." \
        "The machine is shared and noisy: absolute MB/s move by ±15 % or more between runs; the ratios are steadier."
    echo "- Every tool is single-threaded / single-process (the CPU / wall column: ≈1.0 means one busy core; Node's GC and JIT threads can push it a little above 1)." \
        "detect-secrets scans a single file with \`scan_file\` (its multiprocessing pool is only used for several files; the CLI also gets \`-c 1\`)."
    echo "- **in-process (scan only)**: timed inside the tool's own process after interpreter start-up, imports, rule loading and a warm-up scan of a 4 KB prefix;" \
        "for Airlock these are the \`scan\` bench's lines (rule-set compilation excluded)." \
        "**whole command**: wall time of the whole process, start-up and output included."
    echo "- Start-up of each whole command on an empty file (median of $RUNS): airlock $(ms "$SU_AIRLOCK") (includes compiling the detectors)," \
        "secretlint $(ms "$SU_SECRETLINT"), detect-secrets $(ms "$SU_DS"), presidio pattern recognizers via peers.py $(ms "$SU_PRESIDIO")."
    echo "- Findings are not comparable one to one: each tool has its own detectors (secretlint: vendor-prefixed secrets only;" \
        "detect-secrets: secrets incl. entropy and keyword heuristics; presidio: PII patterns, every candidate with its score, no threshold)."
    echo "- Airlock reports at most 10,000 findings per input (\`DEFAULT_MAX_FINDINGS\`; its JSON then says \`\"truncated\": true\`) but scans all of it;" \
        "mixed-8m.txt scanned as $PIECES_N pieces of 1 MiB gives $PIECES_FINDINGS findings in total."
    echo "- Airlock's 1 MiB and 100 KiB in-process figures are the bench's warm latency medians over slices of the same 8 MiB corpus" \
        "(mixed-1m.txt and mixed-100k.txt are its first slice); its in-process findings are those of the CLI on the same file."
    echo "- MB/s = 10^6 bytes per second of the file's size in bytes. Raw data: \`$RAW\`; Airlock's full bench output: \`$OUT/airlock-bench.txt\`."
} >"$NOTES"

step "results (also in $OUT/results.md)"
"${P[@]}" report --raw "$RAW" --md "$OUT/results.md" --notes "$NOTES"
