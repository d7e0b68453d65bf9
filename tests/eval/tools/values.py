"""Synthetic value generators with check digits computed from the public specifications.

Every generator draws from the module-level random source `R`, which build.py reseeds per
document so a rebuild is reproducible. Nothing here is a real person's or a real account's data.
"""
import base64
import hashlib
import hmac
import json
import random
import string

R = random.Random(0)


def seed(s):
    R.seed(hashlib.sha256(s.encode()).hexdigest())


UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
ALNUM = UP + LO + DIG
B64 = ALNUM + "+/"


def rs(alpha, n):
    return "".join(R.choice(alpha) for _ in range(n))


# ---------------------------------------------------------------- Luhn
def luhn_check_digit(body):
    """Check digit that makes body+digit pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num):
    digits = [c for c in num if c.isdigit()]
    return luhn_check_digit("".join(digits[:-1])) == digits[-1]


CARD_PREFIX = {
    "visa": (["4"], 16),
    "mc": (["51", "52", "53", "54", "55", "2221", "2300", "2720"], 16),
    "amex": (["34", "37"], 15),
    "disc": (["6011", "65", "644"], 16),
    "jcb": (["3528", "3566", "3589"], 16),
    "diners": (["36"], 14),
}


def card(brand="visa", sep=" "):
    pre, n = CARD_PREFIX[brand]
    p = R.choice(pre)
    body = p + rs(DIG, n - len(p) - 1)
    num = body + luhn_check_digit(body)
    return group_card(num, sep)


def group_card(num, sep=" "):
    if sep is None or sep == "":
        return num
    if len(num) == 15:
        parts = [num[:4], num[4:10], num[10:]]
    elif len(num) == 14:
        parts = [num[:4], num[4:10], num[10:]]
    else:
        parts = [num[i:i + 4] for i in range(0, len(num), 4)]
    return sep.join(parts)


def luhn_number(n, first=None):
    """Any Luhn-valid digit string of length n (used for look-alikes such as tracking numbers)."""
    body = (first or str(R.randint(1, 9))) + rs(DIG, n - 1 - len(first or "x"))
    return body + luhn_check_digit(body)


# ---------------------------------------------------------------- NPI
def npi():
    """NPI: 9 digits starting with 1 or 2, check digit = Luhn over '80840' + 9 digits."""
    body = R.choice("12") + rs(DIG, 8)
    full = "80840" + body
    return body + luhn_check_digit(full)


def npi_ok(v):
    return len(v) == 10 and luhn_ok("80840" + v)


# ---------------------------------------------------------------- IBAN
# country: (length, BBAN pattern) with n=digit, a=upper letter, c=alnum upper
IBAN_FMT = {
    "DE": "n18", "FR": "n10c11n2", "GB": "a4n14", "CH": "n5c12", "NL": "a4n10", "ES": "n20",
    "IT": "a1n10c12", "BE": "n12", "AT": "n16", "PL": "n24", "PT": "n21", "IE": "a4n14",
    "SE": "n20", "NO": "n11", "DK": "n14", "FI": "n14", "LU": "n3c13", "CZ": "n20",
    "GR": "n7c16", "HR": "n17", "SK": "n20", "SI": "n15", "LT": "n16", "LV": "a4c13",
    "EE": "n16", "MT": "a4n5c18", "RO": "a4c16", "HU": "n24", "LI": "n5c12", "IS": "n22",
}
IBAN_LEN = {"DE": 22, "FR": 27, "GB": 22, "CH": 21, "NL": 18, "ES": 24, "IT": 27, "BE": 16,
            "AT": 20, "PL": 28, "PT": 25, "IE": 22, "SE": 24, "NO": 15, "DK": 18, "FI": 18,
            "LU": 20, "CZ": 24, "GR": 27, "HR": 21, "SK": 24, "SI": 19, "LT": 20, "LV": 21,
            "EE": 20, "MT": 31, "RO": 24, "HU": 28, "LI": 21, "IS": 26}

UK_BANKS = ["NWBK", "BARC", "LOYD", "MIDL", "HBUK", "MONZ", "SRLG", "BUKB"]
IE_BANKS = ["AIBK", "BOFI", "IPBS", "ULSB"]
NL_BANKS = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ"]


def _expand(pat):
    out, i = [], 0
    while i < len(pat):
        kind = pat[i]
        j = i + 1
        while j < len(pat) and pat[j].isdigit():
            j += 1
        out.append((kind, int(pat[i + 1:j])))
        i = j
    return out


def _letters_to_digits(s):
    return "".join(str(int(c, 36)) for c in s)


def mod97(s):
    return int(_letters_to_digits(s)) % 97


def _fr_rib_key(bank, branch, acct):
    conv = {}
    for i, c in enumerate("ABCDEFGHI"):
        conv[c] = str(i + 1)
    for i, c in enumerate("JKLMNOPQR"):
        conv[c] = str(i + 1)
    for i, c in enumerate("STUVWXYZ"):
        conv[c] = str(i + 2)
    a = "".join(conv.get(c, c) for c in acct)
    return "%02d" % (97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(a)) % 97))


def _es_dc(bank_branch, acct):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def d(s):
        v = 11 - sum(int(c) * w[i] for i, c in enumerate(s)) % 11
        return {10: 1, 11: 0}.get(v, v)
    return "%d%d" % (d("00" + bank_branch), d(acct))


def bban(cc):
    if cc == "GB":
        return R.choice(UK_BANKS) + rs(DIG, 14)
    if cc == "IE":
        return R.choice(IE_BANKS) + rs(DIG, 14)
    if cc == "NL":
        while True:  # Dutch 11-proof on the 10-digit account number
            acct = rs(DIG, 10)
            if sum(int(c) * (10 - i) for i, c in enumerate(acct)) % 11 == 0 and acct[0] != "0":
                return R.choice(NL_BANKS) + acct
    if cc == "FR":
        bank, branch, acct = rs(DIG, 5), rs(DIG, 5), rs(DIG, 11)
        return bank + branch + acct + _fr_rib_key(bank, branch, acct)
    if cc == "ES":
        bb, acct = rs(DIG, 8), rs(DIG, 10)
        return bb + _es_dc(bb, acct) + acct
    if cc == "BE":
        first = rs(DIG, 10)
        c = int(first) % 97 or 97
        return first + "%02d" % c
    out = ""
    for kind, n in _expand(IBAN_FMT[cc]):
        out += rs({"n": DIG, "a": UP, "c": UP + DIG}[kind], n)
    return out


def iban(cc="DE", spaced=True):
    b = bban(cc)
    check = 98 - mod97(b + cc + "00")
    v = "%s%02d%s" % (cc, check, b)
    assert len(v) == IBAN_LEN[cc], (cc, v)
    return " ".join(v[i:i + 4] for i in range(0, len(v), 4)) if spaced else v


def iban_ok(v):
    s = v.replace(" ", "")
    return IBAN_LEN.get(s[:2]) == len(s) and mod97(s[4:] + s[:4]) == 1


# ---------------------------------------------------------------- US SSN / passport, UK NINO
def ssn(sep="-"):
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    g, s = R.randint(1, 99), R.randint(1, 9999)
    return "%03d%s%02d%s%04d" % (a, sep, g, sep, s)


def ssn_ok(v):
    d = "".join(c for c in v if c.isdigit())
    a, g, s = int(d[:3]), int(d[3:5]), int(d[5:])
    return len(d) == 9 and a not in (0, 666) and a < 900 and g and s


def us_passport(nextgen=None):
    if nextgen is None:
        nextgen = R.random() < 0.5
    if nextgen:
        return R.choice("ACEFGHJKLMNPRSTUVWXYZ") + rs(DIG, 8)
    return R.choice("5678") + rs(DIG, 8)


NINO_BAD_FIRST = set("DFIQUV")
NINO_BAD_SECOND = set("DFIOQUV")
NINO_BAD_PAIRS = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino(style="spaced"):
    while True:
        p = R.choice(UP) + R.choice(UP)
        if p[0] not in NINO_BAD_FIRST and p[1] not in NINO_BAD_SECOND and p not in NINO_BAD_PAIRS:
            break
    d = rs(DIG, 6)
    suf = R.choice("ABCD")
    if style == "spaced":
        return "%s %s %s %s %s" % (p, d[:2], d[2:4], d[4:], suf)
    return p + d + suf


# ---------------------------------------------------------------- secrets
AWS_ID_ALPHA = UP + "234567"


def akid(prefix="AKIA"):
    return prefix + rs(AWS_ID_ALPHA, 16)


def aws_secret():
    while True:
        v = rs(B64, 40)
        if sum(c in DIG for c in v) >= 3 and sum(c in "+/" for c in v) <= 3:
            return v


def gh(prefix="ghp_"):
    if prefix == "github_pat_":
        return "github_pat_11" + rs(UP + DIG, 20) + "_" + rs(ALNUM, 59)
    return prefix + rs(ALNUM, 36)


def slack(kind="xoxb"):
    if kind == "xoxb":
        return "xoxb-%s-%s-%s" % (rs(DIG, 12), rs(DIG, 13), rs(ALNUM, 24))
    if kind == "xoxp":
        return "xoxp-%s-%s-%s-%s" % (rs(DIG, 12), rs(DIG, 12), rs(DIG, 13), rs("0123456789abcdef", 32))
    if kind == "xapp":
        return "xapp-1-A0%s-%s-%s" % (rs(UP + DIG, 9), rs(DIG, 13), rs("0123456789abcdef", 64))
    if kind == "hook":
        return "https://hooks.slack.com/services/T0%s/B0%s/%s" % (rs(UP + DIG, 8), rs(UP + DIG, 9), rs(ALNUM, 24))
    raise ValueError(kind)


def stripe(prefix="sk_live_"):
    if R.random() < 0.75:
        return prefix + "51" + rs(ALNUM, 12) + rs(ALNUM, 85)
    return prefix + rs(ALNUM, 24)


URLSAFE = ALNUM + "-_"


def openai_key():
    return "sk-proj-" + rs(URLSAFE, 74) + "T3BlbkFJ" + rs(URLSAFE, 74)


def anthropic_key():
    return "sk-ant-api03-" + rs(URLSAFE, 93) + "AA"


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(payload, alg="HS256", kid=None):
    hdr = {"alg": alg, "typ": "JWT"}
    if kid:
        hdr["kid"] = kid
    h = b64url(json.dumps(hdr, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    if alg == "HS256":
        sig = hmac.new(rs(ALNUM, 32).encode(), (h + "." + p).encode(), hashlib.sha256).digest()
    else:
        sig = bytes(R.getrandbits(8) for _ in range(256))
    return h + "." + p + "." + b64url(sig)


def _b64_body(prefix, nbytes):
    raw = bytes(R.getrandbits(8) for _ in range(nbytes))
    body = base64.b64encode(raw).decode()
    return prefix + body[len(prefix):]


def pem(kind="rsa", nl="\n"):
    """A PEM private key with a structurally plausible header and random body."""
    if kind == "rsa":
        head, tail = "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----"
        body, width = _b64_body("MIIEpAIBAAKCAQEA", 1190), 64
    elif kind == "pkcs8":
        head, tail = "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"
        body, width = _b64_body("MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ", 1218), 64
    elif kind == "ec":
        head, tail = "-----BEGIN EC PRIVATE KEY-----", "-----END EC PRIVATE KEY-----"
        body, width = _b64_body("MHcCAQEEI", 121), 64
    elif kind == "openssh":
        head, tail = "-----BEGIN OPENSSH PRIVATE KEY-----", "-----END OPENSSH PRIVATE KEY-----"
        body, width = _b64_body("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
                                "QyNTUxOQAAACA", 300), 70
    else:
        raise ValueError(kind)
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return nl.join([head] + lines + [tail])


def password(kind=None):
    kind = kind or R.choice(["rand", "rand", "words", "season"])
    if kind == "rand":
        while True:
            v = rs(ALNUM + "!#$%&*@^~-_", R.randint(14, 22))
            if any(c in DIG for c in v) and any(c in UP for c in v) and any(c in "!#$%&*@^~-_" for c in v):
                return v
    if kind == "words":
        w = ["Harbor", "Velvet", "Quartz", "Maple", "Orbit", "Falcon", "Copper", "Willow", "Pepper",
             "Atlas", "Nimbus", "Cobalt", "Juniper", "Saffron", "Tundra", "Ember"]
        return R.choice(w) + R.choice("-_.!") + R.choice(w) + str(R.randint(10, 99)) + R.choice("!?#$")
    if kind == "season":
        return R.choice(["Summer", "Winter", "Autumn", "Spring", "Welcome", "Portland", "Bremen"]) + \
            str(R.choice([2019, 2021, 2022, 2023, 2024, 2025])) + R.choice("!#$@")
    raise ValueError(kind)


def hexs(n):
    return rs("0123456789abcdef", n)


def ip_public():
    while True:
        a = R.choice([23, 34, 45, 52, 62, 66, 78, 81, 85, 88, 91, 94, 104, 109, 141, 145, 151, 176,
                      185, 188, 193, 195, 203, 212, 213, 217])
        return "%d.%d.%d.%d" % (a, R.randint(0, 255), R.randint(0, 255), R.randint(2, 254))


def ip_private():
    k = R.choice([10, 172, 192])
    if k == 10:
        return "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(2, 254))
    if k == 172:
        return "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(2, 254))
    return "192.168.%d.%d" % (R.randint(0, 255), R.randint(2, 254))
