//! Logs: combined-format access logs (client IPs planted), application logs (user e-mails,
//! client IPs, the occasional leaked token, connection string or bearer header) and JSON-lines
//! logs. Request ids (UUIDs), trace ids (hex), durations, timestamps and user agents with
//! version numbers are negatives.

use super::{any_email, ip};
use crate::gen::{Builder, Gen};
use crate::negatives::{self, When};
use crate::plant::{self, Style};
use crate::words;

const UAS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.94 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "okhttp/4.12.0",
    "Go-http-client/2.0",
];

const PATHS: &[&str] = &[
    "/api/v1/orders",
    "/api/v1/customers",
    "/api/v2/invoices",
    "/login",
    "/static/app.3f9c2a.js",
    "/healthz",
    "/api/v1/search?q=",
    "/account/settings",
];

/// Writes one log excerpt of a random style.
pub(crate) fn write(g: &mut Gen, b: &mut Builder) {
    let start = When::random(g);
    let lines = g.range(8, 30);
    match g.below(3) {
        0 => access(g, b, start, lines),
        1 => app(g, b, start, lines),
        _ => json(g, b, start, lines),
    }
}

fn access(g: &mut Gen, b: &mut Builder, mut t: When, lines: usize) {
    for _ in 0..lines {
        t = t.plus(g.range(0, 30));
        ip(g, b);
        b.push(" - - [");
        b.push(&t.clf());
        b.push("] \"");
        b.push(g.word(&["GET", "GET", "GET", "POST", "PUT", "DELETE"]));
        b.ch(' ');
        let path = *g.pick(PATHS);
        b.push(path);
        if path.ends_with('=') {
            b.push(g.pick(words::NOUNS).0);
        } else if path.starts_with("/api") && g.chance(0.5) {
            b.ch('/');
            b.push(&g.digits(6, 1));
        }
        b.push(&format!(
            " HTTP/1.1\" {} {} \"-\" \"",
            g.pick(&["200", "200", "200", "201", "204", "301", "304", "401", "404", "500"]),
            g.range(0, 48_000)
        ));
        b.push(g.word(UAS));
        b.push("\"\n");
    }
}

fn app(g: &mut Gen, b: &mut Builder, mut t: When, lines: usize) {
    let service = *g.pick(words::SERVICES);
    for _ in 0..lines {
        t = t.plus(g.range(0, 20));
        let r = g.below(16);
        let level = match r {
            0 | 1 => "WARN ",
            2 => "ERROR",
            3 => "DEBUG",
            _ => "INFO ",
        };
        b.push(&t.iso());
        b.ch(' ');
        b.push(level);
        b.push(" [");
        b.push(service);
        b.push("] ");
        match r {
            0 => {
                b.push("retrying request ");
                b.push(&negatives::uuid(g));
                b.push(&format!(
                    " attempt={} backoff_ms={}",
                    g.range(2, 5),
                    g.range(100, 3200)
                ));
            }
            1 => {
                b.push("slow query took ");
                b.push(&g.range(900, 9000).to_string());
                b.push("ms: SELECT * FROM ");
                b.push(g.pick(words::NOUNS).1);
                b.push(" WHERE id = $1");
            }
            2 | 3 | 12 => plant::secret_slot(g, b, Style::Log, ""),
            4..=6 => {
                b.push("user ");
                any_email(g, b);
                b.push(" logged in from ");
                ip(g, b);
            }
            7 => {
                b.push("payment ");
                b.push(&negatives::reference(g));
                b.push(&format!(
                    " captured amount={}.{:02} currency=EUR",
                    g.range(5, 900),
                    g.range(0, 99)
                ));
            }
            8 => {
                b.push("cache miss key=user:");
                b.push(&negatives::bare_number(g, 9));
                b.push(" ttl=300");
            }
            9 => {
                b.push("build ");
                b.push(&negatives::version(g));
                b.push(" commit=");
                b.push(&negatives::git_sha(g));
                b.push(" started");
            }
            10 => {
                b.push("sent receipt to ");
                any_email(g, b);
                b.push(" message_id=");
                b.push(&negatives::random_id(g));
            }
            _ => {
                b.push(g.word(&[
                    "GET /healthz 200",
                    "scheduler tick",
                    "flushed 128 events",
                    "connection pool size=16 idle=12",
                    "worker started",
                ]));
                b.push(&format!(" duration_ms={}", g.range(0, 120)));
            }
        }
        b.ch('\n');
    }
}

fn json(g: &mut Gen, b: &mut Builder, mut t: When, lines: usize) {
    let service = *g.pick(words::SERVICES);
    for _ in 0..lines {
        t = t.plus(g.range(0, 20));
        b.push("{\"ts\":\"");
        b.push(&t.iso());
        b.push("\",\"level\":\"");
        let r = g.below(10);
        b.push(if r == 0 { "warn" } else { "info" });
        b.push("\",\"service\":\"");
        b.push(service);
        b.push("\",\"msg\":\"");
        b.push(g.word(&[
            "login succeeded",
            "request completed",
            "order created",
            "token refreshed",
            "export queued",
        ]));
        b.push("\"");
        if r < 6 {
            b.push(",\"user\":\"");
            any_email(g, b);
            b.push("\"");
        }
        if r < 8 {
            b.push(",\"ip\":\"");
            ip(g, b);
            b.push("\"");
        }
        b.push(",\"request_id\":\"");
        b.push(&negatives::uuid(g));
        b.push("\",\"trace_id\":\"");
        b.push(&g.hex(32));
        b.push(&format!(
            "\",\"duration_ms\":{},\"ts_unix\":{}",
            g.range(1, 2500),
            t.epoch()
        ));
        if r == 9 {
            b.push(",\"payload\":{\"data\":\"");
            b.push(&negatives::base64_blob(g));
            b.push("\"}");
        }
        b.push("}\n");
    }
}
