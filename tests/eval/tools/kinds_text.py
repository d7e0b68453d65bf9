"""Prose documents: clinical notes, contracts and legal letters, chats, tickets, HR letters, orders."""
import datetime

import values as V
from values import R, rs, DIG, UP, LO
from gen import (P, N, pick, chance, Person, company, phone, address, fmt_date, rand_recent, rand_dob,
                 icd, icd_form, mrn, tracking_luhn, imei, iccid, nine, aba, uuid, git_sha, example, marking,
                 COMPANIES, ICD, slug, filler)
from kinds_ai import phone_lookalike


# ---------------------------------------------------------------- clinical
def clinical_doc(i):
    p = Person("US")
    clinic = pick(["Brightpath Family Medicine", "Riverside Internal Medicine", "Meridian Orthopedics",
                   "St. Brigid's Clinic", "Lakeview Behavioral Health", "North Shore Cardiology"])
    dr = pick(["Amara Okafor, MD", "Henrik Lindqvist, DO", "Priya Shah, MD", "Grace Brennan, NP", "Luis Costa, PA-C"])
    visit = rand_recent()
    codes = icd(R.randint(2, 5))
    k = i % 4
    dob = P("date_of_birth", p.dob_s(pick(["us", "us", "long_us", "iso", "us_short"])))
    m = P("medical_record_number", mrn())
    age = visit.year - p.dob.year
    hdr = ""
    if chance(0.3):
        hdr += P("marking", pick(["CONFIDENTIAL", "CONFIDENTIAL PATIENT INFORMATION", "Confidential Health Information"])) + "\n"
    if k == 0:
        hdr += (f"{clinic}\nPROGRESS NOTE\n\nPatient: {p.last}, {p.first}    DOB: {dob}    MRN: {m}\n"
                f"Date of service: {N('date_of_birth', fmt_date(visit, 'us'))}    Provider: {dr}\n\n")
    elif k == 1:
        hdr += (f"DISCHARGE SUMMARY\n\nName: {p.name}\nMedical record number: {m}\nDate of birth: {dob} ({age} y/o)\n"
                f"Admission date: {N('date_of_birth', fmt_date(visit - datetime.timedelta(days=R.randint(2, 9)), 'long_us'))}\n"
                f"Discharge date: {N('date_of_birth', fmt_date(visit, 'long_us'))}\nAttending: {dr}\n\n")
    elif k == 2:
        hdr += (f"SOAP note – {clinic}\nPt {p.first} {p.last[0]}. | MRN# {m} | born {dob}\n"
                f"Appt {N('date_of_birth', fmt_date(visit, 'iso'))} {R.randint(8, 16)}:{pick(['00', '15', '30', '45'])}\n"
                f"Address on file: {P('postal_address', p.addr(False))}   Ph: {P('phone_number', p.phone)}\n\n")
    else:
        hdr += (f"Referral letter\n\n{dr}\n{clinic}\n{P('postal_address', address('US', True))}\n"
                f"Tel {P('phone_number', phone('US'))}  Fax {P('phone_number', phone('US'))}\n\n"
                f"Re: {p.name}, DOB {dob}, MRN {m}\n\nDear colleague,\n\n")
    sx = pick(["presents for follow-up of chronic conditions", "reports 2 weeks of worsening cough and fatigue",
               "c/o low back pain radiating to L leg x 3 wks", "here for annual physical; no acute complaints",
               "seen after ED visit for chest tightness, troponin neg x2"])
    body = (f"SUBJECTIVE:\n{age}yo {pick(['M', 'F', 'female', 'male'])} {sx}. Denies fever, chills. "
            f"{pick(['Adherent to meds.', 'Ran out of lisinopril 1 wk ago.', 'Sleeping poorly.', 'Walks 20 min/day.'])}\n\n"
            f"OBJECTIVE:\nBP {R.randint(112, 168)}/{R.randint(68, 98)}  HR {R.randint(58, 104)}  SpO2 {R.randint(92, 99)}%  "
            f"BMI {R.randint(19, 44)}.{R.randint(0, 9)}\nA1c {R.randint(5, 10)}.{R.randint(0, 9)}% (lab ref {N('medical_record_number', 'LAB-' + rs(DIG, 7))})\n\n")
    style = pick(["paren", "dash", "bracket", "icd"])
    lines = []
    for n, (c, desc) in enumerate(codes, 1):
        cc = P("icd10_code", icd_form(c))
        plan = pick(["continue current regimen", "start metformin 500 mg BID", "refer to PT", "recheck in 3 months",
                     "labs: CMP, lipid panel", "counseled on diet and exercise", "increase sertraline to 100 mg",
                     "albuterol PRN, spacer teaching done", "follow up with specialist"])
        if style == "paren":
            lines.append(f"{n}. {desc} ({cc}) - {plan}")
        elif style == "dash":
            lines.append(f"{n}) {cc} - {desc}. Plan: {plan}.")
        elif style == "bracket":
            lines.append(f"# {desc} [{cc}]\n   {plan}")
        else:
            lines.append(f"- {desc}, ICD-10: {cc}; {plan}")
    body += filler("clinic", R.randint(2, 5)) + "\n\n"
    body += "ASSESSMENT AND PLAN:\n" + "\n".join(lines) + "\n"
    if chance(0.4):
        c = pick([("I10", "HTN"), ("J45", "asthma"), ("E11", "DM2"), ("F32", "depression"), ("M54", "dorsalgia"), ("R05", "cough")])
        body += f"\nHx notable for {c[1]} ({P('icd10_code', c[0])}), long-standing.\n"
    if chance(0.35):
        body += (f"\nNote: room {N('icd10_code', pick(['B12', 'C34', 'E11', 'F41']) + '.' + str(R.randint(1, 9)))} was used for the exam; "
                 f"form {N('icd10_code', pick(['I-9', 'W-2', 'A-1']))} not relevant.\n")
    body += (f"\nFollow-up: {N('date_of_birth', fmt_date(visit + datetime.timedelta(days=R.randint(14, 120)), 'us'))}\n"
             f"Electronically signed by {dr}\n")
    if k == 3:
        body += f"\nPlease contact our office at {P('phone_number', phone('US'))} with any questions.\n"
    return f"clinical_{i:03d}_{['progress', 'discharge', 'soap', 'referral'][k]}.txt", hdr + body, chance(0.3)


# ---------------------------------------------------------------- legal
def party_block(country):
    co = pick(COMPANIES)
    return co, address(country, chance(0.4))


def legal_doc(i):
    k = i % 4
    top = P("marking", marking())
    a_cc, b_cc = pick(["US", "GB", "DE", "FR", "NL"]), pick(["US", "GB", "DE", "IE", "CH"])
    (ca, aa), (cb, ab) = party_block(a_cc), party_block(b_cc)
    d = rand_recent()
    if k == 0:
        t = (f"{top}\n\nMUTUAL NON-DISCLOSURE AGREEMENT\n\nThis Agreement is entered into as of "
             f"{N('date_of_birth', fmt_date(d, 'long_us'))} (the \"Effective Date\") by and between\n\n"
             f"{ca[0]}, having its principal place of business at {P('postal_address', aa)} (\"Disclosing Party\"), and\n\n"
             f"{cb[0]}, with offices at {P('postal_address', ab)} (\"Receiving Party\").\n\n"
             f"1. Definitions. \"{N('marking', 'Confidential Information')}\" means any non-public information disclosed by either party, "
             f"whether orally or in writing, that is designated as confidential or that reasonably should be understood to be "
             f"confidential given the nature of the information.\n\n"
             f"2. Obligations. The Receiving Party shall hold the Confidential Information in strict confidence and shall not "
             f"disclose it to any third party without prior written consent.\n\n"
             f"3. Term. This Agreement remains in effect for three (3) years; see section 4, Main results of the "
             f"evaluation are excluded.\n\n"
             f"4. Notices. Notices shall be sent to the addresses above or by e-mail to {P('email', 'legal@' + ca[1])} and "
             f"{P('email', 'contracts@' + cb[1])}.\n\n"
             f"IN WITNESS WHEREOF the parties have executed this Agreement.\n\n"
             f"_________________________          _________________________\n{Person('US').name}, {ca[0]}          {Person('US').name}, {cb[0]}\n\n"
             f"{P('marking', pick(['Proprietary and Confidential', 'CONFIDENTIAL', 'Company Confidential - Do Not Distribute']))}"
             f"                                                  Page 1 of 3\n")
        t = t.replace("see section 4, Main results", N("postal_address", "see section 4, Main results"))
    elif k == 1:
        other = Person(pick(["US", "GB"]))
        firm = pick(["Finch & Rowe LLP", "Thornbury Solicitors", "Hale Mercer Partners"])
        t = (f"{firm}\n{P('postal_address', address(pick(['US', 'GB']), True))}\n"
             f"Tel: {P('phone_number', phone(pick(['US', 'GB'])))}\n\n"
             f"{fmt_date(d, 'long_eu')}\n\n"
             f"{P('marking', pick(['PRIVILEGED & CONFIDENTIAL', 'WITHOUT PREJUDICE SAVE AS TO COSTS', 'PRIVILEGED AND CONFIDENTIAL - ATTORNEY-CLIENT COMMUNICATION', 'Attorney Work Product']))}\n"
             f"BY EMAIL AND FIRST CLASS POST\n\n{other.name}\n{P('postal_address', other.addr(True))}\n"
             f"{P('email', other.email)}\n\nDear {pick(['Mr', 'Ms', 'Mx'])} {other.last},\n\n"
             f"Re: Unauthorised use of customer data – our client {ca[0]}\n\n"
             f"We act for {ca[0]}. It has come to our client's attention that you retained copies of the customer "
             f"database after your employment ended on {N('date_of_birth', fmt_date(rand_recent(), 'long_eu'))}. "
             f"We require written confirmation within 14 days that all copies have been destroyed.\n\n"
             f"We would ask you to treat this letter as confidential; nothing in it should be read as a waiver of privilege.\n\n"
             f"Yours sincerely,\n\n{Person('GB').name}\nPartner\n")
        t = t.replace("treat this letter as confidential", "treat this letter as " + N("marking", "confidential"))
    elif k == 2:
        emp = Person(pick(["US", "GB", "DE"]))
        cc = pick(["DE", "GB", "NL", "FR", "IE", "ES"])
        t = (f"{top}\n\nSETTLEMENT AGREEMENT\n\nBetween {ca[0]} (the \"Company\") and {emp.name}, residing at "
             f"{P('postal_address', emp.addr(False))} (the \"Employee\").\n\n"
             f"1. The Company shall pay the Employee the gross sum of EUR {R.randint(10, 90)},{R.randint(100, 999)}.00 "
             f"within 28 days into the Employee's account IBAN {P('iban', V.iban(cc, chance(0.6)))}.\n"
             f"2. The Employee's date of birth ({P('date_of_birth', emp.dob_s())}) is recorded for pension purposes only.\n"
             + (f"3. Social Security Number: {P('us_ssn', V.ssn())}\n" if emp.country == "US" else
                f"3. Reference number: {N('us_ssn', nine())}\n") +
             f"4. Both parties agree that the terms of this agreement are {N('marking', 'confidential')} and shall not be disclosed.\n\n"
             f"Signed ____________________  Date {N('date_of_birth', fmt_date(d, 'eu'))}\n\n"
             f"{P('marking', pick(['Strictly Confidential', 'STRICTLY PRIVATE AND CONFIDENTIAL', 'Private & Confidential']))}\n")
    else:
        HCAEO = "HIGHLY CONFIDENTIAL - ATTORNEYS' EYES ONLY"
        t = (f"{P('marking', pick(['MATERIAL NON-PUBLIC INFORMATION', 'Material non-public information', HCAEO, 'RESTRICTED // NOFORN']))}\n\n"
             f"MEMORANDUM\n\nTo: Board of Directors, {ca[0]}\nFrom: General Counsel\nDate: {fmt_date(d, 'long_us')}\n"
             f"Re: Project {pick(['Falcon', 'Juniper', 'Atlas', 'Nimbus'])} – proposed acquisition of {cb[0]}\n\n"
             f"The target's registered office is {P('postal_address', ab)}. Management proposes an offer of "
             f"${R.randint(12, 95)}.{R.randint(0, 99):02d} per share. Trading in the securities of either company by insiders "
             f"is prohibited until public announcement. Wire instructions for the escrow deposit: "
             f"{P('iban', V.iban(pick(['GB', 'CH', 'LU', 'IE', 'NL']), True))}.\n\n"
             f"Questions to {P('email', Person('US', ca).work_email)} or {P('phone_number', phone('US'))}.\n\n"
             f"{P('marking', pick(['Confidential', 'INTERNAL USE ONLY', 'Classification: Confidential', 'Do Not Forward']))}\n")
    t = t.replace("\n\n", "\n\n" + filler("legal", R.randint(2, 5)) + "\n\n", 1) if k != 1 else t
    t += "\n" + filler("legal", R.randint(1, 3)) + "\n"
    name = ["nda", "letter", "settlement", "memo"][k]
    return f"legal_{i:03d}_{name}.txt", t, chance(0.2)


# ---------------------------------------------------------------- chats
def chat_doc(i):
    co = pick(COMPANIES)
    a, b, c = Person("US", co), Person(pick(["DE", "GB", "US"]), co), Person("US", co)
    ua, ub, uc = slug(a.first) + "." + slug(a.last)[0], slug(b.first), slug(c.first) + slug(c.last)[:3]
    k = i % 5
    slack = i % 2 == 0
    msgs = []
    if k == 0:
        ak, sk = V.akid(), V.aws_secret()
        msgs = [(ua, "anyone have the aws creds for the reporting account? mine expired"),
                (ub, "which one, prod or sandbox"), (ua, "sandbox"),
                (ub, f"my aws secret is {P('aws_secret_access_key', sk)} and key id {P('aws_access_key_id', ak)}, don't share pls"),
                (uc, "🙈 please use the vault next time"), (ub, "yeah yeah, will rotate after the demo")]
    elif k == 1:
        pw = V.password()
        msgs = [(ua, f"hey can you log into the router admin? it's at {P('ip_address', V.ip_private())}"),
                (ub, "what's the pw"), (ua, f"admin / {P('password', pw)}"),
                (ub, f"doesn't work"), (ua, f"oh sorry it's {P('password', V.password('season'))} since the reset"),
                (ub, "in, thx"), (uc, "fyi the docs still say the password is " + example('password') + " lol")]
    elif k == 2:
        p = Person("US")
        msgs = [(ua, f"customer called, {p.name}, wants a refund. card was {P('credit_card', V.card(pick(['visa', 'mc', 'amex']), pick([' ', '', '-'])))}"),
                (ub, "don't paste card numbers in here!!"), (ua, f"sorry. her email is {P('email', p.email)} and phone {P('phone_number', p.phone)}"),
                (uc, f"refund issued, ref {N('credit_card', tracking_luhn())}"),
                (ua, f"she also asked us to update her address to {P('postal_address', p.addr(False))}")]
    elif k == 3:
        tok = pick([V.gh("ghp_"), V.gh("github_pat_"), V.gh("gho_")])
        st = V.slack(pick(["xoxb", "hook"]))
        msgs = [(ua, "CI is failing on the release job"), (ub, "the token expired, here's a new one: " + P("github_token", tok)),
                (ua, f"also the alerts webhook is {P('slack_token', st)} if you need it"),
                (uc, f"commit {N('aws_secret_access_key', git_sha())} fixed the flaky test btw"),
                (ub, f"and the openai key for the bot: {P('openai_api_key', V.openai_key())}"),
                (ua, "thanks, rotating all of these friday")]
        if chance(0.6):
            msgs.append((uc, "also who has the prod ssh key? mine's gone after the laptop swap"))
            msgs.append((ub, "```\n" + P("private_key", V.pem(pick(["rsa", "openssh", "ec"]))) + "\n```"))
            msgs.append((uc, f"ty. and the other PAT {P('github_token', V.gh(pick(['ghp_', 'gho_', 'ghu_'])))}"))
    else:
        p = Person("US")
        msgs = [(ua, f"HR needs {p.first}'s details for the visa letter"),
                (ub, f"passport {P('us_passport', V.us_passport())}, born {P('date_of_birth', p.dob_s(pick(['long_us', 'us', 'short_us'])))}"),
                (ua, f"and SSN? the form has a box"), (ub, f"SS# {P('us_ssn', V.ssn())}"),
                (uc, f"fwiw employee id is {N('us_ssn', nine())}, not the ssn"),
                (ua, f"ok, sending to {P('email', 'immigration@' + co[1])}")]
    lines = []
    t0 = R.randint(8, 16) * 60 + R.randint(0, 59)
    day = rand_recent()
    if slack:
        lines.append(f"#{pick(['eng-ops', 'support', 'general', 'hr-private', 'release'])} — exported {fmt_date(day, 'iso')}\n")
        for u, m in msgs:
            t0 += R.randint(0, 7)
            lines.append(f"[{t0 // 60 % 12 or 12}:{t0 % 60:02d} {'AM' if t0 < 720 else 'PM'}] {u}: {m}")
    else:
        names = {ua: f"{a.last}, {a.first}", ub: f"{b.last}, {b.first}", uc: f"{c.last}, {c.first}"}
        for u, m in msgs:
            t0 += R.randint(0, 7)
            lines.append(f"{names[u]}  {fmt_date(day, 'us_short')} {t0 // 60}:{t0 % 60:02d}\n{m}\n")
    name = "slack" if slack else "teams"
    return f"chat_{i:03d}_{name}.txt", "\n".join(lines) + "\n", False


# ---------------------------------------------------------------- support tickets
def ticket_doc(i):
    p = Person(pick(["US", "GB", "DE", "FR", "NL"]))
    co = pick(COMPANIES)
    tid = R.randint(10000, 99999)
    k = i % 3
    t = (f"Ticket #{tid}   Status: {pick(['Open', 'Pending', 'Solved'])}   Priority: {pick(['Normal', 'High', 'Urgent'])}\n"
         f"Requester: {p.name} <{P('email', p.email)}>\nCreated: {N('date_of_birth', fmt_date(rand_recent(), 'iso'))} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}\n"
         f"Subject: {pick(['Cannot log in', 'Wrong address on invoice', 'Refund request', 'Account locked', 'API returns 401'])}\n\n"
         "--- Customer ---\n")
    if k == 0:
        t += (f"hi, i cant log in since yesterday. i tried resetting my pasword to {P('password', V.password())} but it says "
              f"invalid. my phone number is {P('phone_number', p.phone)} if you want to call. please help asap\n\n"
              "--- Agent ---\n"
              f"Hi {p.first}, please never send your password by email. I've unlocked the account; login attempts came from "
              f"{P('ip_address', V.ip_public())} which we blocked. Device IMEI on file {N('credit_card', imei())}.\n")
    elif k == 1:
        t += (f"The invoice was sent to my old address. New one:\n{P('postal_address', p.addr(True))}\n"
              f"Please also update the SEPA mandate to {P('iban', V.iban(pick(['DE', 'NL', 'FR', 'BE', 'AT']), chance(0.5)))}\n\n"
              "--- Agent ---\n"
              f"Done. Invoice {N('us_passport', nine())} reissued; mandate reference {N('iban', 'MNDT' + rs(DIG, 10))}.\n")
    else:
        jwt = V.jwt({"sub": str(R.randint(10000, 99999)), "email": p.email, "iat": 1700000000 + R.randint(0, 9 ** 7)})
        t += (f"Our integration gets 401 since the upgrade. Request:\n\n  curl -H \"Authorization: Bearer {P('jwt', jwt)}\" "
              f"https://api.{co[1]}/v2/orders\n\nIt worked on SDK {N('ip_address', '4.12.0.3')}.\n\n"
              "--- Agent ---\n"
              f"Thanks — the token is expired. Also please rotate it, you posted it in a ticket. The sample token in our docs "
              f"({example('jwt')}) is not valid either.\n")
    t += "\n--- Customer ---\n" + filler("support", 1) + "\n--- Agent ---\n" + filler("support", 2) + "\n"
    if chance(0.5):
        t += f"Internal note: RMA {N('phone_number', phone_lookalike())}, callback from {P('phone_number', p.mobile)}\n"
    if chance(0.4):
        t += f"\nSIM ICCID: {N('credit_card', iccid())}\n"
    return f"ticket_{i:03d}.txt", t, chance(0.3)


# ---------------------------------------------------------------- HR letters
def hr_letter_doc(i):
    co = pick(COMPANIES)
    p = Person(pick(["US", "GB", "DE", "US"]), co)
    d = rand_recent()
    k = i % 3
    mk = P("marking", pick(["Private & Confidential", "PRIVATE AND CONFIDENTIAL", "Strictly Private & Confidential", "CONFIDENTIAL"]))
    head = f"{co[0]}\n{P('postal_address', address(co[2] if co[2] in ('US', 'GB', 'DE', 'FR', 'NL', 'CH', 'IE', 'ES', 'IT') else 'US', True))}\n\n"
    head += f"{fmt_date(d, 'long_us' if p.country == 'US' else 'long_eu')}\n\n{mk}\n{p.name}\n{P('postal_address', p.addr(True))}\n\n"
    if k == 0:
        body = (f"Dear {p.first},\n\nOffer of employment\n\nWe are delighted to offer you the position of "
                f"{pick(['Data Analyst', 'Warehouse Supervisor', 'Staff Accountant', 'Product Designer'])} starting on "
                f"{N('date_of_birth', fmt_date(rand_recent(), 'long_us'))}, at an annual salary of {R.randint(48, 140)},000.\n\n"
                f"Please bring proof of identity on your first day. We have recorded your date of birth as "
                f"{P('date_of_birth', p.dob_s())}; let us know if this is incorrect.\n\n")
    elif k == 1:
        body = (f"To whom it may concern,\n\nThis letter confirms that {p.name}, born {P('date_of_birth', p.dob_s())}, has been "
                f"employed by {co[0]} since {N('date_of_birth', fmt_date(rand_recent().replace(year=R.randint(2012, 2021)), 'long_us'))}.\n"
                + (f"SSN on file: {P('us_ssn', V.ssn())}\n" if p.country == "US" else f"Personnel no. {N('us_ssn', nine())}\n")
                + "\n")
    else:
        body = (f"Dear {p.first},\n\nFollowing our meeting, I confirm that your employment will end on "
                f"{N('date_of_birth', fmt_date(rand_recent(), 'long_eu'))}. Your final salary will be paid to your account "
                + (f"{P('iban', V.iban(p.country if p.country in ('GB', 'DE') else 'DE', True))}" if p.country != "US" else
                   f"ending {N('credit_card', rs(DIG, 4))}") + ".\n\n")
    body += (f"If you have any questions please contact HR on {P('phone_number', phone(p.country))} or "
             f"{P('email', 'people@' + co[1])}.\n\nKind regards,\n\n{Person(p.country).name}\nHead of People\n")
    return f"hr_letter_{i:03d}.txt", head + body, chance(0.3)


# ---------------------------------------------------------------- orders
def order_doc(i):
    p = Person(pick(["US", "US", "GB", "DE", "FR", "NL", "IE", "IT"]))
    shop = pick(["Fernwood Outdoor", "Pixelhaus", "Bloom & Stem", "Kettle Supply Co.", "Maison Lavande"])
    d = rand_recent()
    order = N("credit_card", tracking_luhn()) if chance(0.4) else str(R.randint(10 ** 8, 10 ** 9 - 1))
    track = N("credit_card", tracking_luhn()) if chance(0.6) else "1Z" + rs(UP + DIG, 16)
    items = "\n".join(f"  {R.randint(1, 3)} x {pick(['Trail Runner 2 (EU 42)', 'USB-C Hub', 'Ceramic Mug', 'Linen Shirt M', 'Desk Lamp'])}"
                      f"   {R.randint(9, 180)}.{R.randint(0, 99):02d}" for _ in range(R.randint(1, 4)))
    same = chance(0.5)
    ship = P("postal_address", p.addr(True))
    bill = P("postal_address", p.addr(chance(0.5)))
    t = (f"{shop} – Order confirmation\n\nHi {p.first},\n\nThanks for your order! We'll let you know when it ships.\n\n"
         f"Order number: {order}\nOrder date: {N('date_of_birth', fmt_date(d, pick(['long_us', 'us', 'eu'])))}\n\n{items}\n\n"
         f"Shipping to:\n{p.name}\n{ship}\n{P('phone_number', p.phone)}\n\n"
         + ("Billing address: same as shipping\n" if same else f"Billing address:\n{bill}\n")
         + f"\nPayment: {pick(['Visa', 'Mastercard', 'Amex'])} ending in {N('credit_card', rs(DIG, 4))}\n"
         f"Tracking number: {track}\nItem no. {N('phone_number', phone_lookalike())}\n\nQuestions? Reply to this e-mail or write to {P('email', 'help@' + slug(shop) + '.com')}.\n"
         f"This receipt was sent to {P('email', p.email)}.\n")
    if chance(0.3):
        t += f"\nGift card applied: {N('credit_card', V.luhn_number(16, '6'))}\n"
    return f"order_{i:03d}.txt", t, chance(0.4)
