//! Chat transcripts (Slack/Teams exports): timestamped messages between a few people, mostly
//! small talk and incident chatter with git SHAs, versions and `@mentions`, with the odd
//! pasted secret, phone number, e-mail address or identifier.

use super::{any_email, ip, phone, prose};
use crate::gen::{Builder, Gen};
use crate::id;
use crate::negatives::{self, When};
use crate::plant::{self, Style};
use crate::words::{self, Person};

const CHANNELS: &[&str] = &[
    "#ops-incident",
    "#billing-support",
    "#team-platform",
    "#random",
    "#deploys",
    "DM",
];

const SMALL: &[&str] = &[
    "morning! ☕",
    "anyone else seeing timeouts on staging?",
    "looking into it now",
    "ok that was me, sorry — reverted",
    "can someone review my PR before lunch?",
    "👍",
    "thanks, that fixed it ✅",
    "lunch in 10?",
    "I'll write the postmortem tomorrow",
    "the dashboard is green again",
    "ping me when the deploy is done",
    "merci !",
    "is the standup moved to 10:30 today?",
];

/// Writes one chat transcript.
pub(crate) fn write(g: &mut Gen, b: &mut Builder) {
    let people: Vec<Person> = (0..g.range(2, 4)).map(|_| words::person(g)).collect();
    let mut when = When::random(g);
    b.push(g.word(CHANNELS));
    b.push(" — exported ");
    b.push(&when.date());
    b.push("\n\n");
    let n = g.range(10, 24);
    for _ in 0..n {
        when = when.plus(g.range(5, 400));
        let who = g.pick(&people);
        b.ch('[');
        b.push(&when.hm());
        b.push("] ");
        b.push(&who.full());
        b.push(": ");
        message(g, b, &people);
        b.ch('\n');
    }
}

fn message(g: &mut Gen, b: &mut Builder, people: &[Person]) {
    match g.below(24) {
        0 | 20 | 22 => plant::secret_slot(g, b, Style::Chat, ""),
        1 | 21 => plant::personal_slot(g, b, None, false),
        23 => plant::personal_slot(g, b, Some(id::CREDIT_CARD), false),
        2 => {
            b.push("you can reach the customer on ");
            phone(g, b);
        }
        3 => {
            b.push("forwarding to ");
            any_email(g, b);
            b.push(", they own that integration");
        }
        4 => {
            b.push("deployed ");
            b.push(g.word(words::SERVICES));
            b.push(" ");
            b.push(&negatives::version(g));
            b.push(" (");
            b.push(&negatives::git_sha(g));
            b.push(")");
        }
        5 => {
            b.push("@");
            b.push(g.pick(people).first_ascii);
            b.push(" can you check ");
            b.push(&negatives::reference(g));
            b.push("?");
        }
        6 => {
            b.push("the bad requests all come from ");
            ip(g, b);
            b.push(", blocking it at the WAF");
        }
        7 => {
            b.push("fixed in ");
            b.push(&negatives::git_sha(g));
            b.push(", cc ");
            b.push(negatives::email_like(g));
        }
        8 => {
            negatives::inline(g, b);
        }
        9 | 10 => {
            let mut tmp = crate::gen::Builder::new(256, false);
            prose::paragraph(g, &mut tmp, 1);
            b.push(tmp.into_text().trim_end());
        }
        _ => b.push(g.word(SMALL)),
    }
}
