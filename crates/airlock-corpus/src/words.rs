//! Word lists: people (display name with its ASCII spelling for e-mail addresses), companies
//! and their domains, places, products and the vocabulary that fills templates.
//!
//! No list contains a context word of a context-dependent identifier ("SIN", "BSN", "SSN",
//! "PESEL", "Aadhaar", "DNI", "NINO") so that unlabeled numbers stay context-free.

use crate::gen::Gen;

/// First names: (as displayed, ASCII form for addresses). Several are non-ASCII on purpose.
pub(crate) const FIRST: &[(&str, &str)] = &[
    ("José", "jose"),
    ("Zoë", "zoe"),
    ("Søren", "soren"),
    ("Łukasz", "lukasz"),
    ("François", "francois"),
    ("Björn", "bjorn"),
    ("Chloé", "chloe"),
    ("Jürgen", "juergen"),
    ("Małgorzata", "malgorzata"),
    ("Siobhán", "siobhan"),
    ("Núria", "nuria"),
    ("Ángel", "angel"),
    ("Renée", "renee"),
    ("Ana", "ana"),
    ("Priya", "priya"),
    ("Aarav", "aarav"),
    ("Ananya", "ananya"),
    ("Rahul", "rahul"),
    ("Mei", "mei"),
    ("Wei", "wei"),
    ("Hiroshi", "hiroshi"),
    ("Yuki", "yuki"),
    ("Fatima", "fatima"),
    ("Kwame", "kwame"),
    ("Chidi", "chidi"),
    ("Thijs", "thijs"),
    ("Sanne", "sanne"),
    ("Ingrid", "ingrid"),
    ("Emma", "emma"),
    ("Liam", "liam"),
    ("Olivia", "olivia"),
    ("Noah", "noah"),
    ("Sophia", "sophia"),
    ("James", "james"),
    ("Isabella", "isabella"),
    ("Lucas", "lucas"),
    ("Mia", "mia"),
    ("Ethan", "ethan"),
    ("Amelia", "amelia"),
    ("Daniel", "daniel"),
    ("Grace", "grace"),
    ("Oliver", "oliver"),
    ("Hannah", "hannah"),
    ("Samuel", "samuel"),
    ("Maria", "maria"),
    ("David", "david"),
    ("Sarah", "sarah"),
    ("Michael", "michael"),
    ("Laura", "laura"),
    ("Tom", "tom"),
    ("Kate", "kate"),
    ("Alice", "alice"),
];

/// Last names: (as displayed, ASCII form for addresses).
pub(crate) const LAST: &[(&str, &str)] = &[
    ("Müller", "mueller"),
    ("García", "garcia"),
    ("Nowak", "nowak"),
    ("Wiśniewski", "wisniewski"),
    ("Dubois", "dubois"),
    ("Lefèvre", "lefevre"),
    ("O'Brien", "obrien"),
    ("Novák", "novak"),
    ("Jørgensen", "jorgensen"),
    ("Sánchez", "sanchez"),
    ("Fernández", "fernandez"),
    ("Gonçalves", "goncalves"),
    ("Yılmaz", "yilmaz"),
    ("Weiß", "weiss"),
    ("de Vries", "devries"),
    ("Jansen", "jansen"),
    ("Bakker", "bakker"),
    ("Smith", "smith"),
    ("Johnson", "johnson"),
    ("Williams", "williams"),
    ("Brown", "brown"),
    ("Taylor", "taylor"),
    ("Patel", "patel"),
    ("Sharma", "sharma"),
    ("Iyer", "iyer"),
    ("Nguyen", "nguyen"),
    ("Kim", "kim"),
    ("Tanaka", "tanaka"),
    ("Chen", "chen"),
    ("Okafor", "okafor"),
    ("Schmidt", "schmidt"),
    ("Fischer", "fischer"),
    ("Rossi", "rossi"),
    ("Andersson", "andersson"),
    ("López", "lopez"),
    ("Martin", "martin"),
    ("Thompson", "thompson"),
    ("Walker", "walker"),
    ("Hughes", "hughes"),
    ("Murphy", "murphy"),
    ("Singh", "singh"),
];

/// Companies: (name, e-mail domain). Fictional names on plausible domains.
pub(crate) const COMPANIES: &[(&str, &str)] = &[
    ("Northwind Traders", "northwind-traders.com"),
    ("Contoso Ltd", "contoso.com"),
    ("Fabrikam Inc.", "fabrikam.io"),
    ("Acme Corporation", "acme-corp.com"),
    ("Globex GmbH", "globex.de"),
    ("Initech", "initech.com"),
    ("Umbrella Health", "umbrella-health.org"),
    ("Wayne Logistics GmbH", "wayne-logistics.de"),
    ("Tyrell Analytics", "tyrell.ai"),
    ("Vandelay Industries", "vandelay-industries.com"),
    ("Soylent B.V.", "soylent.nl"),
    ("Cyberdyne SARL", "cyberdyne.fr"),
    ("Wonka Alimentación S.L.", "wonka-foods.es"),
    ("Stark Components Ltd", "stark-components.co.uk"),
    ("Hooli Polska Sp. z o.o.", "hooli.pl"),
    ("Pied Piper", "piedpiper.io"),
];

/// Free-mail domains for customers.
pub(crate) const FREEMAIL: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "yahoo.co.uk",
    "web.de",
    "gmx.de",
    "proton.me",
    "icloud.com",
    "hotmail.fr",
    "wp.pl",
    "ziggo.nl",
];

/// Job titles for signatures.
pub(crate) const TITLES: &[&str] = &[
    "Senior Account Manager",
    "Head of Finance",
    "Customer Success Lead",
    "Staff Software Engineer",
    "Site Reliability Engineer",
    "Accounts Payable Specialist",
    "HR Business Partner",
    "Procurement Manager",
    "Legal Counsel",
    "Engineering Manager",
    "Support Engineer (Tier 2)",
];

/// Cities with a street name used in that country.
pub(crate) const PLACES: &[(&str, &str, &str)] = &[
    ("Berlin", "Friedrichstraße", "10117"),
    ("München", "Leopoldstraße", "80802"),
    ("London", "Baker Street", "NW1 6XE"),
    ("Manchester", "Deansgate", "M3 4LQ"),
    ("Paris", "Rue de Rivoli", "75004"),
    ("Amsterdam", "Keizersgracht", "1015 CJ"),
    ("Madrid", "Calle de Alcalá", "28014"),
    ("Kraków", "ul. Floriańska", "31-019"),
    ("San Francisco", "Market Street", "94103"),
    ("Toronto", "Queen Street West", "M5V 2A2"),
    ("Bengaluru", "MG Road", "560001"),
];

/// Product names.
pub(crate) const PRODUCTS: &[&str] = &[
    "Airlock Pro",
    "Ledger Cloud",
    "Atlas CRM",
    "Beacon Analytics",
    "Harbor Backup",
    "Nimbus Storage",
    "Quill Docs",
    "Orbit Scheduler",
];

/// Team and service names.
pub(crate) const SERVICES: &[&str] = &[
    "billing-api",
    "orders-service",
    "auth-gateway",
    "search-indexer",
    "notification-worker",
    "inventory-sync",
    "report-builder",
    "payments-core",
    "user-profile",
    "export-scheduler",
];

/// Domain nouns for identifiers: (singular snake_case, plural, CamelCase).
pub(crate) const NOUNS: &[(&str, &str, &str)] = &[
    ("invoice", "invoices", "Invoice"),
    ("order", "orders", "Order"),
    ("customer", "customers", "Customer"),
    ("shipment", "shipments", "Shipment"),
    ("account", "accounts", "Account"),
    ("payment", "payments", "Payment"),
    ("ticket", "tickets", "Ticket"),
    ("report", "reports", "Report"),
    ("subscription", "subscriptions", "Subscription"),
    ("device", "devices", "Device"),
    ("document", "documents", "Document"),
    ("session", "sessions", "Session"),
];

/// Field names: (snake_case, camelCase).
pub(crate) const FIELDS: &[(&str, &str)] = &[
    ("amount", "amount"),
    ("status", "status"),
    ("created_at", "createdAt"),
    ("updated_at", "updatedAt"),
    ("owner_id", "ownerId"),
    ("total_cents", "totalCents"),
    ("region", "region"),
    ("priority", "priority"),
    ("retry_count", "retryCount"),
    ("display_name", "displayName"),
];

/// Verbs for function names: (snake_case, camelCase prefix).
pub(crate) const VERBS: &[(&str, &str)] = &[
    ("load", "load"),
    ("fetch", "fetch"),
    ("sync", "sync"),
    ("validate", "validate"),
    ("archive", "archive"),
    ("export", "export"),
    ("reconcile", "reconcile"),
    ("refresh", "refresh"),
];

/// A person: display name, ASCII first and last names.
pub(crate) struct Person {
    pub(crate) first: &'static str,
    pub(crate) last: &'static str,
    pub(crate) first_ascii: &'static str,
    pub(crate) last_ascii: &'static str,
}

impl Person {
    /// "First Last".
    pub(crate) fn full(&self) -> String {
        let mut s = String::with_capacity(self.first.len() + self.last.len() + 1);
        s.push_str(self.first);
        s.push(' ');
        s.push_str(self.last);
        s
    }
}

/// A random person.
pub(crate) fn person(g: &mut Gen) -> Person {
    let &(first, first_ascii) = g.pick(FIRST);
    let &(last, last_ascii) = g.pick(LAST);
    Person {
        first,
        last,
        first_ascii,
        last_ascii,
    }
}

const LOREM: &[&str] = &[
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.",
    "Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.",
    "Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.",
    "Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.",
    "Curabitur pretium tincidunt lacus, nulla gravida orci a odio.",
    "Nullam varius, turpis et commodo pharetra, est eros bibendum elit, nec luctus magna felis sollicitudin mauris.",
    "Integer in mauris eu nibh euismod gravida.",
];

/// A lorem-ipsum paragraph of `n` sentences.
pub(crate) fn lorem(g: &mut Gen, n: usize) -> String {
    let mut s = String::with_capacity(n * 80);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(g.word(LOREM));
    }
    s
}
