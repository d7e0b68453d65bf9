"""What people paste into an AI chat: code with hard-coded keys, stack traces, customer mails, tables."""
import datetime

import values as V
from values import R, rs, DIG, UP, LO, ALNUM
from gen import (P, N, pick, chance, Person, phone, address, fmt_date, rand_recent, icd, icd_form, mrn,
                 uuid, git_sha, example, marking, COMPANIES, slug, nine, tracking_luhn)
from kinds_tech import dsn


def phone_lookalike():
    return pick([f"978-{R.randint(0, 1)}-{rs(DIG, 3)}-{rs(DIG, 5)}-{R.randint(0, 9)}",
                 f"{rs(DIG, 2)}-{rs(DIG, 4)}-{rs(DIG, 4)}", f"{R.randint(2019, 2025)}-{rs(DIG, 4)}-{rs(DIG, 4)}",
                 f"0{rs(DIG, 3)}-{rs(DIG, 7)}-00"])


def py_boto(co):
    ak, sk = V.akid(), V.aws_secret()
    return ("I'm getting `botocore.exceptions.ClientError: AccessDenied` with this, what am I doing wrong?\n\n"
            "```python\nimport boto3\n\n"
            f"s3 = boto3.client(\n    \"s3\",\n    aws_access_key_id=\"{P('aws_access_key_id', ak)}\",\n"
            f"    aws_secret_access_key=\"{P('aws_secret_access_key', sk)}\",\n    region_name=\"eu-west-1\",\n)\n\n"
            f"for obj in s3.list_objects_v2(Bucket=\"{slug(co[0])}-exports\")[\"Contents\"]:\n    print(obj[\"Key\"])\n```\n")


def node_keys(co):
    return ("refactor this so it's cleaner, and add retries\n\n"
            "```js\nconst OpenAI = require('openai');\nconst Stripe = require('stripe');\n\n"
            f"const openai = new OpenAI({{ apiKey: '{P('openai_api_key', V.openai_key())}' }});\n"
            f"const stripe = Stripe('{P('stripe_key', V.stripe(pick(['sk_live_', 'sk_test_', 'rk_live_'])))}');\n"
            f"const slack = '{P('slack_token', V.slack(pick(['hook', 'xoxb'])))}';\n\n"
            "async function run(customerId) {\n  const c = await stripe.customers.retrieve(customerId);\n"
            "  const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: c.email }] });\n"
            "  return r.choices[0].message.content;\n}\n```\n"
            f"(the old key in our wiki, {example('openai_api_key')}, is just a placeholder)\n")


def trace(co):
    d = dsn()
    return ("why does this fail in prod but not locally??\n\n"
            "```\nTraceback (most recent call last):\n  File \"/srv/app/db.py\", line 41, in connect\n"
            "    engine = create_engine(settings.DATABASE_URL)\n"
            f"sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server\n"
            f"[SQL: connect {P('database_connection_string', d)}]\n"
            f"(Background on this error at: https://sqlalche.me/e/20/e3q8)\n```\n\n"
            f"locally I use {N('database_connection_string', 'postgres://localhost:5432/app_dev')} and it works. "
            f"Server IP is {P('ip_address', V.ip_public())}.\n")


def summarize_mail(co):
    p = Person(pick(["US", "GB", "DE", "FR", "NL"]))
    return (f"Summarise this customer email in 3 bullet points and draft a polite reply:\n\n\"\"\"\n"
            f"From: {p.name} <{P('email', p.email)}>\n\nHello, I have been a customer for 6 years. Last month you charged "
            f"my card {P('credit_card', V.card(pick(['visa', 'mc', 'amex', 'disc']), pick([' ', '-', ''])))} twice for the same "
            f"subscription. I also moved, my new address is {P('postal_address', p.addr(False))}. Please call me on "
            f"{P('phone_number', p.phone)}, I have been waiting for two weeks and nobody answers. Ticket ref "
            f"{N('phone_number', phone_lookalike())}.\n\"\"\"\n")


def rewrite_hr(co):
    p = Person("US")
    return (f"make this sound more professional:\n\n"
            f"hey {p.first}, payroll messed up again. they have your ssn as {P('us_ssn', V.ssn(pick(['-', ' ', ''])))} and dob "
            f"{P('date_of_birth', p.dob_s(pick(['us', 'us_short', 'long_us'])))} but your passport says "
            f"{P('us_passport', V.us_passport())}, can you confirm which is right? also is "
            f"{P('postal_address', p.addr(False))} still your address\n")


def table_to_json(co):
    rows = []
    for _ in range(R.randint(4, 8)):
        p = Person("US")
        c, desc = icd(1)[0]
        rows.append(f"| {p.name} | {P('medical_record_number', mrn())} | {P('date_of_birth', p.dob_s(pick(['us', 'iso'])))} | "
                    f"{P('icd10_code', icd_form(c))} | {desc} |")
    return ("convert this table to JSON, keys in snake_case\n\n| Patient | MRN | DOB | ICD-10 | Diagnosis |\n|---|---|---|---|---|\n"
            + "\n".join(rows) + "\n")


def gha(co):
    return ("my workflow can't push the image, here's the file:\n\n```yaml\nname: release\non: [push]\njobs:\n  build:\n"
            "    runs-on: ubuntu-latest\n    env:\n"
            f"      GH_TOKEN: {P('github_token', V.gh(pick(['ghp_', 'github_pat_', 'ghs_', 'gho_'])))}\n"
            f"      SLACK_WEBHOOK: {P('slack_token', V.slack('hook'))}\n"
            f"      AWS_ACCESS_KEY_ID: {P('aws_access_key_id', V.akid())}\n"
            f"      AWS_SECRET_ACCESS_KEY: {P('aws_secret_access_key', V.aws_secret())}\n"
            "    steps:\n      - uses: actions/checkout@v4\n      - run: docker push ghcr.io/" + slug(co[0]) + "/api:latest\n```\n"
            f"The docs said to use `{example('slack_token')}` as a test value but that obviously doesn't post.\n")


def decode_jwt(co):
    t = V.jwt({"sub": uuid(), "email": Person().email, "roles": ["admin"], "exp": 1760000000 + R.randint(0, 10 ** 7)},
              alg=pick(["HS256", "RS256"]), kid=rs(LO + DIG, 8) if chance(0.5) else None)
    return (f"what's in this token and why is it rejected? {P('jwt', t)}\n\n"
            f"(it's not the jwt.io one, {example('jwt')}, ours is signed by auth.{co[1]})\n")


def ssh_key(co):
    return ("ssh says 'invalid format' for this key, is it corrupted?\n\n"
            f"{P('private_key', V.pem(pick(['openssh', 'rsa', 'ec'])))}\n\n"
            f"I'm connecting with `ssh -i key ubuntu@{P('ip_address', V.ip_public())}`\n")


def translate(co):
    p = Person("DE")
    q = Person("US")
    return (f"Please translate into German:\n\nDear Mr. {p.last},\nplease send the signed contract to our office at "
            f"{P('postal_address', address('US', True))}, or by email to {P('email', q.work_email)}. "
            f"Payment will be made to your account {P('iban', V.iban('DE', chance(0.5)))}. For questions call "
            f"{P('phone_number', q.phone)}.\n\nThis letter is {N('marking', 'confidential')}, thanks for understanding.\n")


def env_paste(co):
    return ("explain each of these settings:\n\n"
            f"GITHUB_TOKEN={P('github_token', V.gh(pick(['ghp_', 'github_pat_', 'ghu_', 'ghr_'])))}\n"
            f"OPENAI_API_KEY={P('openai_api_key', V.openai_key())}\n"
            f"SLACK_BOT_TOKEN={P('slack_token', V.slack(pick(['xoxb', 'xoxp', 'xapp'])))}\n"
            f"JWT_SIGNING_KEY={P('password', V.password('rand'))}\n"
            f"TEMPLATE_DB_URL={N('database_connection_string', 'postgres://${DB_USER}:${DB_PASS}@${DB_HOST}:5432/${DB_NAME}')}\n"
            f"LEGACY_DB={P('database_connection_string', dsn(pick(['jdbc', 'mssql', 'mongosrv'])))}\n")


def mixed_secret(co):
    ak, sk = V.akid(), V.aws_secret()
    return (f"I rotated keys, new ones are {P('aws_access_key_id', ak)} {P('aws_secret_access_key', sk)} – write me a bash "
            f"script that updates ~/.aws/credentials and also stores the private key below in secrets manager:\n\n"
            f"{P('private_key', V.pem(pick(['pkcs8', 'ec'])))}\n")


PROMPTS = [py_boto, node_keys, trace, summarize_mail, rewrite_hr, table_to_json, gha, decode_jwt, ssh_key,
           translate, env_paste, mixed_secret]


def ai_doc(i):
    co = pick(COMPANIES)
    fn = PROMPTS[i % len(PROMPTS)]
    t = fn(co)
    if chance(0.3):
        t = pick(["hi! ", "Quick question. ", "", "pls help\n\n"]) + t
    return f"prompt_{i:03d}_{fn.__name__}.txt", t, False
