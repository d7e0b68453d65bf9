"""CSV / TSV exports: the column header names the value, the cells carry no other context."""
import re

import values as V
from values import R, rs, DIG, UP, LO
from gen import (P, N, S, SEP, E, DEC, pick, chance, Person, company, phone, address, fmt_date, rand_recent,
                 rand_dob, icd, icd_form, mrn, tracking_luhn, nine, aba, uuid, example, COMPANIES, slug)

MARK = re.compile("[%s%s][^%s]*%s([^%s]*)%s" % (S, DEC, SEP, SEP, E, E))


def plain(s):
    return MARK.sub(lambda m: m.group(1), s)


def table(headers, rows, delim=",", quote_all=False, crlf=False):
    def cell(c):
        p = plain(c)
        if quote_all or (delim in p or "\n" in p or '"' in p):
            return '"' + c + '"'
        return c
    lines = [delim.join(cell(h) for h in headers)]
    for r in rows:
        lines.append(delim.join(cell(c) for c in r))
    return "\n".join(lines) + "\n"


def hr_export(i):
    co = pick(COMPANIES)
    hs = pick([["employee_id", "first_name", "last_name", "email", "phone", "ssn", "dob", "hire_date", "home_address", "department"],
               ["EmpNo", "Name", "Work Email", "Mobile", "SSN", "Date of Birth", "Start Date", "Address", "Dept"],
               ["id", "full_name", "email", "ssn_last4", "SocialSecurityNumber", "birthdate", "hired", "street_address", "cost_center"]])
    rows = []
    sep = pick(["-", "-", "", " "])
    dstyle = pick(["us", "iso", "us_short"])
    for _ in range(R.randint(30, 70)):
        p = Person("US", co)
        ssn = V.ssn(sep)
        emp = N("us_ssn", nine()) if chance(0.4) else str(R.randint(1000, 99999))
        hire = N("date_of_birth", fmt_date(rand_recent(), dstyle))
        addr = P("postal_address", p.addr(chance(0.15)))
        dob = P("date_of_birth", fmt_date(p.dob, dstyle))
        dept = pick(["Finance", "Engineering", "Sales", "Ops", "HR", "Legal", "Support", "Warehouse"])
        if hs[0] == "employee_id":
            rows.append([emp, p.first, p.last, P("email", p.work_email), P("phone_number", p.phone), P("us_ssn", ssn), dob, hire, addr, dept])
        elif hs[0] == "EmpNo":
            rows.append([emp, p.name, P("email", p.work_email), P("phone_number", p.mobile), P("us_ssn", ssn), dob, hire, addr, dept])
        else:
            rows.append([emp, p.name, P("email", p.work_email), ssn[-4:], P("us_ssn", ssn), dob, hire, addr, N("us_passport", nine()) if chance(0.2) else dept])
    return "hr_employees", hs, rows


def crm_contacts(i):
    hs = ["Contact Name", "Company", "Email", "Phone", "Mobile", "Mailing Address", "Country", "Last Activity", "Owner"]
    rows = []
    for _ in range(R.randint(30, 70)):
        c = pick(COMPANIES)
        cc = pick(["US", "GB", "DE", "FR", "NL", "CH", "ES", "IT", "IE", "AT", "BE"])
        p = Person(cc, c)
        rows.append([p.name, c[0], P("email", p.work_email), P("phone_number", p.phone),
                     P("phone_number", p.mobile) if chance(0.6) else "",
                     P("postal_address", p.addr(chance(0.2))), cc,
                     N("date_of_birth", fmt_date(rand_recent(), "iso")) if chance(0.3) else fmt_date(rand_recent(), "iso") + " 14:02",
                     pick(["jsmith", "mkoenig", "a.rossi", "unassigned"])])
    return "crm_contacts", hs, rows


def billing(i):
    hs = pick([["customer_id", "name", "card_number", "exp", "cvv_on_file", "iban", "invoice_no", "amount", "currency"],
               ["Kunde", "Name", "Kartennummer", "Gültig bis", "Hinterlegt", "IBAN", "Rechnungsnr.", "Betrag", "Währung"]])
    rows = []
    for _ in range(R.randint(25, 60)):
        cc = pick(["DE", "FR", "NL", "AT", "BE", "ES", "IT", "GB", "IE", "CH", "PT", "FI", "LU", "MT", "PL", "CZ", "SK", "SI", "HR", "LT", "LV", "EE", "GR", "HU", "RO", "NO", "SE", "DK", "IS", "LI"])
        p = Person(pick(["DE", "FR", "NL", "GB", "US"]))
        brand = pick(["visa", "mc", "mc", "amex", "disc", "jcb", "diners"])
        cardv = P("credit_card", V.card(brand, pick(["", " ", "-", ""]))) if chance(0.7) else ""
        ib = P("iban", V.iban(cc, chance(0.4))) if chance(0.7) or not cardv else ""
        inv = N("credit_card", tracking_luhn()) if chance(0.15) else N("us_passport", nine()) if chance(0.2) else "RE-" + rs(DIG, 7)
        rows.append([str(R.randint(100000, 999999)), p.name, cardv, f"{R.randint(1, 12):02d}/{R.randint(26, 31)}" if cardv else "",
                     pick(["yes", "no"]), ib, inv, f"{R.randint(5, 9000)}.{R.randint(0, 99):02d}", pick(["EUR", "EUR", "GBP", "USD", "CHF"])])
    if chance(0.5):
        rows.append(["000000", "TEST CUSTOMER", example("credit_card"), "12/30", "no", example("iban"), "TEST", "0.00", "EUR"])
    return "billing", hs, rows


def patients(i):
    hs = pick([["MRN", "Patient Name", "DOB", "Sex", "Admit Date", "Dx Code", "Dx Description", "Attending", "Phone"],
               ["mrn", "last_name", "first_name", "date_of_birth", "encounter_date", "icd10", "secondary_icd10", "provider", "insurance_id"],
               ["Medical Record Number", "Name", "Birth Date", "Appointment", "Primary Diagnosis (ICD-10-CM)", "Notes"]])
    rows = []
    dstyle = pick(["us", "iso", "us_short", "dmy_mon"])
    for _ in range(R.randint(25, 60)):
        p = Person("US")
        (c1, d1), (c2, d2) = icd(2)
        m = P("medical_record_number", mrn())
        dob = P("date_of_birth", fmt_date(p.dob, dstyle))
        adm = N("date_of_birth", fmt_date(rand_recent(), dstyle))
        dr = "Dr. " + pick(["Okafor", "Lindqvist", "Shah", "Brennan", "Costa", "Hale"])
        if hs[0] == "MRN":
            rows.append([m, f"{p.last}, {p.first}", dob, pick("MF"), adm, P("icd10_code", icd_form(c1)), d1, dr, P("phone_number", p.phone)])
        elif hs[0] == "mrn":
            rows.append([m, p.last, p.first, dob, adm, P("icd10_code", icd_form(c1)), P("icd10_code", icd_form(c2)) if chance(0.6) else "", dr,
                         N("medical_record_number", rs(UP, 3) + rs(DIG, 9))])
        else:
            rows.append([m, p.name, dob, adm, f"{d1} ({P('icd10_code', c1)})", pick(["", "f/u 3 mo", "no-show x2", "interpreter needed", "prefers text"])])
    return "patients", hs, rows


def travel(i):
    hs = pick([["traveller", "passport_no", "nationality", "DOB", "passport_expiry", "email", "mobile", "frequent_flyer"],
               ["Last Name", "First Name", "Passport Number", "Date of Birth", "Expiry", "Seat", "Record Locator"]])
    rows = []
    for _ in range(R.randint(20, 45)):
        p = Person("US")
        pp = P("us_passport", V.us_passport())
        exp = N("date_of_birth", fmt_date(rand_recent().replace(year=R.randint(2027, 2034)), "iso"))
        dob = P("date_of_birth", p.dob_s(pick(["iso", "us", "dmy_mon"])))
        if hs[0] == "traveller":
            rows.append([p.name.upper(), pp, "USA", dob, exp, P("email", p.email), P("phone_number", p.mobile),
                         N("us_passport", nine()) if chance(0.3) else rs(UP, 2) + rs(DIG, 7)])
        else:
            rows.append([p.last.upper(), p.first.upper(), pp, dob, exp, f"{R.randint(1, 40)}{pick('ABCDEF')}", rs(UP + DIG, 6)])
    return "travel_roster", hs, rows


def accounts(i):
    hs = ["user_id", "email", "signup_ip", "last_login_ip", "last_login", "plan", "api_key_hash"]
    rows = []
    for _ in range(R.randint(30, 70)):
        p = Person()
        ip2 = V.ip_public() if chance(0.8) else ipv6()
        rows.append([N("aws_access_key_id", uuid()) if chance(0.2) else uuid(), P("email", p.email), P("ip_address", V.ip_public()),
                     P("ip_address", ip2), f"{fmt_date(rand_recent(), 'iso')}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z",
                     pick(["free", "pro", "team"]), N("aws_secret_access_key", V.hexs(40)) if chance(0.3) else V.hexs(40)])
    return "user_accounts", hs, rows


def payroll(i):
    hs = ["Employee", "SSN", "Routing", "Account", "Home Address", "Gross", "Pay Date"]
    rows = []
    for _ in range(R.randint(20, 50)):
        p = Person("US")
        rows.append([p.name, P("us_ssn", V.ssn(pick(["", "-"]))), N("us_ssn", aba()), rs(DIG, R.randint(8, 12)),
                     P("postal_address", p.addr(False)), f"{R.randint(1500, 9000)}.{R.randint(0, 99):02d}",
                     N("date_of_birth", fmt_date(rand_recent(), "us"))])
    return "payroll", hs, rows


def members(i):
    hs = ["Mitglied", "Name", "E-Mail", "Telefon", "Anschrift", "Geburtsdatum", "IBAN (Lastschrift)", "Eintritt"]
    rows = []
    for _ in range(R.randint(20, 50)):
        cc = pick(["DE", "DE", "DE", "AT", "CH", "NL"])
        p = Person(cc)
        rows.append([str(R.randint(1000, 9999)), f"{p.last}, {p.first}", P("email", p.email), P("phone_number", p.phone),
                     P("postal_address", p.addr(chance(0.3))), P("date_of_birth", p.dob_s("dot")),
                     P("iban", V.iban(cc if cc != "CH" else "CH", chance(0.5))),
                     N("date_of_birth", fmt_date(rand_recent(), "dot"))])
    return "vereinsmitglieder", hs, rows


def ipv6():
    if chance(0.5):
        return pick(["2a02", "2001", "2600", "2a01", "2003", "2804"]) + ":" + ":".join(V.hexs(4).lstrip("0") or "0" for _ in range(7))
    return pick(["2a02:8108", "2001:4860", "2600:1700", "2a01:4f8", "2003:e8"]) + ":" + V.hexs(4).lstrip("0") + "::" + V.hexs(R.randint(1, 4)).lstrip("0")


KINDS = [hr_export, crm_contacts, billing, patients, travel, accounts, payroll, members]


def csv_doc(i):
    fn = KINDS[i % len(KINDS)]
    name, hs, rows = fn(i)
    tsv = chance(0.3)
    delim = "\t" if tsv else pick([",", ",", ",", ";"])
    txt = table(hs, rows, delim, quote_all=(not tsv and chance(0.2)))
    ext = "tsv" if tsv else "csv"
    return f"export_{i:03d}_{name}.{ext}", txt, chance(0.5)
