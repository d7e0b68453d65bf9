//! `airlock scan DIR` and symbolic links: links inside directories are skipped unless
//! `--follow` is given; with it, a link back to a directory being scanned is never walked twice
//! (no repeated findings, no endless walk), and a link out of the tree is scanned once. Also the
//! exit status when only published examples are found.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Output;

mod common;
use common::airlock;

const SECRET: &str = "deploy with AWS_ACCESS_KEY_ID=AKIAZ3MXQ4LWZ7QK2PNR please\n";

fn json_paths(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["path"].as_str().unwrap().to_string()
        })
        .collect()
}

/// `root/tree/secret.env`, `root/tree/loop -> ..` (the tree's parent, which holds the tree),
/// `root/tree/self -> .`, `root/tree/out -> root/outside` (a file outside the tree).
fn tree() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let tree = root.path().join("tree");
    let outside = root.path().join("outside");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(tree.join("secret.env"), SECRET).unwrap();
    std::fs::write(outside.join("other.env"), SECRET).unwrap();
    std::os::unix::fs::symlink("..", tree.join("loop")).unwrap();
    std::os::unix::fs::symlink(".", tree.join("self")).unwrap();
    std::os::unix::fs::symlink(&outside, tree.join("out")).unwrap();
    (root, tree)
}

#[test]
fn links_inside_directories_are_skipped_by_default() {
    let (_root, tree) = tree();
    let o = airlock(&["scan", "--format", "json", tree.to_str().unwrap()], None);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let paths = json_paths(&o);
    assert_eq!(paths, vec![tree.join("secret.env").display().to_string()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("skipped 3 symbolic link(s)"), "{err}");
    assert!(err.contains("--follow"), "{err}");
}

#[test]
fn follow_scans_links_once_and_never_loops() {
    let (_root, tree) = tree();
    let o = airlock(
        &[
            "scan",
            "--follow",
            "--format",
            "json",
            tree.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let paths = json_paths(&o);
    let secret = paths.iter().filter(|p| p.ends_with("secret.env")).count();
    let other = paths.iter().filter(|p| p.ends_with("other.env")).count();
    // The tree's own file once (not again through `self` or `loop`), and the file outside
    // once, although two links lead to it (`out`, and `loop` to the parent that holds it).
    assert_eq!(secret, 1, "{paths:?}");
    assert_eq!(other, 1, "{paths:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("symbolic link loop"), "{err}");
}

#[test]
fn published_examples_alone_are_reported_but_not_found() {
    let o = airlock(&["scan", "-"], Some(b"docs say AKIAIOSFODNN7EXAMPLE\n"));
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("aws_access_key_id"), "{out}");
    assert!(out.contains("published example"), "{out}");
    let live = airlock(&["scan", "-"], Some(SECRET.as_bytes()));
    assert_eq!(live.status.code(), Some(1));
}
