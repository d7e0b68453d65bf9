"""People, places and formatting helpers shared by build.py.

Labelled spans are written inline with private-use markers so that templates stay readable:
  P(type, value)            a positive span
  N(looks_like, value, ex)  a negative span (ex=True: a published documentation example)
  D(type, value)            a label for decoded text only (no bytes are written)
build.py strips the markers and turns them into byte offsets.
"""
import datetime
import values as V
from values import R, rs, DIG, UP, LO, ALNUM

S, SEP, E, DEC = "\ue000", "\ue001", "\ue002", "\ue003"


def P(t, v):
    assert S not in v and E not in v
    return S + t + SEP + v + E


def N(t, v, ex=False):
    return S + "~" + t + ("!" if ex else "") + SEP + v + E


def D(t, v):
    return DEC + t + SEP + v + E


def pick(seq):
    return R.choice(seq)


def chance(p):
    return R.random() < p


# ------------------------------------------------------------------ names
FIRST = ["James", "Maria", "Zoë", "Jürgen", "Chloé", "Siobhán", "Łukasz", "Søren", "Ana", "Mei",
         "Priya", "Olumide", "Fatima", "Henrik", "Camille", "Giulia", "Mateo", "Aoife", "Noah",
         "Emily", "Daniel", "Sophie", "Lars", "Inés", "François", "Björn", "Hannah", "Kwame",
         "Rachel", "Tomasz", "Yuki", "Elena", "Marcus", "Leonie", "Dmitri", "Grace", "Oliver",
         "Anika", "Ravi", "Julia", "Pedro", "Ingrid", "Theo", "Amélie", "Connor", "Nadia", "Ethan",
         "Lucía", "Hugo", "Keisha", "Wei", "Stefan", "Margit", "Tyler", "Brianna", "Derek"]
LAST = ["Müller", "Adams", "O'Brien", "García", "Nguyen", "Schmidt", "Dubois", "Kowalski", "Rossi",
        "Johansson", "Okafor", "Patel", "Fischer", "Martin", "Byrne", "Kim", "Jensen", "Moreau",
        "Hoffmann", "Lefèvre", "Fernández", "van der Berg", "Janssen", "Walsh", "Thompson",
        "Yamamoto", "Schäfer", "Novak", "Andersson", "Brennan", "Costa", "Weber", "Dupont",
        "Morrison", "Reyes", "Becker", "Clarke", "Haddad", "Lindqvist", "Bianchi", "Murphy",
        "Kaur", "Zimmermann", "Gallagher", "Coleman", "Ferreira", "Wójcik", "Sørensen", "Ortiz"]

ASCII_MAP = {"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss", "é": "e", "è": "e", "ë": "e", "á": "a",
             "ó": "o", "í": "i", "ø": "o", "å": "a", "ł": "l", "Ł": "L", "ç": "c", "ñ": "n",
             "ú": "u", "Ø": "O", "É": "E", "Ü": "Ue", "Ö": "Oe", "ś": "s", "ó": "o", "ź": "z"}


def asciify(s):
    return "".join(ASCII_MAP.get(c, c) for c in s)


def slug(s):
    return "".join(c for c in asciify(s).lower() if c.isalnum())


COMPANIES = [
    ("Northwind Logistics", "northwind-logistics.com", "US"),
    ("Brightpath Health", "brightpathhealth.org", "US"),
    ("Kessler Bau GmbH", "kessler-bau.de", "DE"),
    ("Harbourline Insurance Ltd", "harbourline.co.uk", "GB"),
    ("Atelier Moreau SAS", "atelier-moreau.fr", "FR"),
    ("Vandelay Industries", "vandelayind.com", "US"),
    ("Polderdata B.V.", "polderdata.nl", "NL"),
    ("Cascade Dental Group", "cascadedental.com", "US"),
    ("Finch & Rowe LLP", "finchrowe.com", "US"),
    ("Lumen Analytics", "lumenanalytics.io", "US"),
    ("Alpenblick Treuhand AG", "alpenblick-treuhand.ch", "CH"),
    ("Greenfield Farms Co-op", "greenfieldcoop.org", "US"),
    ("Thornbury Solicitors", "thornbury-law.co.uk", "GB"),
    ("Quintana Viajes S.L.", "quintanaviajes.es", "ES"),
    ("Orbital Payments", "orbitalpay.com", "US"),
    ("St. Brigid's Clinic", "stbrigids.ie", "IE"),
    ("Meridian Orthopedics", "meridianortho.com", "US"),
    ("Riverbend Credit Union", "riverbendcu.org", "US"),
    ("Becker & Söhne KG", "becker-soehne.de", "DE"),
    ("Studio Bianchi", "studiobianchi.it", "IT"),
]
FREEMAIL = {"US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com"],
            "GB": ["gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk"],
            "DE": ["web.de", "gmx.de", "gmail.com", "t-online.de", "posteo.de"],
            "FR": ["orange.fr", "free.fr", "gmail.com", "laposte.net"],
            "NL": ["ziggo.nl", "gmail.com", "kpnmail.nl"],
            "CH": ["bluewin.ch", "gmail.com"], "ES": ["gmail.com", "telefonica.net"],
            "IT": ["libero.it", "gmail.com"], "IE": ["eircom.net", "gmail.com"],
            "AT": ["gmx.at", "aon.at"], "BE": ["skynet.be", "telenet.be"]}


def email_for(first, last, domain=None, country="US"):
    f, l = slug(first), slug(last)
    if domain is None:
        domain = pick(FREEMAIL.get(country, FREEMAIL["US"]))
        style = pick(["{f}.{l}{n}", "{f}{l}{n}", "{f0}{l}{n}", "{l}.{f}", "{f}_{l}", "{f}.{l}+{tag}"])
    else:
        style = pick(["{f}.{l}", "{f}.{l}", "{f0}{l}", "{f}", "{f0}.{l}"])
    local = style.format(f=f, l=l, f0=f[0], n=pick(["", "", str(R.randint(1, 99)), str(R.randint(1960, 2004))]),
                         tag=pick(["billing", "shop", "news"]))
    e = local + "@" + domain
    if chance(0.04):
        e = local.capitalize() + "@" + domain
    return e


# ------------------------------------------------------------------ phones
def _g(n):
    return rs(DIG, n)


def phone(country="US"):
    c = country
    if c == "US":
        area = pick(["212", "312", "415", "503", "512", "617", "720", "773", "919", "206", "404", "602",
                     "614", "813", "858", "971", "216", "248", "303", "469", "702", "646", "832"])
        ex = str(R.randint(2, 9)) + _g(2)
        if ex == "555":
            ex = "556"
        ln = _g(4)
        return pick([f"({area}) {ex}-{ln}", f"{area}-{ex}-{ln}", f"{area}.{ex}.{ln}", f"+1 {area} {ex} {ln}",
                     f"+1-{area}-{ex}-{ln}", f"1 ({area}) {ex}-{ln}", f"({area}){ex}-{ln}", f"+1 ({area}) {ex}-{ln}"])
    if c == "GB":
        k = R.randint(0, 5)
        if k == 0:
            return pick(["020 7946 0", "+44 20 7946 0", "+44 (0)20 7946 0"]) + _g(3)
        if k == 1:
            return pick(["07700 900", "+44 7700 900", "+44 (0)7700 900"]) + _g(3)
        if k == 2:
            return pick(["020 ", "+44 20 ", "0044 20 ", "+44 (0)20 "]) + pick(["7", "3", "8"]) + _g(3) + " " + _g(4)
        if k == 3:
            m = pick(["7911", "7824", "7453", "7568", "7387"]) + " " + _g(6)
            return pick(["0" + m, "+44 " + m, "+44 (0)" + m, "0044 " + m])
        a = pick(["161 ", "113 ", "117 ", "131 ", "29 2", "121 "])
        return pick(["0", "+44 ", "+44 (0)"]) + a + _g(3) + " " + _g(4 if not a.endswith("2") else 3)
    if c == "DE":
        area = pick(["30", "89", "40", "221", "69", "711", "341", "211"])
        if chance(0.3):
            area = pick(["151", "160", "170", "171", "176", "152", "157"])
            sub = _g(8) if chance(0.5) else _g(7)
            return pick([f"0{area} {sub}", f"+49 {area} {sub}", f"0{area}-{sub}", f"0049 {area} {sub}",
                         f"+49 (0){area} {sub}", f"0{area}/{sub[:3]} {sub[3:]}"])
        sub = str(R.randint(2, 9)) + _g(R.choice([6, 7]))
        return pick([f"0{area} {sub}", f"0{area}/{sub}", f"+49 {area} {sub}", f"+49 (0){area} {sub}",
                     f"0049 {area} {sub}", f"+49 {area} {sub[:3]} {sub[3:]}", f"(0{area}) {sub}",
                     f"0{area} {sub[:3]} {sub[3:]}-0"])
    if c == "FR":
        lead = pick(["1", "2", "3", "4", "5", "6", "7", "9"])
        d = [_g(2) for _ in range(4)]
        return pick([f"0{lead} {' '.join(d)}", f"+33 {lead} {' '.join(d)}", f"+33 (0){lead} {' '.join(d)}",
                     f"0033 {lead} {' '.join(d)}", f"0{lead}.{'.'.join(d)}", f"0{lead}{''.join(d)}"])
    if c == "NL":
        if chance(0.5):
            s = _g(8)
            return pick([f"06-{s}", f"+31 6 {s}", f"06 {s[:2]} {s[2:4]} {s[4:6]} {s[6:]}", f"0031 6 {s}"])
        a = pick(["20", "10", "30", "70", "40"])
        s = str(R.randint(2, 9)) + _g(6)
        return pick([f"0{a}-{s}", f"+31 {a} {s[:3]} {s[3:]}", f"0{a} {s[:3]} {s[3:]}", f"+31 (0){a} {s}"])
    if c == "ES":
        s = pick(["6", "7", "91", "93", "95"])
        rest = _g(9 - len(s))
        n = s + rest
        return pick([f"+34 {n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"0034 {n}"])
    if c == "IT":
        if chance(0.5):
            return pick(["+39 3", "3"]) + _g(2) + " " + _g(3) + " " + _g(4)
        return pick(["+39 02 ", "02 ", "+39 06 ", "06 "]) + _g(4) + " " + _g(4)
    if c == "CH":
        a = pick(["44", "22", "31", "61", "79", "76"])
        return pick([f"+41 {a} ", f"0{a} ", f"0041 {a} "]) + _g(3) + " " + _g(2) + " " + _g(2)
    if c == "AT":
        return pick(["+43 1 ", "01 ", "+43 664 ", "0664 "]) + _g(3) + " " + _g(4)
    if c == "IE":
        return pick(["+353 1 ", "01 ", "+353 87 ", "087 ", "+353 (0)1 "]) + _g(3) + " " + _g(4)
    if c == "BE":
        return pick(["+32 2 ", "02 ", "+32 475 "]) + _g(2 if chance(0.5) else 3) + " " + _g(2) + " " + _g(2)
    return phone("US")


# ------------------------------------------------------------------ addresses
US_CITIES = [("Springfield", "IL", "627"), ("Austin", "TX", "787"), ("Portland", "OR", "972"),
             ("Columbus", "OH", "432"), ("Denver", "CO", "802"), ("Raleigh", "NC", "276"),
             ("Tucson", "AZ", "857"), ("Madison", "WI", "537"), ("Sacramento", "CA", "958"),
             ("Boise", "ID", "837"), ("Brooklyn", "NY", "112"), ("Chicago", "IL", "606"),
             ("Seattle", "WA", "981"), ("Atlanta", "GA", "303"), ("Nashville", "TN", "372"),
             ("Ann Arbor", "MI", "481"), ("Burlington", "VT", "054"), ("Omaha", "NE", "681"),
             ("St. Paul", "MN", "551"), ("Charleston", "SC", "294")]
US_STREETS = ["Maple Ave", "Oak Street", "W 34th St", "Elm Dr", "Cedar Ln", "N Lincoln Ave", "Sunset Blvd",
              "Market St", "Peachtree Rd NE", "Lakeshore Drive", "Willow Creek Rd", "S Congress Ave",
              "Pine St.", "Jefferson Avenue", "Old Mill Road", "E Washington St", "Birchwood Ct",
              "Harbor View Dr", "Franklin Blvd", "Chestnut Street", "NW 23rd Ave", "Ridge Rd"]
UK_PLACES = [("London", ["NW1 6XE", "SW1A 2AA", "E1 6AN", "N7 8LU", "SE15 4QL", "W2 1JB", "EC2A 4NE"]),
             ("Manchester", ["M14 5RQ", "M1 3BN", "M20 2RN"]), ("Leeds", ["LS6 2AB", "LS1 4DY"]),
             ("Bristol", ["BS8 1TH", "BS3 4QU"]), ("Edinburgh", ["EH3 9QG", "EH6 5NP"]),
             ("Cardiff", ["CF10 3AT", "CF24 4HQ"]), ("Birmingham", ["B15 2TT", "B13 9SL"]),
             ("Brighton", ["BN1 4GH"]), ("Oxford", ["OX2 6HG", "OX4 1RE"])]
UK_STREETS = ["Baker Street", "Albert Road", "Victoria Street", "Church Lane", "Hillside Avenue",
              "Mill Road", "Queen's Drive", "Station Road", "Elmwood Close", "Kingsway", "Park Crescent",
              "Gloucester Terrace", "Abbey Mews"]
DE_PLACES = [("Berlin", ["10115", "10435", "10997", "12043", "13353", "14057"]),
             ("München", ["80331", "80469", "81541", "80797"]), ("Hamburg", ["20095", "22767", "20357"]),
             ("Köln", ["50667", "50733", "51103"]), ("Frankfurt am Main", ["60311", "60594", "65929"]),
             ("Leipzig", ["04103", "04275"]), ("Stuttgart", ["70173", "70199"]), ("Düsseldorf", ["40210"])]
DE_STREETS = ["Hauptstraße", "Kastanienallee", "Bahnhofstr.", "Schillerstraße", "Goethestraße",
              "Lindenstraße", "Am Markt", "Friedrichstraße", "Sonnenallee", "Gartenweg", "Bergstraße",
              "Karl-Marx-Allee", "Mühlenweg", "Wilhelmstraße"]
FR_PLACES = [("Paris", ["75001", "75011", "75015", "75116", "75018"]), ("Lyon", ["69002", "69007"]),
             ("Marseille", ["13001", "13006"]), ("Toulouse", ["31000"]), ("Nantes", ["44000"]),
             ("Lille", ["59000"]), ("Bordeaux", ["33000"])]
FR_STREETS = ["rue de la République", "avenue Victor Hugo", "boulevard Voltaire", "rue des Lilas",
              "rue Jean Jaurès", "place Bellecour", "rue du Faubourg Saint-Antoine", "allée des Tilleuls",
              "quai de la Tournelle", "rue Pasteur"]
NL_PLACES = [("Amsterdam", "10"), ("Utrecht", "35"), ("Rotterdam", "30"), ("Den Haag", "25"),
             ("Eindhoven", "56"), ("Groningen", "97")]
NL_STREETS = ["Prinsengracht", "Keizersgracht", "Oudegracht", "Kerkstraat", "Stationsweg", "Vondelstraat",
              "Lange Voorhout", "Witte de Withstraat", "Dorpsstraat"]
OTHER_ADDR = {
    "ES": lambda: f"{pick(['Calle Mayor', 'Calle de Alcalá', 'Avenida Diagonal', 'Carrer de Mallorca', 'Gran Vía'])} {R.randint(1, 240)}, {pick(['1º A', '3º B', '2º izq.', 'bajo'])}, {pick(['28013 Madrid', '28014 Madrid', '08008 Barcelona', '46002 Valencia', '41001 Sevilla'])}",
    "IT": lambda: f"{pick(['Via Roma', 'Via Garibaldi', 'Corso Buenos Aires', 'Via dei Mille', 'Piazza Navona'])} {R.randint(1, 120)}, {pick(['20121 Milano', '10122 Torino', '00186 Roma', '50123 Firenze', '40126 Bologna'])}{pick(['', ' MI', ''])}",
    "CH": lambda: f"{pick(['Bahnhofstrasse', 'Seefeldstrasse', 'Rue du Rhône', 'Marktgasse', 'Limmatquai'])} {R.randint(1, 140)}, {pick(['8001 Zürich', '8008 Zürich', '1204 Genève', '3011 Bern', '4051 Basel'])}",
    "AT": lambda: f"{pick(['Mariahilfer Straße', 'Landstraßer Hauptstraße', 'Getreidegasse', 'Herrengasse'])} {R.randint(1, 90)}{pick(['', '/4', '/2/11'])}, {pick(['1060 Wien', '1030 Wien', '5020 Salzburg', '8010 Graz'])}",
    "IE": lambda: f"{R.randint(1, 80)} {pick(['Lower Baggot Street', 'Merrion Square', 'Grafton Street', 'Patrick Street', 'Main Street'])}, {pick(['Dublin 2, D02 X285', 'Dublin 4, D04 E2X6', 'Cork, T12 W8CX', 'Galway, H91 F2XE', 'Dublin 8, D08 VF8H'])}",
    "BE": lambda: f"{pick(['Rue de la Loi', 'Avenue Louise', 'Meir', 'Korenmarkt', 'Chaussée de Wavre'])} {R.randint(1, 300)}, {pick(['1000 Bruxelles', '1050 Ixelles', '2000 Antwerpen', '9000 Gent'])}",
}


def address(country="US", multiline=None):
    """Returns the address text (one or several lines)."""
    ml = chance(0.35) if multiline is None else multiline
    c = country
    if c == "US":
        city, st, z3 = pick(US_CITIES)
        zipc = z3 + _g(2) + (("-" + _g(4)) if chance(0.15) else "")
        num = str(R.randint(1, 9899))
        unit = pick(["", "", "", ", Apt 5", " Apt. 12B", ", Suite 300", " #4", ", Unit 7", ", Apt 2R", " Ste 210"])
        unit = unit.replace("5", str(R.randint(1, 40)))
        street = f"{num} {pick(US_STREETS)}{unit}"
        if ml:
            return f"{street}\n{city}, {st} {zipc}"
        return pick([f"{street}, {city}, {st} {zipc}", f"{street}, {city} {st} {zipc}", f"{street} {city}, {st} {zipc}"])
    if c == "GB":
        city, pcs = pick(UK_PLACES)
        pc = pick(pcs)
        num = pick([str(R.randint(1, 240)), str(R.randint(1, 99)) + pick(["A", "B"]), str(R.randint(1, 150))])
        flat = pick(["", "", "", f"Flat {R.randint(1, 12)}, ", f"Flat {R.randint(1, 9)}{pick('ABC')}, "])
        line1 = f"{flat}{num} {pick(UK_STREETS)}"
        if ml:
            return pick([f"{line1}\n{city}\n{pc}", f"{line1}\n{city} {pc}", f"{line1.replace(', ', chr(10))}\n{city}\n{pc}"])
        return pick([f"{line1}, {city} {pc}", f"{line1}, {city}, {pc}"])
    if c == "DE":
        city, pls = pick(DE_PLACES)
        num = str(R.randint(1, 120)) + pick(["", "", "", "a", " b"])
        line1 = f"{pick(DE_STREETS)} {num}"
        plz = pick(pls)
        if ml:
            return f"{line1}\n{plz} {city}"
        return pick([f"{line1}, {plz} {city}", f"{line1}, D-{plz} {city}", f"{line1} · {plz} {city}"])
    if c == "FR":
        city, cps = pick(FR_PLACES)
        num = str(R.randint(1, 150)) + pick(["", "", " bis", " ter"])
        line1 = f"{num}{pick(['', ','])} {pick(FR_STREETS)}"
        cp = pick(cps)
        if ml:
            return f"{line1}\n{cp} {city}" if chance(0.6) else f"{line1}\n{cp} {city.upper()}"
        return f"{line1}, {cp} {city}"
    if c == "NL":
        city, p2 = pick(NL_PLACES)
        pc = p2 + _g(2) + " " + rs("ABCEGHJKLMNPRSTVWXZ", 2)
        line1 = f"{pick(NL_STREETS)} {R.randint(1, 400)}{pick(['', '', '-1', ' hs', 'A'])}"
        if ml:
            return f"{line1}\n{pc} {city}"
        return f"{line1}, {pc} {city}"
    return OTHER_ADDR[c]()


# ------------------------------------------------------------------ dates
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
             "Oktober", "November", "Dezember"]


def rand_dob():
    return datetime.date(R.randint(1941, 2004), R.randint(1, 12), R.randint(1, 28))


def rand_recent():
    return datetime.date(R.randint(2022, 2025), R.randint(1, 12), R.randint(1, 28))


def fmt_date(d, style=None, country="US"):
    if style is None:
        if country == "US":
            style = pick(["us", "us", "iso", "long_us", "short_us", "us_short"])
        elif country == "DE":
            style = pick(["dot", "dot", "iso", "long_de"])
        else:
            style = pick(["eu", "eu", "long_eu", "iso", "dot", "dmy_mon"])
    m = MONTHS[d.month - 1]
    return {
        "iso": f"{d:%Y-%m-%d}",
        "us": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "us_short": f"{d.month}/{d.day}/{d.year}",
        "eu": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dot": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "long_eu": f"{d.day} {m} {d.year}",
        "long_us": f"{m} {d.day}, {d.year}",
        "short_us": f"{m[:3]} {d.day} {d.year}",
        "dmy_mon": f"{d.day:02d}-{m[:3]}-{d.year}",
        "long_de": f"{d.day}. {MONTHS_DE[d.month - 1]} {d.year}",
    }[style]


# ------------------------------------------------------------------ people
COUNTRY_WEIGHTS = ["US"] * 9 + ["GB"] * 3 + ["DE"] * 3 + ["FR"] * 2 + ["NL", "ES", "IT", "CH", "AT", "IE", "BE"]


class Person:
    def __init__(self, country=None, company=None):
        self.country = country or pick(COUNTRY_WEIGHTS)
        self.first, self.last = pick(FIRST), pick(LAST)
        self.name = f"{self.first} {self.last}"
        self.company = company
        self.work_email = email_for(self.first, self.last, company[1] if company else None, self.country)
        self.email = email_for(self.first, self.last, None, self.country)
        self.phone = phone(self.country)
        self.mobile = phone(self.country)
        self.dob = rand_dob()
        self._addr = None

    def addr(self, multiline=None):
        return address(self.country, multiline)

    def dob_s(self, style=None):
        return fmt_date(self.dob, style, self.country)


def company():
    return pick(COMPANIES)


def mrn():
    k = R.randint(0, 6)
    if k == 0:
        return _g(8)
    if k == 1:
        return f"{_g(2)}-{_g(3)}-{_g(3)}"
    if k == 2:
        return "MRN-00" + _g(6)
    if k == 3:
        return pick(UP) + _g(7)
    if k == 4:
        return str(R.randint(1, 9)) + _g(6)
    if k == 5:
        return "E" + _g(9)
    return f"{_g(3)}-{_g(2)}-{_g(2)}"


# ICD-10-CM codes (real codes, FY2020-FY2025) with descriptions
ICD = [
    ("E11.9", "Type 2 diabetes mellitus without complications"),
    ("E11.65", "Type 2 diabetes mellitus with hyperglycemia"),
    ("E11.22", "Type 2 diabetes mellitus with diabetic chronic kidney disease"),
    ("E11.40", "Type 2 diabetes mellitus with diabetic neuropathy, unspecified"),
    ("E10.9", "Type 1 diabetes mellitus without complications"),
    ("E78.5", "Hyperlipidemia, unspecified"),
    ("E78.00", "Pure hypercholesterolemia, unspecified"),
    ("E03.9", "Hypothyroidism, unspecified"),
    ("E66.9", "Obesity, unspecified"),
    ("E66.01", "Morbid (severe) obesity due to excess calories"),
    ("E55.9", "Vitamin D deficiency, unspecified"),
    ("E87.6", "Hypokalemia"),
    ("I10", "Essential (primary) hypertension"),
    ("I25.10", "Atherosclerotic heart disease of native coronary artery without angina pectoris"),
    ("I48.91", "Unspecified atrial fibrillation"),
    ("I50.9", "Heart failure, unspecified"),
    ("I63.9", "Cerebral infarction, unspecified"),
    ("I21.4", "Non-ST elevation (NSTEMI) myocardial infarction"),
    ("I26.99", "Other pulmonary embolism without acute cor pulmonale"),
    ("J45.909", "Unspecified asthma, uncomplicated"),
    ("J45.20", "Mild intermittent asthma, uncomplicated"),
    ("J44.9", "Chronic obstructive pulmonary disease, unspecified"),
    ("J44.1", "Chronic obstructive pulmonary disease with (acute) exacerbation"),
    ("J06.9", "Acute upper respiratory infection, unspecified"),
    ("J18.9", "Pneumonia, unspecified organism"),
    ("J02.9", "Acute pharyngitis, unspecified"),
    ("J30.9", "Allergic rhinitis, unspecified"),
    ("J01.90", "Acute sinusitis, unspecified"),
    ("M54.5", "Low back pain"),
    ("M54.50", "Low back pain, unspecified"),
    ("M54.2", "Cervicalgia"),
    ("M17.11", "Unilateral primary osteoarthritis, right knee"),
    ("M79.7", "Fibromyalgia"),
    ("M81.0", "Age-related osteoporosis without current pathological fracture"),
    ("M10.9", "Gout, unspecified"),
    ("M25.561", "Pain in right knee"),
    ("F41.1", "Generalized anxiety disorder"),
    ("F32.9", "Major depressive disorder, single episode, unspecified"),
    ("F32.A", "Depression, unspecified"),
    ("F33.1", "Major depressive disorder, recurrent, moderate"),
    ("F43.10", "Post-traumatic stress disorder, unspecified"),
    ("F90.0", "Attention-deficit hyperactivity disorder, predominantly inattentive type"),
    ("F17.210", "Nicotine dependence, cigarettes, uncomplicated"),
    ("F10.20", "Alcohol dependence, uncomplicated"),
    ("F51.01", "Primary insomnia"),
    ("G47.33", "Obstructive sleep apnea"),
    ("G43.909", "Migraine, unspecified, not intractable, without status migrainosus"),
    ("G89.29", "Other chronic pain"),
    ("K21.9", "Gastro-esophageal reflux disease without esophagitis"),
    ("K58.9", "Irritable bowel syndrome without diarrhea"),
    ("K57.30", "Diverticulosis of large intestine without perforation or abscess without bleeding"),
    ("K29.70", "Gastritis, unspecified, without bleeding"),
    ("N18.30", "Chronic kidney disease, stage 3 unspecified"),
    ("N18.4", "Chronic kidney disease, stage 4 (severe)"),
    ("N39.0", "Urinary tract infection, site not specified"),
    ("N40.0", "Benign prostatic hyperplasia without lower urinary tract symptoms"),
    ("N20.0", "Calculus of kidney"),
    ("R10.9", "Unspecified abdominal pain"),
    ("R51.9", "Headache, unspecified"),
    ("R53.83", "Other fatigue"),
    ("R73.03", "Prediabetes"),
    ("R07.9", "Chest pain, unspecified"),
    ("R42", "Dizziness and giddiness"),
    ("R06.02", "Shortness of breath"),
    ("R11.2", "Nausea with vomiting, unspecified"),
    ("R50.9", "Fever, unspecified"),
    ("Z79.4", "Long term (current) use of insulin"),
    ("Z79.01", "Long term (current) use of anticoagulants"),
    ("Z79.899", "Other long term (current) drug therapy"),
    ("Z00.00", "Encounter for general adult medical examination without abnormal findings"),
    ("Z23", "Encounter for immunization"),
    ("Z87.891", "Personal history of nicotine dependence"),
    ("Z68.41", "Body mass index [BMI] 40.0-44.9, adult"),
    ("Z88.0", "Allergy status to penicillin"),
    ("Z12.11", "Encounter for screening for malignant neoplasm of colon"),
    ("D64.9", "Anemia, unspecified"),
    ("D50.9", "Iron deficiency anemia, unspecified"),
    ("L40.0", "Psoriasis vulgaris"),
    ("L03.115", "Cellulitis of right lower limb"),
    ("H10.9", "Unspecified conjunctivitis"),
    ("B34.9", "Viral infection, unspecified"),
    ("A09", "Infectious gastroenteritis and colitis, unspecified"),
    ("U07.1", "COVID-19"),
    ("S93.401A", "Sprain of unspecified ligament of right ankle, initial encounter"),
    ("S83.511A", "Sprain of anterior cruciate ligament of right knee, initial encounter"),
    ("O24.410", "Gestational diabetes mellitus in pregnancy, diet controlled"),
    ("C50.911", "Malignant neoplasm of unspecified site of right female breast"),
    ("C61", "Malignant neoplasm of prostate"),
    ("C34.90", "Malignant neoplasm of unspecified part of unspecified bronchus or lung"),
    ("K35.80", "Unspecified acute appendicitis"),
]


def icd(n=1):
    return R.sample(ICD, n)


def icd_form(code):
    """Codes are written with the dot most of the time, sometimes without (billing exports)."""
    return code.replace(".", "") if chance(0.2) and "." in code else code


MARKINGS = ["CONFIDENTIAL", "Confidential", "Strictly Confidential", "STRICTLY CONFIDENTIAL",
            "INTERNAL USE ONLY", "Internal Use Only", "Company Confidential - Do Not Distribute",
            "PRIVILEGED & CONFIDENTIAL - ATTORNEY-CLIENT COMMUNICATION", "Attorney Work Product",
            "ATTORNEY WORK PRODUCT", "Proprietary and Confidential", "PROPRIETARY AND CONFIDENTIAL",
            "Classification: Internal", "Classification: Confidential", "RESTRICTED // NOFORN",
            "SECRET//NOFORN", "Material non-public information", "MATERIAL NON-PUBLIC INFORMATION",
            "Privileged and Confidential", "CONFIDENTIAL - FOR INTERNAL USE ONLY",
            "Attorney-Client Privileged", "PRIVILEGED AND CONFIDENTIAL", "Confidential — Not for Distribution",
            "HIGHLY CONFIDENTIAL - ATTORNEYS' EYES ONLY", "Sensitivity: Confidential",
            "Restricted", "For Internal Use Only", "CONFIDENTIAL TREATMENT REQUESTED",
            "Do Not Forward", "Privileged & Confidential"]


def marking():
    return pick(MARKINGS)


# ------------------------------------------------------------------ look-alikes (negatives)
EXAMPLES = {
    "aws_access_key_id": ["AKIAIOSFODNN7EXAMPLE", "AKIAXXXXXXXXXXXXXXXX", "AKIAI44QH8DHBEXAMPLE"],
    "aws_secret_access_key": ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"],
    "credit_card": ["4111 1111 1111 1111", "4242 4242 4242 4242", "5555 5555 5555 4444", "4111111111111111",
                    "4242424242424242", "3782 822463 10005", "6011 1111 1111 1117", "5105 1051 0510 5100",
                    "4000 0566 5566 5556", "0000 0000 0000 0000", "XXXX XXXX XXXX XXXX"],
    "iban": ["GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
             "DE89370400440532013000", "FR14 2004 1010 0505 0001 3M02 606", "NL91 ABNA 0417 1643 00",
             "CH93 0076 2011 6238 5295 7", "ES91 2100 0418 4502 0005 1332", "IT60 X054 2811 1010 0000 0123 456"],
    "jwt": ["eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"],
    "us_ssn": ["078-05-1120", "123-45-6789", "000-00-0000", "987-65-4320", "XXX-XX-XXXX", "219-09-9999"],
    "slack_token": ["https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
                    "xoxb-XXXXXXXXXXXX-XXXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX"],
    "stripe_key": ["sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"],
    "github_token": ["ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"],
    "openai_api_key": ["sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sk-proj-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"],
    "email": ["user@example.com", "jane.doe@example.org", "you@example.com", "name@company.com"],
    "password": ["********", "hunter2", "<your-password>", "changeme", "xxxxxxxx", "P@ssw0rd"],
    "database_connection_string": ["postgresql://user:password@localhost:5432/mydb",
                                   "mongodb://username:password@host:27017/database",
                                   "mysql://root:password@localhost/test"],
    "ip_address": ["192.0.2.1", "198.51.100.23", "203.0.113.45", "2001:db8::1", "0.0.0.0"],
    "us_passport": ["000000000", "123456789", "X00000000"],
    "phone_number": ["(555) 555-5555", "000-000-0000", "+1 555 0100", "01234 567890"],
}


def example(t):
    return N(t, pick(EXAMPLES[t]), True)


def tracking_luhn():
    """16-digit Luhn-valid shipment number (looks like a card)."""
    return V.luhn_number(16, pick(["4", "5", "6", "9"]))


def imei():
    return V.luhn_number(15, "35")


def iccid():
    return V.luhn_number(19, "8901")


def git_sha():
    return V.hexs(40)


def uuid():
    h = V.hexs(32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{pick('89ab')}{h[17:20]}-{h[20:]}"


def nine():
    return str(R.randint(1, 9)) + _g(8)


def aba():
    """ABA routing number with valid checksum (3-7-1 weights)."""
    while True:
        b = pick(["0", "1", "2", "3"]) + _g(7)
        w = [3, 7, 1, 3, 7, 1, 3, 7]
        s = sum(int(c) * w[i] for i, c in enumerate(b))
        d = (10 - s % 10) % 10
        return b + str(d)


FILLER = {
    "mail": ["Hope you had a good weekend.", "Sorry for the delay in getting back to you, it has been a hectic week with the quarter close.",
             "I have copied in my colleague who handles this on our side.", "Let me know if a quick call would be easier – I'm free Tuesday afternoon.",
             "As mentioned on the phone, we want to get this sorted before the end of the month.",
             "Apologies if you already received this, our mail server had some issues yesterday.",
             "The attached PDF has the full details; the summary is below.", "Thanks again for your patience with all of this.",
             "We are also reviewing the process internally so that this does not happen again.",
             "Please double-check the figures, I typed them from the printout.", "No rush on this, but ideally by Friday."],
    "legal": ["Nothing in this letter constitutes an admission of liability.", "Time is of the essence in respect of the obligations set out herein.",
              "This Agreement shall be governed by and construed in accordance with the laws of the State of Delaware.",
              "Any amendment must be made in writing and signed by both parties.",
              "The headings in this Agreement are for convenience only and shall not affect its interpretation.",
              "If any provision is held invalid, the remaining provisions shall continue in full force and effect.",
              "Each party shall bear its own costs in connection with the negotiation and execution of this Agreement.",
              "This Agreement may be executed in counterparts, each of which shall be deemed an original."],
    "clinic": ["Discussed risks and benefits of the treatment plan; patient verbalized understanding.",
               "Medication reconciliation completed.", "No known drug allergies documented at this visit.",
               "Patient lives with spouse, independent in ADLs.", "Counseled on smoking cessation, declined referral at this time.",
               "Vaccinations reviewed and up to date.", "Return precautions given for worsening symptoms.",
               "Lungs clear to auscultation bilaterally, no wheezes. Heart RRR, no murmurs.", "Abdomen soft, non-tender."],
    "support": ["I have escalated this to our billing team.", "Could you send a screenshot of the error?",
                "We have reproduced the issue on our side and a fix is scheduled for the next release.",
                "Closing this ticket for now, reply to reopen.", "thanks for the quick response!!", "still not working, tried again this morning"],
}


def filler(kind, n=None):
    n = n if n is not None else R.randint(1, 4)
    return " ".join(R.sample(FILLER[kind], min(n, len(FILLER[kind]))))
