//! Hostile files end in `unscannable` with the right reason, within their time and memory
//! budget: a zip bomb of 10 GiB nominal size (honest and lying headers), a gzip bomb, archives
//! nested too deep, too many entries, a time budget spent. Peak heap is measured with a
//! counting allocator and asserted under a stated bound.
//!
//! One test function runs the cases one after another, so the allocator's peak belongs to the
//! case being measured.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use airlock_extract::{extract, Limits};
use std::io::Write;
use std::time::{Duration, Instant};

#[path = "../../../tests/support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{peak_above, reset_peak};

/// The stated bound: extra heap while extracting a hostile file, beyond the input itself.
const HEAP_BOUND: usize = 48 << 20;
/// Time bound per hostile file (debug build, 2 cores shared with other tests).
const TIME_BOUND: Duration = Duration::from_secs(5);

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// `size` zero bytes, deflated, and their CRC-32.
fn deflated_zeros(size: usize) -> (Vec<u8>, u32) {
    let zeros = vec![0u8; size];
    (deflate(&zeros), crc32fast::hash(&zeros))
}

/// A ZIP whose `n` entries each hold the same deflated stream (declared as `declared` bytes):
/// the classic bomb, written by hand so headers can lie.
fn zip_bomb(n: usize, (body, crc): &(Vec<u8>, u32), declared: u32) -> Vec<u8> {
    let crc = *crc;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for i in 0..n {
        let name = format!("zeros-{i}.txt");
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&8u16.to_le_bytes()); // deflate
            h.extend_from_slice(&0u32.to_le_bytes()); // time, date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(body.len() as u32).to_le_bytes());
            h.extend_from_slice(&declared.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&[0u8; 6]); // comment len, disk, internal attrs
                h.extend_from_slice(&0u32.to_le_bytes()); // external attrs
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(body);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(n as u16).to_le_bytes());
    out.extend_from_slice(&(n as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn gzip_of_zeros(size: usize) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..size / chunk.len() {
        e.write_all(&chunk).unwrap();
    }
    e.finish().unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

#[track_caller]
fn expect_unscannable(label: &str, bytes: &[u8], limits: &Limits, kind: &str) {
    let base = reset_peak();
    let t = Instant::now();
    let ex = extract(label, bytes, limits);
    let took = t.elapsed();
    let peak = peak_above(base);
    let got = ex.unscannable.as_ref().map(|u| u.kind());
    assert_eq!(got, Some(kind), "{label}: {:?}", ex.unscannable);
    assert!(took < TIME_BOUND, "{label}: took {took:?}");
    assert!(
        peak < HEAP_BOUND,
        "{label}: peak extra heap {} MiB",
        peak >> 20
    );
    eprintln!(
        "{label}: {kind} in {took:?}, peak extra heap {:.1} MiB",
        peak as f64 / (1 << 20) as f64
    );
}

#[test]
fn hostile_files_end_unscannable_within_budget() {
    let limits = Limits::default();

    // 10 entries x 1 GiB of zeros = 10 GiB nominal, ~10 MB on disk; headers honest.
    let gib = deflated_zeros(1 << 30);
    let bomb = zip_bomb(10, &gib, 1 << 30);
    assert!(bomb.len() < 16 << 20);
    expect_unscannable("bomb.zip", &bomb, &limits, "bomb");

    // The same bytes with headers claiming 1 KiB per entry: caught while inflating.
    let liar = zip_bomb(10, &gib, 1024);
    expect_unscannable("liar.zip", &liar, &limits, "bomb");

    // One gzip stream of 1 GiB of zeros.
    let gz = gzip_of_zeros(1 << 30);
    expect_unscannable("zeros.gz", &gz, &limits, "bomb");

    // Archives nested 10 deep (made by the fixture script).
    expect_unscannable("nested.zip", &fixture("nested.zip"), &limits, "too_deep");

    // More entries than allowed.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..200 {
        w.start_file(
            format!("f{i}.txt"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(b"x").unwrap();
    }
    let many = w.finish().unwrap().into_inner();
    let few = Limits {
        max_entries: 100,
        ..Limits::default()
    };
    expect_unscannable("many.zip", &many, &few, "too_many_entries");

    // A time budget already spent.
    let hurry = Limits {
        time_budget: Duration::from_millis(0),
        ..Limits::default()
    };
    expect_unscannable("bundle.zip", &fixture("bundle.zip"), &hurry, "timeout");

    // Bigger than the size limit.
    let small = Limits {
        max_bytes: 1024,
        ..Limits::default()
    };
    expect_unscannable("bundle.zip", &fixture("bundle.zip"), &small, "too_large");

    // A decompressed-size limit of 1 MiB: the real bundle expands past it.
    let tight = Limits {
        max_decompressed_bytes: 16 << 10,
        ..Limits::default()
    };
    expect_unscannable("bundle.tar.gz", &fixture("bundle.tar.gz"), &tight, "bomb");

    // Truncated archives are corrupt, not clean.
    let b = fixture("bundle.zip");
    expect_unscannable("cut.zip", &b[..b.len() / 2], &limits, "corrupt");
}
