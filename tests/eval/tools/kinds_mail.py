"""RFC 822 e-mails: headers, signatures, reply chains, some multipart / quoted-printable / base64."""
import base64
import datetime
import html

import values as V
from values import R, rs, DIG, UP, LO
from gen import (P, N, D, S, SEP, E, DEC, pick, chance, Person, company, phone, address, fmt_date,
                 rand_recent, marking, example, icd, icd_form, mrn, tracking_luhn, nine, aba, COMPANIES,
                 asciify, slug, uuid, filler)
import re

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def rfc_date(d):
    tz = pick(["+0100", "-0500", "+0000", "-0800", "+0200", "-0400"])
    return f"{DAYS[d.weekday()]}, {d.day:02d} {MON[d.month - 1]} {d.year} {R.randint(6, 21):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d} {tz}"


def enc_name(name):
    if all(ord(c) < 128 for c in name):
        return f'"{name}"' if chance(0.3) else name
    qp = "".join(c if c.isalnum() and ord(c) < 128 else ("_" if c == " " else "".join("=%02X" % b for b in c.encode())) for c in name)
    return f"=?UTF-8?Q?{qp}?="


def addr_hdr(p, work=True):
    e = p.work_email if work else p.email
    return f"{enc_name(p.name)} <{P('email', e)}>"


def msgid(domain):
    return N("email", f"{rs(UP + DIG, 12)}.{rs(DIG, 6)}@{pick(['mail.', 'smtp.', ''])}{domain}")


def received(domain):
    host = pick(["mail-wr1-f54.google.com", "mx2.mailprotect.net", "smtp.office365.com", "relay.mailhost.de",
                 "out-21.smtp.github.com"])
    ip = V.ip_public()
    return (f"Received: from {host} ({host} [{P('ip_address', ip)}])\n"
            f"        by mx1.{domain} with ESMTPS id {rs(LO + DIG, 10)}\n"
            f"        for <{{RCPT}}>; {{DATE}}\n")


def signature(p, co, disclaimer=None):
    lines = ["", "--" if chance(0.6) else "", p.name]
    title = pick(["Accounts Payable", "Senior Paralegal", "HR Business Partner", "Office Manager",
                  "Head of Finance", "Practice Manager", "Software Engineer", "Customer Success",
                  "Partner", "Travel Coordinator", "Geschäftsführer", "Responsable administratif"])
    lines.append(f"{title} | {co[0]}" if chance(0.6) else f"{title}\n{co[0]}")
    if chance(0.8):
        lines.append(pick(["T: ", "Tel. ", "Phone: ", "Direct: ", "☎ "]) + P("phone_number", p.phone) +
                     (pick([" | M: ", "  Mobile: ", " / mob. "]) + P("phone_number", p.mobile) if chance(0.5) else ""))
    if chance(0.6):
        lines.append(P("postal_address", address(co[2] if co[2] in ("US", "GB", "DE", "FR", "NL", "ES", "IT", "CH", "IE") else "US", multiline=False)))
    if chance(0.5):
        lines.append(P("email", p.work_email))
    if chance(0.3):
        lines.append("www." + co[1])
    if disclaimer:
        lines.append("")
        lines.append(disclaimer)
    return "\n".join(lines) + "\n"


def disclaimer_text():
    k = R.randint(0, 3)
    if k == 0:
        return (P("marking", pick(["CONFIDENTIALITY NOTICE", "Confidentiality Notice"])) +
                ": This e-mail message, including any attachments, is for the sole use of the intended "
                "recipient(s) and may contain privileged information. Any unauthorized review, use, "
                "disclosure or distribution is prohibited. If you are not the intended recipient, please "
                "contact the sender by reply e-mail and destroy all copies of the original message.")
    if k == 1:
        return ("Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen. Wenn Sie nicht "
                "der richtige Adressat sind, informieren Sie bitte sofort den Absender und vernichten Sie diese Mail.")
    if k == 2:
        return P("marking", pick(["Classification: Internal", "Sensitivity: Confidential", "Classification: Confidential"]))
    return ("This message and any attachment are intended solely for the addressee and may contain "
            "confidential information. If you have received this message in error, please send it back to "
            "the sender and delete it.")


def quote(text):
    return "\n".join("> " + l if l else ">" for l in text.split("\n"))


# ---------------------------------------------------------------- bodies
def body_hr_onboarding(a, b, co):
    d = b.dob
    style = pick(["us", "long_us", "iso", "us_short"])
    req = (f"Hi {b.first},\n\nWelcome aboard! Before your first day on {N('date_of_birth', fmt_date(rand_recent(), 'long_us'))} "
           f"we need a few things for payroll and the I-9. Could you reply with your SSN, date of birth, "
           f"home address and a phone number we can reach you on?\n\nThanks,\n{a.first}\n")
    ssn = V.ssn(pick(["-", "-", " ", ""]))
    rep = (f"Hi {a.first},\n\nsure, here you go:\n\n"
           f"SSN: {P('us_ssn', ssn)}\n"
           f"DOB: {P('date_of_birth', fmt_date(d, style))}\n"
           f"Address: {P('postal_address', address('US', multiline=False))}\n"
           f"Cell: {P('phone_number', phone('US'))}\n\n")
    if chance(0.5):
        rep += (f"For direct deposit: routing {N('us_ssn', aba())}, checking acct {N('us_passport', nine())}.\n\n")
    if chance(0.5):
        rep += f"I also have a US passport if you need it for the I-9 – number {P('us_passport', V.us_passport())}.\n\n"
    rep += pick(["Let me know if you need anything else!\n", "Lmk if anything's missing.\n", "Best,\n"]) + b.first + "\n"
    return "Re: Onboarding paperwork", rep, req


def body_vendor_bank(a, b, co):
    cc = pick(["DE", "FR", "NL", "GB", "CH", "ES", "IT", "BE", "AT", "IE", "PL", "PT", "LU", "SE", "DK", "FI"])
    spaced = chance(0.7)
    new = V.iban(cc, spaced)
    old = V.iban(cc, chance(0.5))
    inv = N("us_passport", "INV-" + rs(DIG, 6)) if chance(0.3) else "INV-" + rs(DIG, 5)
    txt = pick([
        f"Dear {b.first},\n\nplease note that our bank details have changed with effect from next month. "
        f"Kindly update your vendor master data and use the following account for all future payments, "
        f"including invoice {inv}:\n\n"
        f"Account holder: {co[0]}\n"
        f"IBAN: {P('iban', new)}\n"
        f"BIC: {pick(['COBADEFFXXX', 'BNPAFRPP', 'INGBNL2A', 'NWBKGB2L', 'UBSWCHZH80A', 'CAIXESBBXXX'])}\n\n"
        f"Our old account ({P('iban', old)}) will be closed on {N('date_of_birth', fmt_date(rand_recent(), 'eu'))}.\n",
        f"Hello {b.first},\n\nFollowing our call – the remittance for {inv} bounced because the IBAN on file "
        f"was wrong. The correct one is {P('iban', new)} (not {P('iban', old)}, that was our old bank). "
        f"Could you reissue the payment this week?\n",
        f"Guten Tag {b.first} {b.last},\n\nanbei unsere neue Bankverbindung:\n\n"
        f"Kontoinhaber: {co[0]}\nIBAN {P('iban', new)}\nVerwendungszweck: {inv}\n\n"
        f"Bitte beachten Sie, dass das Konto {P('iban', old)} nicht mehr verwendet werden soll.\n",
    ])
    if chance(0.3):
        txt += f"\nFor SEPA direct debit our creditor ID is {N('iban', 'DE' + rs(DIG, 2) + 'ZZZ' + rs(DIG, 11))}.\n"
    if chance(0.2):
        txt += f"\n(For reference, the sample in your vendor form, {example('iban')}, is not ours.)\n"
    return pick(["Change of bank details", "Updated banking information", "Neue Bankverbindung", "RE: remittance"]), txt, None


def body_it_creds(a, b, co):
    pw = V.password()
    ak, sk = V.akid(pick(["AKIA", "AKIA", "ASIA"])), V.aws_secret()
    t = pick([
        f"Hi {b.first},\n\nyour account has been set up.\n\nUsername: {slug(b.first)[0]}{slug(b.last)}\n"
        f"Temporary password: {P('password', pw)}\n\nYou will be asked to change it at first login. "
        f"VPN portal is vpn.{co[1]} (gateway {P('ip_address', V.ip_public())}).\n",
        f"{b.first} – creds for the staging bucket as discussed:\n\n{P('aws_access_key_id', ak)}\n{P('aws_secret_access_key', sk)}\n\n"
        f"region eu-central-1. Please don't commit these anywhere, rotate in 30 days.\n",
        f"Hey,\n\nAWS key for the CI user: {P('aws_access_key_id', ak)} / {P('aws_secret_access_key', sk)}\n"
        f"and the db is {P('database_connection_string', 'postgres://ci_user:' + V.password('rand') + '@db-staging.' + co[1] + ':5432/app')}\n\n"
        f"The docs example ({example('aws_access_key_id')}) won't work obviously :)\n",
        f"Hi {b.first},\n\nthe wifi password for the guest network is {P('password', V.password('season'))} and the "
        f"printer admin pin is 4471. The shared mailbox login is finance@{co[1]} / {P('password', pw)}.\n",
    ])
    t = t.replace(f"finance@{co[1]}", P("email", f"finance@{co[1]}"))
    return pick(["Your new account", "creds", "Access details", "staging access", "FW: login details"]), t, None


def body_legal(a, b, co):
    mk = pick(["PRIVILEGED & CONFIDENTIAL - ATTORNEY-CLIENT COMMUNICATION", "Privileged & Confidential",
               "ATTORNEY-CLIENT PRIVILEGED", "Attorney Work Product", "PRIVILEGED AND CONFIDENTIAL",
               "Confidential - Attorney Work Product", "WITHOUT PREJUDICE"])
    other = Person(pick(["US", "GB", "US"]))
    t = (f"{P('marking', mk)}\n\n{b.first},\n\nAs discussed, attached is our draft response to opposing counsel. "
         f"Their client, {other.name}, currently resides at {P('postal_address', other.addr(False))} and can be "
         f"served there. Please review paragraphs 4-7 before Thursday; I would like to keep the settlement figure "
         f"out of any written correspondence for now.\n\n"
         f"{pick(['Please keep this confidential between us until the partners sign off.', 'Do not forward outside the deal team.', 'Call me if anything is unclear.'])}\n")
    t = t.replace("Please keep this confidential between us", "Please keep this " + N("marking", "confidential") + " between us")
    if chance(0.4):
        t += f"\nMy direct line is {P('phone_number', a.phone)}.\n"
    return f"{P('marking', pick(['Privileged', 'PRIVILEGED & CONFIDENTIAL', 'Confidential']))}: draft response – {other.last} matter", t, None


def body_referral(a, b, co):
    pat = Person("US")
    codes = icd(R.randint(2, 3))
    dx = "\n".join(f"  - {desc} ({P('icd10_code', icd_form(c))})" for c, desc in codes)
    t = (f"Dr. {b.last},\n\nI am referring the patient below for further evaluation.\n\n"
         f"Patient: {pat.name}\nDOB: {P('date_of_birth', pat.dob_s())}\n"
         f"MRN: {P('medical_record_number', mrn())}\n"
         f"Phone: {P('phone_number', pat.phone)}\n\nActive problems:\n{dx}\n\n"
         f"Last visit {N('date_of_birth', fmt_date(rand_recent(), 'us'))}. Labs from that visit are attached. "
         f"Please fax your consult note to {P('phone_number', phone('US'))}.\n")
    return "Referral – " + pick(["cardiology", "endocrinology", "pulmonology", "ortho", "behavioral health"]), t, None


def body_travel(a, b, co):
    trav = Person("US")
    d = trav.dob_s(pick(["us", "long_us", "short_us", "iso", "dmy_mon"]))
    pp = V.us_passport()
    card = V.card(pick(["visa", "mc", "amex"]), pick([" ", "-", ""]))
    t = (f"Hi {b.first},\n\nplease book the Lisbon trip for {trav.first}:\n\n"
         f"Traveller: {trav.name.upper()}\nDate of birth: {P('date_of_birth', d)}\n"
         f"Passport: {P('us_passport', pp)} (exp {N('date_of_birth', fmt_date(rand_recent().replace(year=2031), 'us'))})\n"
         f"Known traveler no.: {N('us_passport', nine())}\n"
         f"Outbound TP{R.randint(200, 260)} on {N('date_of_birth', fmt_date(rand_recent(), 'long_us'))}, booking ref {rs(UP, 6)}\n\n"
         f"Charge it to the corporate card {P('credit_card', card)}, exp {R.randint(1, 12):02d}/{R.randint(26, 30)}.\n"
         f"{pick(['', 'Her mobile while travelling: ' + P('phone_number', trav.mobile) + chr(10)])}")
    return pick(["Travel booking", "Lisbon trip", "Flight + hotel request", "booking pls"]), t, None


def body_customer(a, b, co):
    order = N("credit_card", tracking_luhn()) if chance(0.5) else rs(DIG, 8)
    t = (f"Hello,\n\nI ordered a standing desk (order #{order}) and it still hasn't arrived. The tracking page says "
         f"it was delivered but it was not. My address is\n\n{b.name}\n{P('postal_address', b.addr(True))}\n\n"
         f"You charged my card ending {N('credit_card', rs(DIG, 4))} twice. Please call me at {P('phone_number', b.phone)} "
         f"or reply here. {pick(['Thanks', 'Regards', 'I am very dissapointed.'])}\n\n{b.first}\n")
    return pick(["Order not received!!", "Missing delivery", "Double charge", "Where is my order"]), t, None


def body_security(a, b, co):
    ip = V.ip_public()
    t = (f"Hi {b.first},\n\nWe noticed a new sign-in to your account {P('email', b.work_email)}.\n\n"
         f"  When: {rfc_date(rand_recent())}\n  Device: {pick(['Chrome on Windows', 'Safari on iPhone', 'Firefox on Linux'])}\n"
         f"  IP address: {P('ip_address', ip)}\n  Location: {pick(['Frankfurt, DE', 'Ashburn, US', 'Dublin, IE', 'Unknown'])}\n\n"
         f"If this was you, you can ignore this message. Otherwise reset your password at "
         f"https://account.{co[1]}/reset.\n\nRequest ID: {uuid()}\n")
    return "Security alert: new sign-in", t, None


def body_dev_env(a, b, co):
    stripe = V.stripe(pick(["sk_live_", "rk_live_", "sk_test_"]))
    t = (f"{b.first},\n\nprod is down because the new box has no .env. Here is what was on the old one, "
         f"paste it into /srv/app/.env:\n\n"
         f"DATABASE_URL={P('database_connection_string', 'postgresql://app:' + V.password('rand') + '@' + pick(['db1', 'pg-main', 'rds-prod']) + '.internal.' + co[1] + ':5432/app_prod')}\n"
         f"STRIPE_SECRET_KEY={P('stripe_key', stripe)}\n"
         f"OPENAI_API_KEY={P('openai_api_key', V.openai_key())}\n"
         f"SESSION_SECRET={P('password', V.password('rand'))}\n"
         f"GITHUB_DEPLOY_TOKEN={P('github_token', V.gh(pick(['ghp_', 'github_pat_'])))}\n"
         f"SLACK_BOT_TOKEN={P('slack_token', V.slack('xoxb'))}\n\n"
         f"and the deploy key (save as ~/.ssh/deploy_ed25519):\n\n{P('private_key', V.pem('openssh'))}\n\n"
         f"Sorry for sending this over email, will rotate tomorrow.\n")
    return pick(["prod env", "urgent: .env", "config for new server"]), t, None


def body_form(a, b, co):
    p = Person("US")
    t = (f"Hi,\n\nForwarding the completed intake form for {p.name} as text since the PDF won't open:\n\n"
         f"------------------------------\n"
         f"Full name ............ {p.name}\n"
         f"Social Security No. .. {P('us_ssn', V.ssn(pick(['-', ' '])))}\n"
         f"Date of Birth ........ {P('date_of_birth', p.dob_s('us'))}\n"
         f"Passport # ........... {P('us_passport', V.us_passport())}\n"
         f"Home address ......... {P('postal_address', p.addr(False))}\n"
         f"E-mail ............... {P('email', p.email)}\n"
         f"Phone ................ {P('phone_number', p.phone)}\n"
         f"Employee ID .......... {N('us_ssn', nine())}\n"
         f"------------------------------\n")
    return "FW: intake form", t, None


BODIES = [body_hr_onboarding, body_vendor_bank, body_it_creds, body_legal, body_referral, body_travel,
          body_customer, body_security, body_dev_env, body_form]


def tags(s):
    return s.replace("\x01", "<p>").replace("\x02", "<br>").replace("\x03", "</p>")


def qp_html(text):
    """text with markers -> quoted-printable HTML part (markers kept where the value survives literally)."""
    out, col = [], 0

    def emit(tok):
        nonlocal col
        if tok == "\n":
            out.append("\n")
            col = 0
            return
        ln = len(tok) if not tok.startswith(S) else len(tok.split(SEP, 1)[1]) - 1
        if col + ln > 75:
            out.append("=\n")
            col = 0
        out.append(tok)
        col += ln

    def enc_chars(s):
        for ch in s:
            if ch == "\n":
                emit("\n")
            elif ch == "=" or ord(ch) > 126:
                emit("".join("=%02X" % b for b in ch.encode()))
            else:
                emit(ch)

    pos = 0
    body = "".join("\x01" + para.replace("\n", "\x02\n") + "\x03\n" for para in text.split("\n\n") if para.strip())
    mark = re.compile("([%s%s])([^%s]*)%s([^%s]*)%s" % (S, DEC, SEP, SEP, E, E))
    for m in mark.finditer(body):
        enc_chars(tags(html.escape(body[pos:m.start()], quote=False)))
        tag, val = m.group(2), m.group(3)
        hv = html.escape(val, quote=False)
        if hv == val and all(32 <= ord(c) < 127 and c != "=" for c in val) and len(val) < 74:
            emit(m.group(0))
        else:
            enc_chars(hv.replace("\n", "<br>\n"))
            if m.group(1) == S and not tag.startswith("~"):
                out.append(D(tag, val.replace("<br>\n", "\n")))
        pos = m.end()
    enc_chars(tags(html.escape(body[pos:], quote=False)))
    return "<html><body>\n" + "".join(out) + "</body></html>\n"


def email_doc(i):
    co = COMPANIES[i % len(COMPANIES)]
    co2 = pick(COMPANIES)
    a = Person(co[2] if co[2] in ("US", "GB", "DE", "FR") else "US", co)
    b = Person(pick(["US", "GB", "DE", "FR", "US"]), co2)
    bodyfn = BODIES[i % len(BODIES)]
    subj, body, quoted = bodyfn(a, b, co)
    sender, rcpt = (b, a) if bodyfn in (body_hr_onboarding, body_customer) else (a, b)
    d = rand_recent()
    date = rfc_date(d)
    hdr = ""
    if chance(0.6):
        rc = received(co[1])
        hdr += "Return-Path: <" + P("email", sender.work_email) + ">\n"
        hdr += rc.replace("{RCPT}", P("email", rcpt.work_email)).replace("{DATE}", date)
    hdr += f"Date: {date}\nFrom: {addr_hdr(sender)}\nTo: {addr_hdr(rcpt)}\n"
    if chance(0.3):
        c = Person("US", co)
        hdr += f"Cc: {addr_hdr(c)}" + (f", {P('email', 'accounts@' + co[1])}" if chance(0.5) else "") + "\n"
    if quoted and not subj.startswith("Re"):
        subj = "Re: " + subj
    if chance(0.15):
        subj = P("marking", pick(["CONFIDENTIAL", "[INTERNAL]", "Confidential"])) + ": " + subj
    hdr += f"Subject: {subj}\nMessage-ID: <{msgid(co[1])}>\n"
    if quoted:
        hdr += f"In-Reply-To: <{msgid(co2[1])}>\n"
    if chance(0.25):
        hdr += f"X-Originating-IP: [{P('ip_address', V.ip_public())}]\n"
    if chance(0.2):
        hdr += f"X-Mailer: Microsoft Outlook 16.0.{R.randint(10000, 18000)}.{R.randint(20000, 21000)}\n"
    hdr += "MIME-Version: 1.0\n"

    if chance(0.7):
        body = body + "\n" + filler("mail") + "\n"
    if chance(0.4):
        body = filler("mail", 1) + "\n\n" + body
    text = body + signature(sender, sender.company or co, disclaimer_text() if chance(0.4) else None)
    if quoted:
        text += f"\nOn {rfc_date(d - __import__('datetime').timedelta(days=R.randint(1, 4)))}, {rcpt.name} <{P('email', rcpt.work_email)}> wrote:\n" + quote(quoted) + "\n"
    elif chance(0.3):
        prev = (f"From: {rcpt.name} <{P('email', rcpt.work_email)}>\nSent: {fmt_date(d, 'long_us')}\n"
                f"Subject: {re.sub('^(Re|RE|FW): ', '', subj)}\n\n"
                f"{pick(['Thanks, see below.', 'Any update on this?', 'Please advise.', 'Following up on my earlier note.'])}\n"
                f"{rcpt.first}\n")
        text += "\n-----Original Message-----\n" + prev
    charset_8bit = any(ord(c) > 127 for c in re.sub("[%s-%s]" % (S, DEC), "", text))
    mode = i % 7
    crlf = chance(0.4)
    if mode == 3:
        bnd = "----=_Part_" + rs(DIG, 6) + "_" + rs(DIG, 9)
        doc = (hdr + f'Content-Type: multipart/alternative; boundary="{bnd}"\n\n'
               f"--{bnd}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: {'8bit' if charset_8bit else '7bit'}\n\n"
               + text + f"\n--{bnd}\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
               + qp_html(text) + f"\n--{bnd}--\n")
    elif mode == 5 and i % 2 == 1:
        # plain body plus a base64 text attachment
        bnd = "_005_" + rs(UP + DIG, 20) + "_"
        att_p = Person("US")
        att_labels = ""
        att = (f"backup codes / logins\n\nbank: {att_p.email} / PW {V.password()}\n"
               f"ssn {V.ssn()}\n")
        # build the attachment with markers to recover its labels
        pw = V.password()
        ss = V.ssn()
        att = f"logins (old laptop)\n\nbank portal: {att_p.email}\npassword: {pw}\nssn {ss}\n"
        att_labels = D("email", att_p.email) + D("password", pw) + D("us_ssn", ss)
        b64 = base64.encodebytes(att.encode()).decode()
        doc = (hdr + f'Content-Type: multipart/mixed; boundary="{bnd}"\n\n'
               f"--{bnd}\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: {'8bit' if charset_8bit else '7bit'}\n\n"
               + text + f"\n--{bnd}\nContent-Type: text/plain; name=\"notes.txt\"\nContent-Disposition: attachment; filename=\"notes.txt\"\n"
               f"Content-Transfer-Encoding: base64\n\n" + b64 + att_labels + f"\n--{bnd}--\n")
    else:
        doc = hdr + f"Content-Type: text/plain; charset={'utf-8' if charset_8bit else pick(['us-ascii', 'utf-8'])}\n"
        doc += f"Content-Transfer-Encoding: {'8bit' if charset_8bit else '7bit'}\n\n" + text
    slugname = bodyfn.__name__.replace("body_", "")
    return f"mail_{i:03d}_{slugname}.eml", doc, crlf
