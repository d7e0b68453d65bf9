//! Configuration files: `.env`, YAML, INI, JSON and TOML, each with ordinary settings, one to
//! three secret slots, placeholder credentials (`${DB_PASSWORD}`, `changeme`), build metadata
//! (git SHAs, sha256 checksums, versions, UUIDs, base64 blobs) and contact addresses.

use super::{any_email, ip};
use crate::gen::{Builder, Gen};
use crate::negatives;
use crate::plant::{secret_slot, Style};
use crate::words;

/// Writes one configuration file of a random format.
pub(crate) fn write(g: &mut Gen, b: &mut Builder) {
    let service = *g.pick(words::SERVICES);
    // Throughput filler keeps one placeholder line per file instead of many secret slots.
    let slots = if g.plant {
        g.range(3, 6)
    } else {
        g.range(0, 1)
    };
    match g.below(5) {
        0 => env(g, b, service, slots),
        1 => yaml(g, b, service, slots),
        2 => ini(g, b, service, slots),
        3 => json(g, b, service, slots),
        _ => toml(g, b, service, slots),
    }
}

fn env(g: &mut Gen, b: &mut Builder, service: &str, slots: usize) {
    b.push(&format!(
        "# {service} — environment for {}\n",
        g.pick(&["production", "staging", "local development"])
    ));
    b.push(&format!(
        "APP_ENV={}\nPORT={}\nLOG_LEVEL=info\n",
        g.pick(&["production", "staging"]),
        g.range(3000, 9000)
    ));
    b.push("BIND_ADDRESS=0.0.0.0\nREDIS_URL=redis://redis:6379/0\n");
    b.push("UPSTREAM_HOST=");
    ip(g, b);
    b.push("\nADMIN_EMAIL=");
    any_email(g, b);
    b.ch('\n');
    for _ in 0..slots {
        secret_slot(g, b, Style::Env, "");
        b.ch('\n');
    }
    negatives::placeholder(g, b, Style::Env);
    b.ch('\n');
    if g.chance(0.15) {
        negatives::aws_docs_example(b, "# ");
    }
    b.push(&format!(
        "SENTRY_RELEASE={service}@{}\n",
        negatives::version(g)
    ));
    b.push(&format!(
        "BUILD_SHA={}\nINSTANCE_ID={}\n",
        negatives::git_sha(g),
        negatives::uuid(g)
    ));
    b.push("FEATURE_FLAGS=new-checkout,bulk-export\n");
}

fn yaml(g: &mut Gen, b: &mut Builder, service: &str, slots: usize) {
    b.push(&format!(
        "# {service} configuration\nservice: {service}\nversion: {}\n",
        negatives::version(g)
    ));
    b.push(&format!(
        "server:\n  host: 0.0.0.0\n  port: {}\n  workers: {}\n",
        g.range(3000, 9000),
        g.range(2, 16)
    ));
    b.push("database:\n  host: ");
    ip(g, b);
    b.push(&format!(
        "\n  port: 5432\n  name: {}\n  user: app\n  ",
        g.pick(words::NOUNS).1
    ));
    negatives::placeholder(g, b, Style::Yaml);
    b.push("\nintegrations:\n");
    for _ in 0..slots {
        b.push("  ");
        secret_slot(g, b, Style::Yaml, "  ");
        b.ch('\n');
    }
    b.push("notifications:\n  email: ");
    any_email(g, b);
    b.push(&format!("\n  retry: {}\n", g.range(1, 5)));
    let (algo, h) = negatives::digest(g);
    b.push(&format!(
        "build:\n  commit: {}\n  checksum: {algo}:{h}\n  id: {}\n",
        negatives::git_sha(g),
        negatives::uuid(g)
    ));
}

fn ini(g: &mut Gen, b: &mut Builder, service: &str, slots: usize) {
    b.push(&format!(
        "; {service}.ini\n[default]\nregion = {}\noutput = json\n",
        g.word(&["eu-west-1", "us-east-1", "eu-central-1"])
    ));
    if g.chance(0.25) {
        negatives::aws_docs_example(b, "; ");
    }
    b.ch('\n');
    b.push("[server]\nlisten = 0.0.0.0:8080\nallowed_hosts = ");
    ip(g, b);
    b.push(&format!(
        "\ntimeout = {}\n\n[credentials]\n",
        g.range(5, 120)
    ));
    for _ in 0..slots {
        secret_slot(g, b, Style::Toml, "");
        b.ch('\n');
    }
    negatives::placeholder(g, b, Style::Toml);
    b.push("\n\n[mail]\nfrom = ");
    any_email(g, b);
    b.push(&format!(
        "\nsmtp_port = 587\n\n[meta]\nrelease = {}\ninstance = {}\n",
        negatives::version(g),
        negatives::uuid(g)
    ));
}

fn json(g: &mut Gen, b: &mut Builder, service: &str, slots: usize) {
    b.push(&format!(
        "{{\n  \"name\": \"{service}\",\n  \"version\": \"{}\",\n",
        negatives::version(g)
    ));
    b.push(&format!(
        "  \"environment\": \"{}\",\n  \"host\": \"",
        g.pick(&["production", "staging"])
    ));
    ip(g, b);
    b.push("\",\n  \"owner\": \"");
    any_email(g, b);
    b.push("\",\n  ");
    negatives::placeholder(g, b, Style::Json);
    b.push(",\n");
    for _ in 0..slots {
        b.push("  ");
        secret_slot(g, b, Style::Json, "  ");
        b.push(",\n");
    }
    b.push(&format!(
        "  \"instanceId\": \"{}\",\n  \"commit\": \"{}\",\n",
        negatives::uuid(g),
        negatives::git_sha(g)
    ));
    b.push(&format!(
        "  \"seed\": {{\"data\": \"{}\"}},\n",
        negatives::base64_blob(g)
    ));
    b.push(&format!(
        "  \"limits\": {{\"rps\": {}, \"burst\": {}}}\n}}\n",
        g.range(10, 500),
        g.range(10, 100)
    ));
}

fn toml(g: &mut Gen, b: &mut Builder, service: &str, slots: usize) {
    b.push(&format!(
        "# {service}.toml\n[server]\nhost = \"0.0.0.0\"\nport = {}\n\n",
        g.range(3000, 9000)
    ));
    b.push("[upstream]\naddress = \"");
    ip(g, b);
    b.push(&format!(
        "\"\ntimeout_ms = {}\n\n[secrets]\n",
        g.range(100, 5000)
    ));
    for _ in 0..slots {
        secret_slot(g, b, Style::Toml, "");
        b.ch('\n');
    }
    negatives::placeholder(g, b, Style::Toml);
    b.push("\n\n[alerts]\nemail = \"");
    any_email(g, b);
    let (algo, h) = negatives::digest(g);
    b.push(&format!(
        "\"\n\n[release]\nversion = \"{}\"\ncommit = \"{}\"\n{algo} = \"{h}\"\n",
        negatives::version(g),
        negatives::git_sha(g)
    ));
}
