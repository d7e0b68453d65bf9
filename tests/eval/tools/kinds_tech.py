"""Config files, logs and markdown notes."""
import json

import values as V
from values import R, rs, DIG, UP, LO, ALNUM
from gen import (P, N, pick, chance, Person, company, phone, address, fmt_date, rand_recent, uuid, git_sha,
                 example, marking, COMPANIES, slug, nine, tracking_luhn)
from kinds_data import ipv6


def dsn(kind=None, pw=None):
    kind = kind or pick(["pg", "pg", "mysql", "mongo", "mongosrv", "redis", "jdbc", "mssql"])
    pw = pw or V.password(pick(["rand", "words"]))
    user = pick(["app", "svc_billing", "admin", "reporting", "etl_user", "django"])
    host = pick(["db1.internal", "pg-prod.cluster-c9x2k.eu-west-1.rds.amazonaws.com", "mysql.prod.local",
                 "10.20.1.15", "cluster0.ab1cd.mongodb.net", "redis-master", "sql01.corp.lan"])
    db = pick(["app", "billing", "analytics", "crm_prod", "orders"])
    pw_url = pw.replace("@", "%40").replace("#", "%23").replace("/", "%2F").replace("?", "%3F").replace("%", "%25") if kind != "jdbc" else pw
    pw_url = pw.replace("%", "%25").replace("@", "%40").replace("#", "%23").replace("/", "%2F").replace("?", "%3F").replace(":", "%3A")
    if host[0].isdigit():
        host = "db-" + rs(LO, 4) + ".internal"
    if kind == "pg":
        return f"{pick(['postgres', 'postgresql'])}://{user}:{pw_url}@{host}:5432/{db}" + pick(["", "?sslmode=require"])
    if kind == "mysql":
        return f"mysql://{user}:{pw_url}@{host}:3306/{db}"
    if kind == "mongo":
        return f"mongodb://{user}:{pw_url}@{host}:27017/{db}?authSource=admin"
    if kind == "mongosrv":
        return f"mongodb+srv://{user}:{pw_url}@cluster0.{rs(LO + DIG, 5)}.mongodb.net/{db}?retryWrites=true&w=majority"
    if kind == "redis":
        return f"redis://:{pw_url}@{host}:6379/0"
    if kind == "jdbc":
        pwj = V.password("rand").replace(";", "")
        return f"jdbc:postgresql://{host}:5432/{db}?user={user}&password={pwj}"
    return f"Server={host};Database={db};User Id={user};Password={V.password('rand').replace(';', '')};"


def env_file(co):
    ak, sk = V.akid(), V.aws_secret()
    pw = V.password()
    lines = [f"# {co[0]} – production", f"APP_ENV=production", f"APP_URL=https://app.{co[1]}",
             f"DATABASE_URL={P('database_connection_string', dsn())}",
             f"DB_PASSWORD={P('password', pw)}" if chance(0.7) else f'DB_PASSWORD="{P("password", pw)}"',
             f"REDIS_URL=redis://redis:6379/0",
             f"AWS_ACCESS_KEY_ID={P('aws_access_key_id', ak)}", f"AWS_SECRET_ACCESS_KEY={P('aws_secret_access_key', sk)}",
             f"AWS_REGION={pick(['us-east-1', 'eu-central-1', 'eu-west-2'])}"]
    if chance(0.7):
        lines.append(f"STRIPE_SECRET_KEY={P('stripe_key', V.stripe(pick(['sk_live_', 'rk_live_', 'sk_test_'])))}")
        lines.append(f"STRIPE_PUBLISHABLE_KEY={N('stripe_key', 'pk_live_' + rs(ALNUM, 99))}")
    if chance(0.6):
        lines.append(f"OPENAI_API_KEY={P('openai_api_key', V.openai_key())}")
    if chance(0.5):
        lines.append(f"SLACK_WEBHOOK_URL={P('slack_token', V.slack('hook'))}")
    if chance(0.5):
        lines.append(f"GITHUB_TOKEN={P('github_token', V.gh(pick(['ghp_', 'github_pat_', 'ghs_'])))}")
    if chance(0.4):
        lines.append(f"SMTP_HOST=smtp.{co[1]}\nSMTP_USER={P('email', 'noreply@' + co[1])}\nSMTP_PASS={P('password', V.password('words'))}")
    if chance(0.4):
        lines.append(f"# example from docs: AWS_ACCESS_KEY_ID={example('aws_access_key_id')}")
    if chance(0.4):
        lines.append(f"# SLACK_WEBHOOK_URL={example('slack_token')}")
    if chance(0.4):
        lines.append(f"TEST_DATABASE_URL={N('database_connection_string', pick(['postgres://localhost:5432/test', 'sqlite:///tmp/test.db', 'mongodb://mongo:27017/test']))}")
    if chance(0.3):
        lines.append(f"# OPENAI_API_KEY={example('openai_api_key')}")
    lines.append(f"BUILD_SHA={N('aws_secret_access_key', git_sha())}")
    lines.append(f"RELEASE={N('ip_address', '2.14.%d.%d' % (R.randint(0, 9), R.randint(0, 99)))}")
    R.shuffle(lines[1:])
    return ".env", "\n".join(lines) + "\n"


def yaml_cfg(co):
    pw = V.password()
    t = (f"# config/{pick(['production', 'settings', 'app'])}.yml\nserver:\n  host: {P('ip_address', V.ip_private())}\n  port: 8443\n"
         f"  allowed_ips:\n    - {P('ip_address', V.ip_public())}\n    - \"{P('ip_address', ipv6())}\"\n"
         f"database:\n  url: \"{P('database_connection_string', dsn('pg'))}\"\n  pool: 20\n"
         f"mail:\n  from: {P('email', 'alerts@' + co[1])}\n  username: {P('email', 'alerts@' + co[1])}\n  password: '{P('password', pw)}'\n"
         f"integrations:\n  slack:\n    bot_token: {P('slack_token', V.slack('xoxb'))}\n"
         f"  stripe:\n    secret: {P('stripe_key', V.stripe())}\n"
         f"  openai:\n    api_key: \"{P('openai_api_key', V.openai_key())}\"\n"
         f"  sentry_release: {N('aws_access_key_id', uuid())}\n"
         f"tls:\n  key: |\n" + "\n".join("    " + l for l in P("private_key", V.pem(pick(["rsa", "ec", "pkcs8"]))).split("\n")) + "\n")
    # the PEM block above is indented, so relabel: span covers the indented lines as written
    return "application.yml", t


def service_account(co):
    proj = slug(co[0])[:14] + "-" + rs(DIG, 6)
    key = V.pem("pkcs8").replace("\n", "\\n") + "\\n"
    email = f"{pick(['etl', 'ci-deployer', 'bq-reader'])}@{proj}.iam.gserviceaccount.com"
    t = ("{\n"
         f'  "type": "service_account",\n  "project_id": "{proj}",\n  "private_key_id": "{N("aws_secret_access_key", V.hexs(40))}",\n'
         f'  "private_key": "{P("private_key", key[:-2])}\\n",\n'
         f'  "client_email": "{P("email", email)}",\n  "client_id": "{rs(DIG, 21)}",\n'
         f'  "auth_uri": "https://accounts.google.com/o/oauth2/auth",\n  "token_uri": "https://oauth2.googleapis.com/token",\n'
         f'  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",\n'
         f'  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/{email.replace("@", "%40")}"\n' "}\n")
    return f"{proj}-{V.hexs(12)}.json", t


def ini_cfg(co):
    k = R.randint(0, 2)
    if k == 0:
        t = (f"[default]\naws_access_key_id = {P('aws_access_key_id', V.akid())}\naws_secret_access_key = {P('aws_secret_access_key', V.aws_secret())}\n"
             f"region = us-east-1\n\n[profile {pick(['prod', 'billing', 'sandbox'])}]\naws_access_key_id={P('aws_access_key_id', V.akid())}\n"
             f"aws_secret_access_key={P('aws_secret_access_key', V.aws_secret())}\n")
        if chance(0.5):
            t += (f"\n[temp]\naws_access_key_id = {P('aws_access_key_id', V.akid('ASIA'))}\naws_secret_access_key = {P('aws_secret_access_key', V.aws_secret())}\n"
                  f"aws_session_token = {rs(ALNUM, 40)}\n")
        return "credentials", t
    if k == 1:
        pw = V.password()
        t = (f"; my.cnf for backup job\n[client]\nuser=backup\npassword={P('password', pw)}\nhost={P('ip_address', V.ip_private())}\n\n"
             f"[mysqldump]\nquick\nmax_allowed_packet=64M\n")
        return "my.cnf", t
    t = (f"[database]\nhost = {P('ip_address', V.ip_private())}\nport = 5432\nname = ledger\nuser = ledger_rw\n"
         f"password = {P('password', V.password())}\n\n[smtp]\nserver = smtp.{co[1]}\nlogin = {P('email', 'ledger@' + co[1])}\n"
         f"pass = {P('password', V.password('words'))}\n\n[app]\nversion = {N('ip_address', '3.1.4.%d' % R.randint(1, 99))}\n"
         f"admin_contact = {P('email', Person('US', co).work_email)}\n")
    return "settings.ini", t


def compose(co):
    pw = V.password("rand")
    t = (f"version: \"3.9\"\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n"
         f"      POSTGRES_PASSWORD: {P('password', pw)}\n      POSTGRES_DB: app\n    ports:\n      - \"5432:5432\"\n"
         f"  api:\n    build: .\n    environment:\n      - DATABASE_URL={P('database_connection_string', 'postgres://app:' + pw + '@db:5432/app')}\n"
         f"      - JWT_SECRET={P('password', V.password('rand'))}\n      - STRIPE_KEY={P('stripe_key', V.stripe('sk_test_'))}\n"
         f"      - ADMIN_EMAIL={P('email', Person('US', co).work_email)}\n    depends_on: [db]\n"
         f"  mongo:\n    image: mongo:7\n    environment:\n      MONGO_INITDB_ROOT_USERNAME: root\n"
         f"      MONGO_INITDB_ROOT_PASSWORD: \"{P('password', V.password('words'))}\"\n")
    return "docker-compose.yml", t


def shell_history(co):
    ak = V.akid()
    lines = ["ls -la", "cd ~/src/" + slug(co[0]), "git pull", f"export AWS_ACCESS_KEY_ID={P('aws_access_key_id', ak)}",
             f"export AWS_SECRET_ACCESS_KEY={P('aws_secret_access_key', V.aws_secret())}", "aws s3 ls",
             f"psql \"{P('database_connection_string', dsn('pg'))}\"",
             f"mysql -u root -p'{P('password', V.password('rand').replace(chr(39), ''))}' -h {P('ip_address', V.ip_private())}",
             f"ssh deploy@{P('ip_address', V.ip_public())}",
             f"curl -s -H \"Authorization: Bearer {P('jwt', V.jwt({'sub': uuid(), 'role': 'admin', 'exp': 1760000000 + R.randint(0, 10 ** 7)}))}\" https://api.{co[1]}/v1/users",
             f"git clone https://{P('github_token', V.gh('ghp_'))}@github.com/{slug(co[0])}/infra.git",
             f"git checkout {N('aws_secret_access_key', git_sha())}", "docker compose up -d",
             f"curl -X POST -d '{{\"text\":\"deploy done\"}}' {P('slack_token', V.slack('hook'))}",
             f"echo {P('openai_api_key', V.openai_key())} > ~/.config/openai", "history | tail", "vim .env",
             f"ping {P('ip_address', V.ip_public())}", f"ssh-keygen -lf ~/.ssh/id_ed25519.pub"]
    R.shuffle(lines)
    lines = lines[:R.randint(10, len(lines))]
    return ".bash_history", "\n".join(lines) + "\n"


def tfvars(co):
    t = (f"region       = \"eu-west-1\"\ndb_username  = \"admin\"\ndb_password  = \"{P('password', V.password())}\"\n"
         f"ssh_cidr     = \"{P('ip_address', V.ip_public())}/32\"\ndatadog_key  = \"{N('aws_secret_access_key', V.hexs(32))}\"\n"
         f"github_token = \"{P('github_token', V.gh(pick(['ghp_', 'github_pat_'])))}\"\n"
         f"alert_email  = \"{P('email', 'oncall@' + co[1])}\"\nami_id       = \"ami-{V.hexs(17)}\"\n")
    return "terraform.tfvars", t


def k8s_secret(co):
    t = (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {slug(co[0])[:10]}-secrets\n  namespace: prod\ntype: Opaque\n"
         f"stringData:\n  DATABASE_URL: \"{P('database_connection_string', dsn(pick(['mongosrv', 'pg', 'mysql'])))}\"\n"
         f"  OPENAI_API_KEY: {P('openai_api_key', V.openai_key())}\n  SLACK_APP_TOKEN: {P('slack_token', V.slack('xapp'))}\n"
         f"  tls.key: |\n" + "\n".join("    " + l for l in P("private_key", V.pem("rsa")).split("\n")) + "\n")
    return "secret.yaml", t


def json_cfg(co):
    cfg = {"name": slug(co[0]), "version": "1.8.%d" % R.randint(0, 30),
           "db": {"host": "__IP__", "user": "svc", "password": "__PW__"},
           "auth": {"jwt": "__JWT__", "issuer": "https://auth." + co[1]},
           "notify": ["__EM1__", "__EM2__"], "placeholder_password": "__EXPW__"}
    t = json.dumps(cfg, indent=pick([2, 4]), ensure_ascii=False) + "\n"
    p1, p2 = Person("US", co), Person("DE", co)
    t = (t.replace("__IP__", P("ip_address", V.ip_private())).replace("__PW__", P("password", V.password()))
         .replace("__JWT__", P("jwt", V.jwt({"iss": "https://auth." + co[1], "sub": rs(DIG, 8), "scope": "read write"}, alg=pick(["HS256", "RS256"]))))
         .replace("__EM1__", P("email", p1.work_email)).replace("__EM2__", P("email", p2.work_email))
         .replace("__EXPW__", example("password")))
    return "config.json", t


def id_rsa(co):
    kind = pick(["rsa", "openssh", "ec"])
    return ("id_ed25519" if kind == "openssh" else "server.key"), P("private_key", V.pem(kind)) + "\n"


CONFIGS = [env_file, yaml_cfg, service_account, ini_cfg, compose, shell_history, tfvars, k8s_secret, json_cfg, id_rsa, env_file, ini_cfg]


def config_doc(i):
    co = pick(COMPANIES)
    fn = CONFIGS[i % len(CONFIGS)]
    name, t = fn(co)
    return f"config_{i:03d}_{name.lstrip('.')}", t, False


# ---------------------------------------------------------------- logs
def log_doc(i):
    k = i % 4
    lines = []
    d = rand_recent()
    if k == 0:
        for _ in range(R.randint(80, 200)):
            ip = V.ip_public() if chance(0.85) else ipv6()
            path = pick(["/", "/login", "/api/v1/orders", "/wp-login.php", "/static/app.js", "/api/v1/users/me", "/health"])
            lines.append(f"{P('ip_address', ip)} - - [{d.day:02d}/{['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'][d.month-1]}/{d.year}:"
                         f"{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d} +0000] \"{pick(['GET', 'POST'])} {path} HTTP/1.1\" "
                         f"{pick([200, 200, 200, 301, 401, 404, 500])} {R.randint(120, 40000)} \"-\" \"{pick(['Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'curl/8.4.0', 'python-requests/2.31.0'])}\"")
        return f"log_{i:03d}_access.log", "\n".join(lines) + "\n", False
    if k == 1:
        for _ in range(R.randint(50, 120)):
            p = Person()
            ev = pick(["login_ok", "login_failed", "password_reset", "token_refresh", "export"])
            rec = (f'{{"ts":"{fmt_date(d, "iso")}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}.{R.randint(0, 999):03d}Z",'
                   f'"level":"{pick(["info", "info", "warn", "error"])}","event":"{ev}","user":"{P("email", p.email)}",'
                   f'"ip":"{P("ip_address", V.ip_public())}","request_id":"{uuid()}"')
            if ev == "token_refresh" and chance(0.6):
                rec += f',"token":"{P("jwt", V.jwt({"sub": p.email, "exp": 1750000000 + R.randint(0, 10 ** 7)}))}"'
            if ev == "login_failed" and chance(0.3):
                rec += f',"attempted_password":"{P("password", V.password())}"'
            lines.append(rec + "}")
        return f"log_{i:03d}_app.jsonl", "\n".join(lines) + "\n", False
    if k == 2:
        for _ in range(R.randint(60, 150)):
            ip = V.ip_public()
            ts = f"{['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'][d.month-1]} {d.day:2d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}"
            kind = R.randint(0, 3)
            if kind == 0:
                lines.append(f"{ts} web01 sshd[{R.randint(1000, 99999)}]: Failed password for invalid user {pick(['admin', 'oracle', 'test', 'ubuntu'])} from {P('ip_address', ip)} port {R.randint(30000, 65000)} ssh2")
            elif kind == 1:
                lines.append(f"{ts} web01 sshd[{R.randint(1000, 99999)}]: Accepted publickey for deploy from {P('ip_address', ip)} port {R.randint(30000, 65000)} ssh2: ED25519 SHA256:{rs(ALNUM + '+/', 43)}")
            elif kind == 2:
                lines.append(f"{ts} web01 kernel: [UFW BLOCK] IN=eth0 OUT= SRC={P('ip_address', ip)} DST={P('ip_address', V.ip_private())} PROTO=TCP DPT={pick([22, 23, 3389, 5432])}")
            else:
                lines.append(f"{ts} web01 systemd[1]: Started {pick(['nginx.service', 'app-worker@2.service', 'certbot.timer'])} (version {N('ip_address', '1.%d.%d.%d' % (R.randint(0, 30), R.randint(0, 9), R.randint(0, 99)))}).")
        return f"log_{i:03d}_auth.log", "\n".join(lines) + "\n", False
    for _ in range(R.randint(40, 100)):
        ts = f"{fmt_date(d, 'iso')} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d},{R.randint(0, 999):03d}"
        kind = R.randint(0, 4)
        if kind == 0:
            lines.append(f"{ts} DEBUG stripe.client: POST /v1/charges api_key={P('stripe_key', V.stripe())} amount={R.randint(100, 90000)}")
        elif kind == 1:
            lines.append(f"{ts} ERROR db.pool: could not connect to {P('database_connection_string', dsn())}: timeout after 30s")
        elif kind == 2:
            lines.append(f"{ts} INFO  mailer: sent receipt to {P('email', Person().email)} (msg {uuid()})")
        elif kind == 3:
            lines.append(f"{ts} WARN  http: upstream {P('ip_address', V.ip_private())}:8080 slow ({R.randint(900, 9000)} ms)")
        else:
            lines.append(f"{ts} INFO  build: commit {N('aws_secret_access_key', git_sha())} deployed")
    return f"log_{i:03d}_worker.log", "\n".join(lines) + "\n", False


# ---------------------------------------------------------------- markdown
def markdown_doc(i):
    co = pick(COMPANIES)
    k = i % 5
    if k == 4:
        tc = [("Visa", "4242 4242 4242 4242"), ("Visa", "4111 1111 1111 1111"), ("Mastercard", "5555 5555 5555 4444"),
              ("Mastercard", "5105 1051 0510 5100"), ("Amex", "3782 822463 10005"), ("Discover", "6011 1111 1111 1117"),
              ("Visa (3DS)", "4000 0566 5566 5556"), ("Visa", "4242424242424242")]
        cards = "\n".join(f"| {b} | `{N('credit_card', n, True)}` | any future date |" for b, n in R.sample(tc, 4))
        t = (f"# Payments sandbox – how to test\n\nNever use real card numbers in staging. Use the published test numbers:\n\n"
             f"| Brand | Number | Expiry |\n|---|---|---|\n{cards}\n\n"
             f"SEPA tests: use {example('iban')} or {example('iban')} (registry examples, they validate but belong to nobody).\n\n"
             f"Test key for the sandbox: `{example('stripe_key')}` – the live key is in the vault, not here.\n\n"
             f"Sample SSNs for the KYC form: {example('us_ssn')}, {example('us_ssn')}. Sample passport: {example('us_passport')}.\n\n"
             f"Fixtures use {example('email')} and {example('phone_number')}; the webhook goes to "
             f"{N('ip_address', pick(['192.0.2.10', '198.51.100.7', '203.0.113.80']), True)}.\n\n"
             f"Refund ids look like {N('credit_card', tracking_luhn())} (16 digits, Luhn-valid, not cards!). "
             f"Details: {N('postal_address', pick(['see section 2, Methods', 'Floor 3, Building B', 'Chapter 7, Oak Street scenario']))}.\n\n"
             f"If a real card number ever shows up in the logs, please keep it {N('marking', 'confidential')} and tell security "
             f"({P('email', 'security@' + co[1])}).\n")
    elif k == 0:
        rows = []
        for svc in R.sample(["Grafana", "Jenkins", "pgAdmin", "Router", "NAS", "Jira service account", "Wi-Fi (office)", "Vault unseal"], 5):
            rows.append(f"| {svc} | {pick(['admin', 'ops', 'svc-jenkins', 'root'])} | `{P('password', V.password())}` | {P('ip_address', V.ip_private())} |")
        t = (f"# Ops runbook – {co[0]}\n\n> {P('marking', pick(['INTERNAL USE ONLY', 'Classification: Internal', 'Internal Use Only']))}\n\n"
             "## Logins (temporary, move to vault!!)\n\n| Service | User | Password | Host |\n|---|---|---|---|\n" + "\n".join(rows) +
             f"\n\n## On-call\n\n- Primary: {Person('US').name}, {P('phone_number', phone('US'))}\n"
             f"- Backup: {Person('GB').name}, {P('phone_number', phone('GB'))}\n\n"
             f"Escalation mail: {P('email', 'oncall@' + co[1])}\n\nDB: `{P('database_connection_string', dsn())}`\n")
    elif k == 1:
        p = Person(pick(["US", "DE", "GB", "FR"]))
        t = (f"# Notes – moving house\n\n- new address: {P('postal_address', p.addr(False))}\n"
             f"- old address: {P('postal_address', p.addr(False))}\n- movers: {P('phone_number', phone(p.country))} (ask for Tomasz)\n"
             f"- change bank address, IBAN stays {P('iban', V.iban(pick(['DE', 'FR', 'GB', 'NL', 'ES', 'IE']), True))}\n"
             f"- renew passport ({P('us_passport', V.us_passport())}) before {N('date_of_birth', fmt_date(rand_recent(), 'long_us'))}\n"
             f"- kids' DOBs for school form: {P('date_of_birth', fmt_date(V.R.choice([__import__('datetime').date(2015, 4, 11), __import__('datetime').date(2017, 9, 2)]), pick(['long_eu', 'us', 'iso'])))}\n"
             f"- {N('postal_address', 'see section 4, Main results')} of the survey\n")
    elif k == 2:
        t = (f"# Incident 2024-{R.randint(10, 99)} postmortem\n\n{P('marking', pick(['Company Confidential - Do Not Distribute', 'CONFIDENTIAL', 'Strictly Confidential']))}\n\n"
             "## Summary\n\nA developer committed a `.env` to the public repo. The following were exposed and have been rotated:\n\n"
             f"```\nAWS_ACCESS_KEY_ID={P('aws_access_key_id', V.akid())}\nAWS_SECRET_ACCESS_KEY={P('aws_secret_access_key', V.aws_secret())}\n"
             f"SLACK_BOT_TOKEN={P('slack_token', V.slack(pick(['xoxb', 'xoxp'])))}\nOPENAI_API_KEY={P('openai_api_key', V.openai_key())}\n```\n\n"
             f"Commit: {N('aws_secret_access_key', git_sha())}\n\nAttacker traffic came from {P('ip_address', V.ip_public())} and "
             f"{P('ip_address', ipv6())}.\n\nNote: the key in the README ({example('aws_access_key_id')} / {example('aws_secret_access_key')}) "
             f"is the AWS documentation example and was never valid.\n\n## Timeline\n\n| time | event |\n|---|---|\n"
             f"| 09:12 | push to main |\n| 09:40 | GitHub secret scanning alert |\n| 10:05 | keys revoked |\n")
    else:
        pk = V.pem(pick(["openssh", "rsa"]))
        t = (f"## Deploy key for the build box\n\nPaste into `~/.ssh/deploy` (chmod 600):\n\n```\n{P('private_key', pk)}\n```\n\n"
             f"Public part is in the repo settings. Host: `{P('ip_address', V.ip_public())}`.\n\n"
             f"Token for the package registry: {P('github_token', V.gh(pick(['ghp_', 'ghr_', 'ghu_'])))}\n\n"
             f"Placeholder in template: {example('github_token')}\n\nClone with `{N('email', 'git@github.com')}:{slug(co[0])}/build.git`, logo is {N('email', 'logo@2x.png')}.\n\n"
             "```\n" + N("private_key", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + rs(ALNUM, 20) + "\n-----END PUBLIC KEY-----") + "\n```\n")
    return f"notes_{i:03d}.md", t, False
