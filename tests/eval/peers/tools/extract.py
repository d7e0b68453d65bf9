#!/usr/bin/env python3
"""Extract Presidio's and gitleaks' own test cases into JSONL evaluation data.

Usage:
    python3 extract.py <presidio-git-dir> <gitleaks-git-dir> [--rev REV] [--out DIR]

Both arguments are (bare) git directories; files are read with `git show REV:path`
(REV defaults to HEAD for both; --presidio-rev / --gitleaks-rev override).  Output is
deterministic: presidio.jsonl, gitleaks.jsonl and stats.json in DIR (default: the
directory above this script, i.e. tests/eval/peers/).

Presidio: every `@pytest.mark.parametrize` table of the pattern-recognizer tests is
parsed with Python's `ast`; cases are evaluated with a restricted literal evaluator.
Python character offsets are converted to UTF-8 byte offsets.

gitleaks: cmd/generate/config/rules/*.go are tokenized and the rule functions are
interpreted with a tiny evaluator for the subset of Go they use (string literals,
`+`, []string{...}, map[string]string{...}, append(...), fmt.Sprintf("%s"...),
utils.GenerateSampleSecret(s) whose templates are read from
cmd/generate/config/utils/generate.go, and the deterministic JWT-base64 generator).
Anything derived from secrets.NewSecret(...) (random generation) cannot be reproduced
without running Go and is skipped and counted.
"""
import argparse
import ast
import base64
import json
import os
import re
import subprocess
import sys
from collections import Counter, OrderedDict, defaultdict


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir=" + gitdir, *args], check=True,
                          stdout=subprocess.PIPE).stdout


def git_show(gitdir, rev, path):
    return git(gitdir, "show", "%s:%s" % (rev, path))


def git_ls(gitdir, rev, prefix):
    out = git(gitdir, "ls-tree", "-r", "--name-only", rev, "--", prefix).decode()
    return sorted(l for l in out.splitlines() if l)


def byte_off(text, i):
    return len(text[:i].encode("utf-8"))


# --------------------------------------------------------------------------------------
# Presidio
# --------------------------------------------------------------------------------------

PRESIDIO_TEST_DIR = "presidio-analyzer/tests/"

# Test files that are not tests of a deterministic predefined recognizer: ML/NER model
# wrappers, remote services, and framework/unit tests.  Skipped as whole files.
PRESIDIO_SKIP_FILES = {
    "test_ahds_recognizer.py": "remote Azure Health Data Services recognizer (mocked service)",
    "test_ahds_recognizer_credential_selection.py": "Azure credential selection unit tests",
    "test_azure_ai_language_recognizer.py": "remote Azure AI Language recognizer (mocked service)",
    "test_azure_openai_langextract_recognizer.py": "LLM (langextract) recognizer, mocked",
    "test_basic_langextract_recognizer.py": "LLM (langextract) recognizer, mocked",
    "test_entity_recognizer.py": "EntityRecognizer base-class unit tests",
    "test_gliner_recognizer.py": "GLiNER NER model wrapper (mocked)",
    "test_huggingface_ner_recognizer.py": "HuggingFace NER model wrapper (mocked)",
    "test_lm_recognizer.py": "LM recognizer base-class tests (mocked)",
    "test_medical_ner_recognizer.py": "medical NER model wrapper (mocked)",
    "test_pattern_recognizer.py": "PatternRecognizer framework tests with ad-hoc deny lists/regexes",
    "test_recognizer_registry.py": "registry framework tests",
    "test_recognizer_registry_provider.py": "registry framework tests",
    "test_recognizer_result.py": "RecognizerResult unit tests",
    "test_recognizers_loader_utils.py": "loader framework tests",
    "test_yaml_recognizer_models.py": "YAML config model tests",
    "test_spacy_recognizer.py": "spaCy NER model tests (PERSON/DATE_TIME)",
    "test_stanza_recognizer.py": "stanza NER model tests (PERSON/DATE_TIME)",
    "test_transformers_recognizer.py": "transformers NER model tests (PERSON/DATE_TIME)",
}

TEXT_COLS = ("text", "iban")
POS_COLS = ("expected_positions", "expected_position", "expected_res")
SCORE_RANGE_COLS = ("expected_score_ranges",)
SCORE_COLS = ("expected_score", "score", "expected_scores")
STD_COLS = set(TEXT_COLS + POS_COLS + SCORE_RANGE_COLS + SCORE_COLS +
               ("expected_len", "entities", "expected_start", "expected_end"))


class Unevaluable(Exception):
    pass


def py_eval(node, consts):
    """Restricted evaluator: literals, tuples/lists, unary minus, + and * of constants,
    names bound at module level to such values."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.Tuple, ast.List)):
        vals = [py_eval(e, consts) for e in node.elts]
        return tuple(vals) if isinstance(node, ast.Tuple) else vals
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -py_eval(node.operand, consts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)):
        a, b = py_eval(node.left, consts), py_eval(node.right, consts)
        return a + b if isinstance(node.op, ast.Add) else a * b
    if isinstance(node, ast.JoinedStr):
        out = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                out.append(v.value)
            elif isinstance(v, ast.FormattedValue) and v.conversion == -1 and v.format_spec is None:
                x = py_eval(v.value, consts)
                if not isinstance(x, str):
                    raise Unevaluable(ast.unparse(node))
                out.append(x)
            else:
                raise Unevaluable(ast.unparse(node))
        return "".join(out)
    if isinstance(node, ast.Name) and node.id in consts:
        return consts[node.id]
    raise Unevaluable(ast.unparse(node))


def module_consts(tree):
    consts = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name):
            try:
                consts[node.targets[0].id] = py_eval(node.value, consts)
            except Unevaluable:
                pass
    return consts


def module_assign_ast(tree, name):
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name) and node.targets[0].id == name:
            return node.value
    return None


def fixture_entities(tree):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "entities":
            for n in ast.walk(node):
                if isinstance(n, ast.Return):
                    try:
                        return list(ast.literal_eval(n.value))
                    except Exception:
                        return None
    return None


def norm_spans(pos):
    """((s,e),(s,e)) | (s,e) | () -> [[s,e],...]"""
    if pos is None:
        return None
    if isinstance(pos, (tuple, list)) and len(pos) == 2 and all(isinstance(x, int) for x in pos):
        return [list(pos)]
    out = []
    for p in pos:
        if not (isinstance(p, (tuple, list)) and len(p) == 2 and all(isinstance(x, int) for x in p)):
            raise Unevaluable("positions %r" % (pos,))
        out.append(list(p))
    return out


def norm_scores(row):
    """Per-result expected score ranges [[lo, hi], ...] or None.  'max' stays 'max'."""
    for c in SCORE_RANGE_COLS:
        if c in row:
            v = row[c]
            if isinstance(v, (tuple, list)) and len(v) == 2 and not isinstance(v[0], (tuple, list)):
                v = (v,)
            # "max" is the max_score fixture, EntityRecognizer.MAX_SCORE == 1.0
            return [[1.0 if a == "max" else a, 1.0 if b == "max" else b] for a, b in v]
    for c in SCORE_COLS:
        if c in row:
            v = row[c]
            if isinstance(v, (int, float)):
                return [[v, v]]
            if isinstance(v, (tuple, list)):
                return [[s, s] for s in v]
    return None


def assert_len_in_body(fn):
    """For tables without expected_len: `assert len(results) == N` in the test body."""
    for n in ast.walk(fn):
        if isinstance(n, ast.Assert) and isinstance(n.test, ast.Compare):
            t = n.test
            if isinstance(t.left, ast.Call) and ast.unparse(t.left.func) == "len" and \
                    len(t.ops) == 1 and isinstance(t.ops[0], ast.Eq) and \
                    isinstance(t.comparators[0], ast.Constant):
                return t.comparators[0].value
    return None


def extract_presidio(gitdir, rev, stats):
    files = [f for f in git_ls(gitdir, rev, PRESIDIO_TEST_DIR)
             if re.fullmatch(re.escape(PRESIDIO_TEST_DIR) + r"test_[^/]*recognizer[^/]*\.py", f)]
    cases = []
    skipped = stats["presidio_skipped"]
    for path in files:
        base = os.path.basename(path)
        src = git_show(gitdir, rev, path).decode("utf-8")
        tree = ast.parse(src)
        if base in PRESIDIO_SKIP_FILES:
            skipped["files"].append({"file": base, "reason": PRESIDIO_SKIP_FILES[base]})
            continue
        consts = module_consts(tree)
        ents = fixture_entities(tree)
        for fn in tree.body:
            if not (isinstance(fn, ast.FunctionDef) and fn.name.startswith("test")):
                continue
            params = [d for d in fn.decorator_list if isinstance(d, ast.Call)
                      and ast.unparse(d.func).endswith("parametrize")]
            if not params:
                if "analyze(" in ast.unparse(fn):
                    skipped["non_parametrized_tests"].append("%s::%s" % (base, fn.name))
                continue
            for dec in params:
                names = py_eval(dec.args[0], consts)
                cols = [c.strip() for c in (names.split(",") if isinstance(names, str) else names)]
                tcol = next((c for c in cols if c in TEXT_COLS), None)
                table = dec.args[1]
                if isinstance(table, ast.Name):
                    table = module_assign_ast(tree, table.id)
                    if table is None:
                        raise SystemExit("unresolved table name in %s" % base)
                rows = table.elts
                if tcol is None or ".analyze(" not in ast.unparse(fn):
                    skipped["validator_tables"].append(
                        {"test": "%s::%s" % (base, fn.name), "columns": cols, "cases": len(rows)})
                    continue
                body_len = assert_len_in_body(fn) if "expected_len" not in cols else None
                for idx, el in enumerate(rows):
                    if isinstance(el, ast.Call) and ast.unparse(el.func) == "pytest.param":
                        el = ast.Tuple(elts=el.args)
                    try:
                        vals = py_eval(el, consts)
                        if not isinstance(vals, tuple):
                            vals = (vals,)
                        if len(vals) != len(cols):
                            raise Unevaluable("arity")
                        row = dict(zip(cols, vals))
                        text = row[tcol]
                        if not isinstance(text, str):
                            raise Unevaluable("text not str")
                        spans = None
                        for c in POS_COLS:
                            if c in row:
                                spans = norm_spans(row[c])
                        if "expected_start" in row:
                            spans = [[row["expected_start"], row["expected_end"]]]
                        if "expected_len" in row:
                            n = row["expected_len"]
                        elif spans is not None:
                            n = len(spans)
                        elif body_len is not None:
                            n = body_len
                        else:
                            raise Unevaluable("no expected count")
                        if "entities" in row:
                            elist = list(row["entities"])
                        else:
                            elist = ents
                        if not elist:
                            raise Unevaluable("no entity")
                        entity = sorted(set(elist))
                        if len(entity) != 1:
                            raise Unevaluable("multiple entities %r" % entity)
                        entity = entity[0]
                    except Unevaluable as e:
                        skipped["unevaluable_cases"].append(
                            {"test": "%s::%s" % (base, fn.name), "index": idx, "why": str(e)})
                        continue
                    positive = n > 0
                    spans_known = True
                    if not positive:
                        spans = []
                    elif spans is None:
                        spans, spans_known = [], False
                    for s, e in spans:
                        if not (0 <= s <= e <= len(text)):
                            raise SystemExit("bad span %r in %s %r" % ((s, e), base, text))
                    rec = OrderedDict()
                    rec["source"] = "presidio"
                    rec["file"] = base
                    rec["test"] = fn.name
                    rec["case"] = idx
                    rec["entity"] = entity
                    rec["text"] = text
                    rec["spans"] = [[byte_off(text, s), byte_off(text, e)] for s, e in spans]
                    rec["positive"] = positive
                    rec["expected_count"] = n
                    rec["spans_known"] = spans_known
                    scores = norm_scores(row) if positive else None
                    if scores is not None:
                        rec["scores"] = scores
                    extra = {c: row[c] for c in cols if c not in STD_COLS}
                    if extra:
                        rec["params"] = extra
                    cases.append(rec)
    return cases


# --------------------------------------------------------------------------------------
# gitleaks: a tiny Go tokenizer + evaluator for the rule files
# --------------------------------------------------------------------------------------

GO_RULES_DIR = "cmd/generate/config/rules/"
GO_GENERATE = "cmd/generate/config/utils/generate.go"

_ESC = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}
_OPS = sorted("""... := ::= && || <- ++ -- == != <= >= += -= *= /= %= &= |= ^= << >> &^
 + - * / % & | ^ < > = ! ( ) [ ] { } , ; . : ~""".split(), key=len, reverse=True)


def go_unquote(body):
    """Interpreted Go string literal body (between quotes) -> bytes."""
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        n = body[i + 1]
        if n in _ESC:
            out.append(_ESC[n]); i += 2
        elif n == "x":
            out.append(int(body[i + 2:i + 4], 16)); i += 4
        elif n in "uU":
            k = 4 if n == "u" else 8
            out += chr(int(body[i + 2:i + 2 + k], 16)).encode("utf-8"); i += 2 + k
        elif n in "01234567":
            out.append(int(body[i + 1:i + 4], 8)); i += 4
        else:
            raise ValueError("bad escape \\%s" % n)
    return bytes(out)


def go_tokenize(src):
    toks = []  # (kind, value, line)
    i, line, n = 0, 1, len(src)

    def semi_needed():
        if not toks:
            return False
        k, v, _ = toks[-1]
        return k in ("ident", "str", "num", "rune") and v not in () or \
            (k == "op" and v in (")", "]", "}", "++", "--"))

    while i < n:
        c = src[i]
        if c == "\n":
            if semi_needed() and not (toks[-1][0] == "ident" and toks[-1][1] in ("func",)):
                toks.append(("op", ";", line))
            line += 1; i += 1; continue
        if c in " \t\r":
            i += 1; continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if src.startswith("/*", i):
            j = src.index("*/", i + 2)
            nl = src.count("\n", i, j)
            if nl and semi_needed():
                toks.append(("op", ";", line))
            line += nl; i = j + 2; continue
        if c == "`":
            j = src.index("`", i + 1)
            raw = src[i + 1:j].replace("\r", "")
            toks.append(("str", raw.encode("utf-8"), line))
            line += src.count("\n", i, j); i = j + 1; continue
        if c == '"':
            j = i + 1
            while src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            toks.append(("str", go_unquote(src[i + 1:j]), line)); i = j + 1; continue
        if c == "'":
            j = i + 1
            while src[j] != "'":
                j += 2 if src[j] == "\\" else 1
            toks.append(("rune", src[i + 1:j], line)); i = j + 1; continue
        m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", src[i:i + 200])
        if m:
            toks.append(("ident", m.group(0), line)); i += len(m.group(0)); continue
        m = re.match(r"(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9]*)?([eE][+-]?[0-9]+)?)", src[i:i + 100])
        if m and m.group(0):
            toks.append(("num", m.group(0), line)); i += len(m.group(0)); continue
        for op in _OPS:
            if src.startswith(op, i):
                toks.append(("op", op, line)); i += len(op); break
        else:
            raise ValueError("unexpected char %r at line %d" % (c, line))
    if semi_needed():
        toks.append(("op", ";", line))
    toks.append(("eof", None, line))
    return toks


class Unknown:
    """A value that cannot be reproduced without running Go (random generation etc.)."""
    def __init__(self, why):
        self.why = why

    def __repr__(self):
        return "Unknown(%s)" % self.why


class GStr:
    """A Go string with provenance: 'literal' or 'sample:<template name>'."""
    def __init__(self, b, origin="literal"):
        self.b, self.origin = b, origin


class Node:
    def __init__(self, kind, **kw):
        self.kind = kind
        self.__dict__.update(kw)


class GoParser:
    def __init__(self, toks):
        self.t, self.i = toks, 0

    def peek(self, k=0):
        return self.t[self.i + k]

    def at(self, v, k=0):
        tk = self.t[self.i + k]
        return tk[0] in ("op", "ident") and tk[1] == v

    def next(self):
        tk = self.t[self.i]; self.i += 1; return tk

    def expect(self, v):
        tk = self.next()
        if tk[1] != v:
            raise SyntaxError("expected %r got %r at line %d" % (v, tk[1], tk[2]))
        return tk

    def skip_semis(self):
        while self.at(";"):
            self.i += 1

    # --- types -------------------------------------------------------------------------
    def parse_type(self):
        if self.at("*"):
            self.next(); return ("ptr", self.parse_type())
        if self.at("["):
            self.next()
            if self.at("]"):
                self.next(); return ("slice", self.parse_type())
            n = self.next()  # array length
            self.expect("]"); return ("array", n[1], self.parse_type())
        if self.at("map"):
            self.next(); self.expect("["); k = self.parse_type(); self.expect("]")
            return ("map", k, self.parse_type())
        if self.at("func"):
            self.next(); self.skip_balanced("(", ")")
            if self.at("("):
                self.skip_balanced("(", ")")
            elif not self.at("{") and not self.at(",") and not self.at(")"):
                self.parse_type()
            return ("func",)
        if self.at("struct") or self.at("interface"):
            self.next(); self.skip_balanced("{", "}"); return ("struct",)
        tk = self.next()
        if tk[0] != "ident":
            raise SyntaxError("type expected at line %d: %r" % (tk[2], tk[1]))
        name = tk[1]
        if self.at(".") and self.peek(1)[0] == "ident":
            self.next(); name += "." + self.next()[1]
        return ("named", name)

    def skip_balanced(self, o, c):
        self.expect(o)
        d = 1
        while d:
            tk = self.next()
            if tk[0] == "eof":
                raise SyntaxError("unbalanced")
            if tk[0] == "op":
                if tk[1] in "([{":
                    d += 1
                elif tk[1] in ")]}":
                    d -= 1

    # --- expressions -------------------------------------------------------------------
    def parse_expr(self, no_lit=False):
        left = self.parse_unary(no_lit)
        while self.peek()[0] == "op" and self.peek()[1] in (
                "+", "-", "*", "/", "%", "|", "&", "^", "<<", ">>", "&^",
                "==", "!=", "<", "<=", ">", ">=", "&&", "||"):
            op = self.next()[1]
            right = self.parse_unary(no_lit)
            left = Node("bin", op=op, l=left, r=right)
        return left

    def parse_unary(self, no_lit):
        if self.peek()[0] == "op" and self.peek()[1] in ("&", "*", "-", "!", "^", "+", "<-"):
            op = self.next()[1]
            return Node("unary", op=op, x=self.parse_unary(no_lit))
        return self.parse_primary(no_lit)

    def parse_elements(self):
        self.expect("{")
        elems = []
        self.skip_semis()
        while not self.at("}"):
            if self.at("{"):
                v = Node("complit", typ=None, elems=self.parse_elements())
            else:
                v = self.parse_expr()
            if self.at(":"):
                self.next()
                if self.at("{"):
                    val = Node("complit", typ=None, elems=self.parse_elements())
                else:
                    val = self.parse_expr()
                elems.append((v, val))
            else:
                elems.append((None, v))
            if self.at(","):
                self.next()
            self.skip_semis()
        self.expect("}")
        return elems

    def parse_primary(self, no_lit):
        tk = self.peek()
        if tk[0] == "str":
            self.next(); x = Node("str", b=tk[1])
        elif tk[0] == "num":
            self.next(); x = Node("num", v=tk[1])
        elif tk[0] == "rune":
            self.next(); x = Node("rune", v=tk[1])
        elif self.at("("):
            self.next(); x = self.parse_expr(); self.expect(")")
        elif self.at("[") or self.at("map"):
            typ = self.parse_type()
            if self.at("{"):
                x = Node("complit", typ=typ, elems=self.parse_elements())
            else:
                x = Node("type", typ=typ)
        elif self.at("func"):
            self.parse_type()
            if self.at("{"):
                self.skip_balanced("{", "}")
            x = Node("funclit")
        elif tk[0] == "ident":
            self.next(); x = Node("ident", name=tk[1])
        else:
            raise SyntaxError("unexpected %r at line %d" % (tk[1], tk[2]))
        while True:
            if self.at(".") and self.peek(1)[0] == "ident":
                self.next(); x = Node("sel", x=x, name=self.next()[1])
            elif self.at(".") and self.at("(", 1):
                self.next(); self.skip_balanced("(", ")"); x = Node("assert", x=x)
            elif self.at("("):
                self.next()
                args, ell = [], False
                self.skip_semis()
                while not self.at(")"):
                    if self.at("[") or self.at("map") or self.at("*"):
                        # type argument (e.g. make([]string, 0)) or expression
                        args.append(self.parse_expr())
                    else:
                        args.append(self.parse_expr())
                    if self.at("..."):
                        self.next(); ell = True
                    if self.at(","):
                        self.next()
                    self.skip_semis()
                self.expect(")")
                x = Node("call", fn=x, args=args, ell=ell)
            elif self.at("["):
                self.next()
                if self.at(":"):
                    self.next(); hi = None if self.at("]") else self.parse_expr()
                    self.expect("]"); x = Node("slice", x=x, lo=None, hi=hi)
                else:
                    idx = self.parse_expr()
                    if self.at(":"):
                        self.next(); hi = None if self.at("]") else self.parse_expr()
                        self.expect("]"); x = Node("slice", x=x, lo=idx, hi=hi)
                    else:
                        self.expect("]"); x = Node("index", x=x, idx=idx)
            elif self.at("{") and not no_lit and x.kind in ("ident", "sel"):
                x = Node("complit", typ=x, elems=self.parse_elements())
            else:
                return x

    # --- statements --------------------------------------------------------------------
    def parse_block(self):
        """Parse `{ stmts }` -> list of statement nodes."""
        self.expect("{")
        stmts = []
        self.skip_semis()
        while not self.at("}"):
            stmts.append(self.parse_stmt())
            self.skip_semis()
        self.expect("}")
        return stmts

    def parse_stmt(self):
        line = self.peek()[2]
        if self.at("return"):
            self.next()
            if self.at(";") or self.at("}"):
                return Node("return", x=None, line=line)
            return Node("return", x=self.parse_expr(), line=line)
        if self.at("var") and self.at("(", 1):
            self.next(); self.next(); self.skip_semis()
            group = []
            while not self.at(")"):
                name = self.next()[1]
                if not self.at("="):
                    self.parse_type()
                x = None
                if self.at("="):
                    self.next(); x = self.parse_expr()
                group.append(Node("assign", names=[name], x=x, line=line))
                self.skip_semis()
            self.next()
            return Node("group", stmts=group, line=line)
        if self.at("var"):
            self.next()
            name = self.next()[1]
            if not self.at("="):
                self.parse_type()
            if self.at("="):
                self.next(); return Node("assign", names=[name], x=self.parse_expr(), line=line)
            return Node("assign", names=[name], x=None, line=line)
        if self.at("for") or self.at("if") or self.at("switch") or self.at("go") or self.at("defer"):
            kw = self.next()[1]
            start = self.i
            # skip header up to the block, then the block; also else-chains
            while not self.at("{"):
                if self.at("("):
                    self.skip_balanced("(", ")")
                elif self.at("[") :
                    self.skip_balanced("[", "]")
                else:
                    self.next()
            self.skip_balanced("{", "}")
            while self.at("else"):
                self.next()
                while not self.at("{"):
                    self.next()
                self.skip_balanced("{", "}")
            return Node("opaque", kw=kw, toks=self.t[start:self.i], line=line)
        # simple statement: expr list [op expr]
        lhs = [self.parse_expr()]
        while self.at(","):
            self.next(); lhs.append(self.parse_expr())
        if self.peek()[0] == "op" and self.peek()[1] in (":=", "=", "+=", "++", "--"):
            op = self.next()[1]
            if op in ("++", "--"):
                return Node("opaque", kw=op, toks=[], line=line)
            rhs = self.parse_expr()
            names = [l.name if l.kind == "ident" else None for l in lhs]
            return Node("assign", names=names, x=rhs, op=op, lhs=lhs, line=line)
        return Node("exprstmt", x=lhs[0], line=line)


def go_parse_file(src):
    p = GoParser(go_tokenize(src))
    funcs, gvars = OrderedDict(), OrderedDict()
    while p.peek()[0] != "eof":
        if p.at("func"):
            p.next()
            if p.at("("):  # method receiver
                p.skip_balanced("(", ")")
            name = p.next()[1]
            p.skip_balanced("(", ")")
            while not p.at("{"):  # result type(s)
                if p.at("("):
                    p.skip_balanced("(", ")")
                else:
                    p.next()
            funcs[name] = p.parse_block()
        elif p.at("var") or p.at("const"):
            p.next()
            if p.at("("):
                p.next(); p.skip_semis()
                while not p.at(")"):
                    name = p.next()[1]
                    if not p.at("="):
                        p.parse_type()
                    if p.at("="):
                        p.next(); gvars[name] = p.parse_expr()
                    p.skip_semis()
                p.next()
            else:
                name = p.next()[1]
                if not p.at("="):
                    p.parse_type()
                if p.at("="):
                    p.next(); gvars[name] = p.parse_expr()
        elif p.at("import"):
            p.next()
            if p.at("("):
                p.skip_balanced("(", ")")
            else:
                while not p.at(";"):
                    p.next()
        elif p.at("type"):
            p.next(); p.next(); p.parse_type()
        else:
            p.next()
    return funcs, gvars


class GoEval:
    def __init__(self, sample_templates, funcs, gvars):
        self.templates = sample_templates  # sorted list of (name, template bytes)
        self.funcs, self.gvars = funcs, gvars
        self.gcache = {}

    def str_of(self, v):
        return v.b if isinstance(v, GStr) else None

    def ev(self, n, env):
        k = n.kind
        if k == "str":
            return GStr(n.b)
        if k == "num":
            return int(n.v.replace("_", ""), 0) if re.fullmatch(r"[0-9_]+|0[xX][0-9a-fA-F_]+", n.v) else float(n.v)
        if k == "ident":
            if n.name in env:
                return env[n.name]
            if n.name == "nil":
                return []
            if n.name in ("true", "false"):
                return n.name == "true"
            if n.name in self.gvars:
                if n.name not in self.gcache:
                    self.gcache[n.name] = Unknown("recursive global")
                    self.gcache[n.name] = self.ev(self.gvars[n.name], {})
                return self.gcache[n.name]
            return Unknown("unbound identifier %s" % n.name)
        if k == "bin":
            l, r = self.ev(n.l, env), self.ev(n.r, env)
            if n.op == "+":
                if isinstance(l, GStr) and isinstance(r, GStr):
                    return GStr(l.b + r.b, l.origin if l.origin != "literal" else r.origin)
                if isinstance(l, Unknown):
                    return l
                if isinstance(r, Unknown):
                    return r
                if isinstance(l, (int, float)) and isinstance(r, (int, float)):
                    return l + r
            return Unknown("operator %s" % n.op)
        if k == "complit":
            typ = n.typ
            keyed = any(kk is not None for kk, _ in n.elems)
            if isinstance(typ, tuple) and typ[0] == "map" or (typ is None and keyed) or \
                    (isinstance(typ, Node) and keyed):
                out = OrderedDict()
                for kk, vv in n.elems:
                    key = kk.name if (kk.kind == "ident" and isinstance(typ, Node)) else self.ev(kk, env)
                    if isinstance(key, GStr):
                        key = key.b.decode("utf-8", "replace")
                    out[key if isinstance(key, (str, int)) else repr(key)] = self.ev(vv, env)
                return out
            return [self.ev(vv, env) for _, vv in n.elems]
        if k == "sel":
            base = self.ev(n.x, env) if not (n.x.kind == "ident" and n.x.name not in env
                                             and n.x.name not in self.gvars) else None
            if isinstance(base, dict):
                return base.get(n.name, Unknown("field %s" % n.name))
            return Unknown("selector %s" % n.name)
        if k == "call":
            return self.call(n, env)
        if k == "unary":
            x = self.ev(n.x, env)
            if n.op == "&":
                return x
            if n.op == "-" and isinstance(x, (int, float)):
                return -x
            return Unknown("unary %s" % n.op)
        return Unknown("expression kind %s" % k)

    def fname(self, fn):
        if fn.kind == "ident":
            return fn.name
        if fn.kind == "sel" and fn.x.kind == "ident":
            return fn.x.name + "." + fn.name
        if fn.kind == "sel":
            inner = self.fname(fn.x)
            return (inner + "." + fn.name) if inner else None
        return None

    def call(self, n, env):
        name = self.fname(n.fn)
        args = [self.ev(a, env) for a in n.args]
        if name == "append":
            base = args[0] if isinstance(args[0], list) else ([] if args[0] is None else None)
            if base is None:
                return Unknown("append to non-list")
            rest = []
            if n.ell:
                rest.extend(args[1:-1])
                last = args[-1]
                rest.extend(last if isinstance(last, list) else [last])
            else:
                rest.extend(args[1:])
            return list(base) + rest
        if name == "secrets.NewSecret":
            return Unknown("random: secrets.NewSecret")
        if name == "newPlausibleSecret":
            return Unknown("random: newPlausibleSecret")
        if name in ("utils.GenerateSampleSecrets", "utils.GenerateSampleSecret"):
            ident, secret = args[0], args[1]
            if not isinstance(ident, GStr):
                return Unknown("identifier not constant")
            if name == "utils.GenerateSampleSecret":
                if isinstance(secret, Unknown):
                    return secret
                return GStr(b"%s_api_token = \"%s\"" % (ident.b, secret.b), "sample:GenerateSampleSecret")
            out = []
            for tname, tmpl in self.templates:
                if isinstance(secret, Unknown):
                    out.append(Unknown(secret.why))
                    continue
                s = tmpl.replace(b"{i}", ident.b).replace(b"{I}", ident.b.upper()).replace(b"{s}", secret.b)
                out.append(GStr(s, "sample:" + tname))
            return out
        if name == "fmt.Sprintf":
            fmt_, rest = args[0], args[1:]
            if not isinstance(fmt_, GStr):
                return Unknown("format not constant")
            for a in rest:
                if isinstance(a, Unknown):
                    return a
            parts = re.split(rb"(%[sdvq%])", fmt_.b)
            out, ai = b"", 0
            for p in parts:
                if p == b"%%":
                    out += b"%"
                elif re.fullmatch(rb"%[sdvq]", p):
                    a = rest[ai]; ai += 1
                    if p == b"%q" or not isinstance(a, (GStr, int)):
                        return Unknown("unsupported Sprintf verb/arg")
                    out += a.b if isinstance(a, GStr) else str(a).encode()
                elif b"%" in p:
                    return Unknown("unsupported Sprintf verb")
                else:
                    out += p
            return GStr(out)
        if name in ("utils.AlphaNumeric", "utils.Hex", "utils.Numeric", "utils.AlphaNumericExtended",
                    "utils.AlphaNumericExtendedShort", "utils.AlphaNumericExtendedLong"):
            cls = {"utils.AlphaNumeric": b"[a-z0-9]", "utils.Hex": b"[a-f0-9]", "utils.Numeric": b"[0-9]",
                   "utils.AlphaNumericExtended": b"[a-z0-9=_\\-]",
                   "utils.AlphaNumericExtendedShort": b"[a-z0-9_-]",
                   "utils.AlphaNumericExtendedLong": b"[a-z0-9\\/=_\\+\\-]"}[name]
            return GStr(cls + b"{" + args[0].b + b"}") if isinstance(args[0], GStr) else Unknown("size")
        if name == "utils.Hex8_4_4_4_12":
            return GStr(b"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        if name == "strings.ToUpper" and isinstance(args[0], GStr):
            return GStr(args[0].b.upper())
        if name == "strings.Repeat" and isinstance(args[0], GStr) and isinstance(args[1], int):
            return GStr(args[0].b * args[1])
        if name == "generateTestValues":
            return jwt_base64_values(self, self.funcs["generateTestValues"])
        if name in ("regexp.MustCompile", "utils.GenerateUniqueTokenRegex", "utils.GenerateSemiGenericRegex",
                    "utils.MergeRegexps"):
            return Unknown("regex")
        for a in flatten(args):
            if isinstance(a, Unknown) and a.why.startswith("random"):
                return a
        return Unknown("call %s" % name)

    def run_rule_func(self, body):
        """Execute a rule function body; return (rule_id, validate_kind, tps, fps, notes)."""
        env, notes = {}, []
        flat = []
        for st in body:
            flat.extend(st.stmts if st.kind == "group" else [st])
        for st in flat:
            if st.kind == "assign":
                if st.x is None:
                    for nm in st.names:
                        env[nm] = []
                    continue
                if len(st.names) != 1 or st.names[0] is None:
                    continue
                if getattr(st, "op", "=") == "+=":
                    continue
                env[st.names[0]] = self.ev(st.x, env)
            elif st.kind == "opaque":
                notes.append("opaque %s statement at line %d" % (st.kw, st.line))
            elif st.kind == "return" and st.x is not None and st.x.kind == "call":
                name = self.fname(st.x.fn)
                if name in ("utils.Validate", "utils.ValidateWithPaths"):
                    rule = self.ev(st.x.args[0], env)
                    rid = rule.get("RuleID") if isinstance(rule, dict) else None
                    tps = self.ev(st.x.args[1], env)
                    fps = self.ev(st.x.args[2], env)
                    return (rid.b.decode() if isinstance(rid, GStr) else None, name, tps, fps, notes)
        return None


def jwt_base64_values(ev, body):
    """Reproduce rules/jwt.go generateTestValues(): for each header (key, value) it builds
    base64url(`{"key":value}`) + jwtSuffix and encodes that with Std, RawStd, URL and RawURL
    base64.  Go iterates the map in random order; we emit keys sorted."""
    src_toks = [t for st in body if st.kind == "opaque" for t in st.toks]
    needed = {"RawURLEncoding", "StdEncoding", "RawStdEncoding", "URLEncoding", "Sprintf"}
    if not needed <= {t[1] for t in src_toks if t[0] == "ident"}:
        return Unknown("generateTestValues changed shape")
    env = {}
    for st in body:
        if st.kind == "assign" and st.x is not None and st.names and st.names[0]:
            env[st.names[0]] = ev.ev(st.x, env)
    suffix, headers = env.get("jwtSuffix"), env.get("headers")
    if not isinstance(suffix, GStr) or not isinstance(headers, dict):
        return Unknown("generateTestValues changed shape")
    out = []
    for key in sorted(headers):
        for value in headers[key]:
            header = b'{"%s":%s}' % (key.encode(), value.b)
            jwt = base64.urlsafe_b64encode(header).rstrip(b"=") + suffix.b
            std = base64.b64encode(jwt)
            url = base64.urlsafe_b64encode(jwt)
            for enc, name in ((std, "std"), (std.rstrip(b"="), "rawstd"), (url, "url"),
                              (url.rstrip(b"="), "rawurl")):
                out.append(GStr(enc, "generated:base64-%s(%s)" % (name, key)))
    return out


def flatten(v):
    if isinstance(v, list):
        for x in v:
            yield from flatten(x)
    else:
        yield v


def extract_gitleaks(gitdir, rev, stats):
    gen_src = git_show(gitdir, rev, GO_GENERATE).decode("utf-8")
    gfuncs, _ = go_parse_file(gen_src)
    tev = GoEval([], {}, {})
    templates = None
    for st in gfuncs["GenerateSampleSecrets"]:
        if st.kind == "assign" and st.names == ["samples"]:
            templates = tev.ev(st.x, {})
    if not isinstance(templates, dict) or not templates:
        raise SystemExit("could not read GenerateSampleSecrets templates")
    templates = sorted((k, v.b) for k, v in templates.items())
    stats["gitleaks_sample_templates"] = [k for k, _ in templates]

    # parse all rule files first (functions and globals are package-wide)
    files = [f for f in git_ls(gitdir, rev, GO_RULES_DIR) if f.endswith(".go") and not f.endswith("_test.go")]
    allfuncs, allvars, origin = OrderedDict(), OrderedDict(), {}
    for f in files:
        fn, gv = go_parse_file(git_show(gitdir, rev, f).decode("utf-8"))
        for k, v in fn.items():
            allfuncs[k] = v
            origin[k] = os.path.basename(f)
        allvars.update(gv)
    ev = GoEval(templates, allfuncs, allvars)
    cases = []
    sk = stats["gitleaks_skipped"]
    seen_rules = {}
    for fname, body in allfuncs.items():
        res = ev.run_rule_func(body)
        if res is None:
            continue
        rid, vkind, tps, fps, notes = res
        if rid is None:
            raise SystemExit("no RuleID in %s" % fname)
        if rid in seen_rules:
            raise SystemExit("duplicate rule id %s" % rid)
        seen_rules[rid] = fname
        for positive, coll in ((True, tps), (False, fps)):
            if isinstance(coll, dict):
                items = [(path, v) for path, v in coll.items()]
            elif isinstance(coll, list):
                items = [(None, v) for v in flatten(coll)]
            elif isinstance(coll, Unknown):
                sk["cases"][rid + ("/tp" if positive else "/fp")] += 1
                sk["reasons"][coll.why] += 1
                continue
            else:
                raise SystemExit("unexpected collection for %s: %r" % (rid, coll))
            for idx, (path, v) in enumerate(items):
                if isinstance(v, Unknown):
                    sk["cases"][rid + ("/tp" if positive else "/fp")] += 1
                    sk["reasons"][v.why] += 1
                    continue
                if not isinstance(v, GStr):
                    raise SystemExit("non-string case in %s: %r" % (rid, v))
                if v.b == b"":
                    sk["cases"][rid + ("/tp" if positive else "/fp")] += 1
                    sk["reasons"]["empty text (path-only case)"] += 1
                    continue
                try:
                    text = v.b.decode("utf-8")
                except UnicodeDecodeError:
                    sk["cases"][rid + ("/tp" if positive else "/fp")] += 1
                    sk["reasons"]["not valid UTF-8"] += 1
                    continue
                rec = OrderedDict()
                rec["source"] = "gitleaks"
                rec["rule"] = rid
                rec["file"] = origin[fname]
                rec["text"] = text
                rec["positive"] = positive
                rec["origin"] = v.origin
                if path is not None:
                    rec["path"] = path
                cases.append(rec)
    stats["gitleaks_rules"] = sorted(seen_rules)
    return cases


def dedupe(cases, keys):
    """Drop exact repeats (same key fields); first occurrence wins.  Returns (kept, dropped)."""
    seen, kept = set(), []
    for c in cases:
        k = json.dumps([c.get(f) for f in keys], sort_keys=True)
        if k not in seen:
            seen.add(k)
            kept.append(c)
    return kept, len(cases) - len(kept)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("presidio_git")
    ap.add_argument("gitleaks_git")
    ap.add_argument("--presidio-rev", default="HEAD")
    ap.add_argument("--gitleaks-rev", default="HEAD")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    a = ap.parse_args()
    stats = {
        "presidio_commit": git(a.presidio_git, "rev-parse", a.presidio_rev).decode().strip(),
        "gitleaks_commit": git(a.gitleaks_git, "rev-parse", a.gitleaks_rev).decode().strip(),
        "presidio_skipped": {"files": [], "non_parametrized_tests": [], "validator_tables": [],
                             "unevaluable_cases": []},
        "gitleaks_skipped": {"cases": Counter(), "reasons": Counter()},
    }
    pcases = extract_presidio(a.presidio_git, a.presidio_rev, stats)
    gcases = extract_gitleaks(a.gitleaks_git, a.gitleaks_rev, stats)
    pcases, stats["presidio_duplicates_dropped"] = dedupe(
        pcases, ("file", "test", "entity", "text", "spans", "positive", "params"))
    gcases, stats["gitleaks_duplicates_dropped"] = dedupe(gcases, ("rule", "text", "positive", "path"))
    out = os.path.abspath(a.out)
    for name, cases in (("presidio.jsonl", pcases), ("gitleaks.jsonl", gcases)):
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
            for c in cases:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
    pc = defaultdict(lambda: [0, 0])
    for c in pcases:
        pc[c["entity"]][0 if c["positive"] else 1] += 1
    gc = defaultdict(lambda: [0, 0])
    for c in gcases:
        gc[c["rule"]][0 if c["positive"] else 1] += 1
    stats["presidio_counts"] = {k: {"positive": v[0], "negative": v[1]} for k, v in sorted(pc.items())}
    stats["gitleaks_counts"] = {k: {"positive": v[0], "negative": v[1]} for k, v in sorted(gc.items())}
    sk = stats["gitleaks_skipped"]
    stats["gitleaks_skipped"] = {"cases": dict(sorted(sk["cases"].items())),
                                 "reasons": dict(sorted(sk["reasons"].items())),
                                 "total": sum(sk["cases"].values())}
    with open(os.path.join(out, "stats.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(stats, f, indent=1, ensure_ascii=False, sort_keys=False)
        f.write("\n")
    print("presidio: %d cases, gitleaks: %d cases, gitleaks skipped: %d"
          % (len(pcases), len(gcases), stats["gitleaks_skipped"]["total"]), file=sys.stderr)


if __name__ == "__main__":
    main()
