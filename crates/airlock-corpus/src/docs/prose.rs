//! Clean prose: business sentences (e-mails, tickets, chat), technical documentation
//! paragraphs (READMEs, man-page style text) and lorem ipsum. Sentences have `«slot»`s for
//! names, products, services, dates and small numbers, none of which is a planted type.

use crate::gen::{render, Builder, Gen};
use crate::negatives::When;
use crate::words;

const BUSINESS: &[&str] = &[
    "Thanks for the quick turnaround on the «product» rollout last week.",
    "We reviewed the quarterly numbers with «name» and agreed to revisit the forecast on «date».",
    "The «service» team is still working through the backlog from the migration.",
    "Could you confirm whether the new pricing applies to existing contracts as well?",
    "I have attached the updated schedule; the only change is the kickoff, which moves to «date».",
    "Let me know if anything is unclear and I will set up a short call.",
    "As discussed, the pilot will run for «number» weeks with a small group of users.",
    "The renewal quote includes «number» additional seats at the same unit price.",
    "Our auditors asked for a summary of who has access to the production environment.",
    "I spoke with «name» this morning and they are happy to proceed.",
    "The dashboard numbers look off since the last deploy of «service».",
    "Please keep this thread internal until the announcement goes out.",
    "We will need sign-off from procurement before we can issue the purchase order.",
    "The outage on «date» affected roughly «number» customers for about twenty minutes.",
    "Going forward, all requests should go through the shared inbox so nothing gets lost.",
    "I am out of office next week; «name» will cover in the meantime.",
    "The draft looks good to me, with a few small comments inline.",
    "Shipping was delayed because the carrier missed the pickup window.",
    "Can we move the review to Thursday afternoon?",
    "The integration with «product» is live in staging and ready for testing.",
    "We have seen a steady increase in support volume since the price change.",
    "Legal has reviewed the data processing terms and has no further objections.",
    "Once the migration is complete, the old endpoint will be switched off.",
    "Here is a quick summary of where things stand.",
    "The team did a great job under a tight deadline.",
    "I would suggest we start with a small batch and expand once we are confident.",
    "Customers in the EU region will be moved to the Frankfurt data centre.",
    "Please make sure the release notes mention the breaking change.",
    "We are still waiting on the signed copy from their side.",
    "Attached you will find the minutes from Tuesday's meeting.",
    "Prices are quoted in € and exclude VAT; the café order for the offsite is on me.",
    "«name» mentioned that the naïve approach will not scale past «number» requests per second.",
];

const TECH: &[&str] = &[
    "This module parses the configuration file and validates every field before the service starts.",
    "Run the migration with the --dry-run flag first to see which tables change.",
    "The cache is keyed by tenant and expires after «number» minutes of inactivity.",
    "If the upstream returns 429, the client backs off exponentially with jitter.",
    "Every handler must be idempotent, because the queue delivers messages at least once.",
    "The «service» exposes a health endpoint that reports the version and the last successful sync.",
    "Use the --verbose option to print each request and its timing to standard error.",
    "Options are read from the environment first, then from the file given with --config.",
    "The exit status is 0 on success, 1 if any file could not be read, and 2 on usage errors.",
    "Large exports are split into chunks of «number» rows and written in parallel.",
    "When the lock cannot be acquired within the timeout, the job is rescheduled.",
    "The parser accepts both LF and CRLF line endings and ignores a leading byte-order mark.",
    "Benchmarks were run on a single core with the default release profile.",
    "See the CHANGELOG for the list of deprecated flags and their replacements.",
    "Connections are pooled per host; the pool size defaults to twice the number of cores.",
    "Timestamps are stored in UTC and converted to the user's zone only for display.",
    "A failed validation never aborts the batch; the row is written to the rejects file instead.",
    "The «product» SDK retries idempotent requests up to three times.",
];

/// Writes a paragraph of `n` business sentences and a newline.
pub(crate) fn paragraph(g: &mut Gen, b: &mut Builder, n: usize) {
    sentences(g, b, BUSINESS, n);
}

/// Writes a paragraph of `n` technical documentation sentences and a newline.
pub(crate) fn tech_paragraph(g: &mut Gen, b: &mut Builder, n: usize) {
    sentences(g, b, TECH, n);
}

/// Writes a lorem-ipsum paragraph and a newline.
pub(crate) fn lorem(g: &mut Gen, b: &mut Builder, n: usize) {
    let text = words::lorem(g, n);
    b.line(&text);
}

fn sentences(g: &mut Gen, b: &mut Builder, bank: &[&'static str], n: usize) {
    let mut used: Vec<usize> = Vec::with_capacity(n);
    for i in 0..n {
        if i > 0 {
            b.ch(' ');
        }
        let mut k = g.below(bank.len());
        while used.contains(&k) && used.len() < bank.len() {
            k = g.below(bank.len());
        }
        used.push(k);
        let s = bank[k];
        render(s, b, |slot, b| fill(g, b, slot));
    }
    b.ch('\n');
}

/// Fills the common prose slots.
pub(crate) fn fill(g: &mut Gen, b: &mut Builder, slot: &str) {
    match slot {
        "name" => b.push(&words::person(g).full()),
        "product" => b.push(g.word(words::PRODUCTS)),
        "service" => b.push(g.word(words::SERVICES)),
        "date" => {
            let style = g.below(3);
            b.push(&When::random(g).human_date(style));
        }
        "number" => b.push(&g.range(2, 60).to_string()),
        other => b.push(other),
    }
}
