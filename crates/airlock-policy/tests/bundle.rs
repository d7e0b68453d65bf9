//! Signed bundles: each attack or accident is rejected with its own error and leaves the last
//! good bundle in force; key rotation works without re-enrollment; expiry is reported stale
//! but never disables enforcement.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_policy::bundle::*;
use airlock_policy::RuleFile;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use common::*;

const DAY: u64 = 86_400;

struct Keys {
    root: SecretKey,
    a: SecretKey,
    b: SecretKey,
    stranger: SecretKey,
}

fn keys() -> Keys {
    Keys {
        root: SecretKey::from_seed([1; 32]),
        a: SecretKey::from_seed([2; 32]),
        b: SecretKey::from_seed([3; 32]),
        stranger: SecretKey::from_seed([9; 32]),
    }
}

fn keyset(
    version: u64,
    roots: &[&SecretKey],
    signing: &[&SecretKey],
    revoked: &[&SecretKey],
    signers: &[&SecretKey],
) -> Envelope {
    sign_keyset(
        &KeysetMeta {
            tenant: "acme".into(),
            version,
            issued_at: NOW - DAY,
            roots: roots.iter().map(|k| k.public()).collect(),
            root_threshold: 1,
            signing_keys: signing
                .iter()
                .map(|k| (k.public(), NOW - DAY, NOW + 90 * DAY))
                .collect(),
            revoked: revoked.iter().map(|k| k.keyid.clone()).collect(),
        },
        signers,
    )
    .unwrap()
}

fn meta(version: u64) -> BundleMeta {
    BundleMeta {
        tenant: "acme".into(),
        version,
        issued_at: NOW,
        expires_at: NOW + 14 * DAY,
        min_agent_version: "0.1.0".into(),
    }
}

fn build(files: &[RuleFile], version: u64, key: &SecretKey, keysets: &[Envelope]) -> Vec<u8> {
    build_bundle(files, &meta(version), key, keysets).unwrap().0
}

fn store(k: &Keys) -> TrustStore {
    TrustStore::new(
        Pins {
            roots: vec![k.root.public()],
            threshold: 1,
            tenant: Some("acme".into()),
        },
        "0.1.0",
    )
}

/// A store holding bundle version 10 (signed by key A under key list 1).
fn installed(k: &Keys) -> (TrustStore, Vec<Envelope>) {
    let ks = vec![keyset(1, &[&k.root], &[&k.a], &[], &[&k.root])];
    let mut s = store(k);
    let out = s.offer(&build(&mini(), 10, &k.a, &ks), NOW).unwrap();
    assert_eq!(out, Outcome::Installed { version: 10 });
    (s, ks)
}

/// Re-signs a bundle file's payload after `edit`, keeping everything else.
fn resign(bytes: &[u8], key: &SecretKey, edit: impl FnOnce(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut f = BundleFile::parse(bytes).unwrap();
    let body = edit(B64.decode(&f.bundle.payload).unwrap());
    f.bundle = Envelope::sign(BUNDLE_TYPE, &body, &[key]);
    f.to_bytes()
}

fn payload_of(bytes: &[u8]) -> BundlePayload {
    let f = BundleFile::parse(bytes).unwrap();
    serde_json::from_slice(&B64.decode(&f.bundle.payload).unwrap()).unwrap()
}

#[track_caller]
fn rejected(s: &mut TrustStore, bytes: &[u8], now: u64) -> BundleError {
    let before = s.current().map(|c| (c.payload.version, c.sha256.clone()));
    let e = s.offer(bytes, now).expect_err("must be rejected");
    let after = s.current().map(|c| (c.payload.version, c.sha256.clone()));
    assert_eq!(
        before, after,
        "the last good bundle stays installed after: {e}"
    );
    assert!(!e.to_string().is_empty());
    e
}

#[test]
fn a_good_bundle_installs_once() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    assert!(matches!(s.status(NOW), Status::Fresh { version: 10, .. }));
    let same = build(&mini(), 10, &k.a, &ks);
    assert_eq!(
        s.offer(&same, NOW).unwrap(),
        Outcome::Unchanged { version: 10 }
    );
    assert_eq!(
        s.offer(&build(&mini(), 11, &k.a, &ks), NOW).unwrap(),
        Outcome::Installed { version: 11 }
    );
    let p = &s.current().unwrap().policy;
    assert_eq!(p.aup().version, "test-1");
}

#[test]
fn a_bundle_built_from_the_shipped_rules_verifies() {
    let k = keys();
    let ks = vec![keyset(1, &[&k.root], &[&k.a], &[], &[&k.root])];
    let files = read_dir(&repo_rules());
    let bytes = build(&files, 1, &k.a, &ks);
    assert!(bytes.len() < MAX_BUNDLE_BYTES / 2, "{} bytes", bytes.len());
    let mut s = store(&k);
    assert_eq!(
        s.offer(&bytes, NOW).unwrap(),
        Outcome::Installed { version: 1 }
    );
    assert!(s.current().unwrap().policy.register().tools().len() >= 80);
}

#[test]
fn a_tampered_byte_is_a_bad_signature() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    let good = build(&mini(), 11, &k.a, &ks);
    let mut f = BundleFile::parse(&good).unwrap();
    let mut body = B64.decode(&f.bundle.payload).unwrap();
    let at = body.len() / 2;
    body[at] ^= 0x01;
    f.bundle.payload = B64.encode(&body);
    let e = rejected(&mut s, &f.to_bytes(), NOW);
    assert!(matches!(e, BundleError::BadSignature { .. }), "{e}");
    assert!(e.to_string().contains("modified after signing"), "{e}");

    // A key list signature replayed as a bundle: the type is bound to the signature.
    let mut f = BundleFile::parse(&good).unwrap();
    f.bundle.payload_type = KEYSET_TYPE.into();
    let e = rejected(&mut s, &f.to_bytes(), NOW);
    assert!(matches!(e, BundleError::PayloadType { .. }), "{e}");
}

#[test]
fn a_wrong_key_is_unknown() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    let good = build(&mini(), 11, &k.a, &ks);
    let forged = resign(&good, &k.stranger, |b| b);
    let e = rejected(&mut s, &forged, NOW);
    assert!(matches!(e, BundleError::UnknownKey { .. }), "{e}");
    // A forged signature under A's key id.
    let mut f = BundleFile::parse(&forged).unwrap();
    f.bundle.signatures[0].keyid = k.a.keyid.clone();
    let e = rejected(&mut s, &f.to_bytes(), NOW);
    assert!(matches!(e, BundleError::BadSignature { .. }), "{e}");
    // No signature at all.
    let mut f = BundleFile::parse(&good).unwrap();
    f.bundle.signatures.clear();
    let e = rejected(&mut s, &f.to_bytes(), NOW);
    assert!(matches!(e, BundleError::Unsigned { .. }), "{e}");
}

#[test]
fn a_revoked_key_is_refused_after_rotation() {
    let k = keys();
    let (mut s, mut ks) = installed(&k);
    // Key list 2 rotates the signing key: B in, A revoked. No re-enrollment needed.
    ks.push(keyset(2, &[&k.root], &[&k.b], &[&k.a], &[&k.root]));
    assert_eq!(
        s.offer(&build(&mini(), 11, &k.b, &ks), NOW).unwrap(),
        Outcome::Installed { version: 11 }
    );
    assert_eq!(s.keyset().unwrap().keyset.version, 2);
    // A bundle by the revoked key, even with the old key list alone, is refused.
    let by_a = build_bundle(&mini(), &meta(12), &k.a, &ks[..1]).unwrap().0;
    let e = rejected(&mut s, &by_a, NOW);
    assert!(matches!(e, BundleError::RevokedKey { .. }), "{e}");
}

#[test]
fn rollback_is_refused() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    let e = rejected(&mut s, &build(&mini(), 9, &k.a, &ks), NOW);
    assert!(
        matches!(
            e,
            BundleError::Rollback {
                offered: 9,
                installed: 10,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn the_same_version_with_other_content_is_equivocation() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    let other = with_file(&mini(), "aup.md", "# Another AUP\n");
    let e = rejected(&mut s, &build(&other, 10, &k.a, &ks), NOW);
    assert!(
        matches!(e, BundleError::Equivocation { version: 10, .. }),
        "{e}"
    );
}

#[test]
fn key_list_rotation_chain() {
    let k = keys();
    let (mut s, mut ks) = installed(&k);
    let root2 = SecretKey::from_seed([4; 32]);
    // v2 moves to a new root: signed by the old root (trusted) and the new one (its own).
    ks.push(keyset(2, &[&root2], &[&k.a], &[], &[&k.root, &root2]));
    assert_eq!(
        s.offer(&build(&mini(), 11, &k.a, &ks), NOW).unwrap(),
        Outcome::Installed { version: 11 }
    );
    // v3 signed by the new root only: fine now.
    ks.push(keyset(3, &[&root2], &[&k.b], &[], &[&root2]));
    assert_eq!(
        s.offer(&build(&mini(), 12, &k.b, &ks), NOW).unwrap(),
        Outcome::Installed { version: 12 }
    );
    // v4 signed by the old root only: refused (it is no longer a root).
    let mut bad = ks.clone();
    bad.push(keyset(4, &[&k.root], &[&k.stranger], &[], &[&k.root]));
    let e = rejected(&mut s, &build(&mini(), 13, &k.stranger, &bad), NOW);
    assert!(matches!(e, BundleError::UnknownKey { .. }), "{e}");
    // A new root that did not sign its own list: refused.
    let root3 = SecretKey::from_seed([5; 32]);
    let mut bad = ks.clone();
    bad.push(keyset(4, &[&root3], &[&k.b], &[], &[&root2]));
    let e = rejected(&mut s, &build(&mini(), 13, &k.b, &bad), NOW);
    assert!(
        matches!(
            e,
            BundleError::UnknownKey { .. } | BundleError::Threshold { .. }
        ),
        "{e}"
    );
    // A skipped version: refused.
    let mut gap = ks.clone();
    gap.push(keyset(5, &[&root2], &[&k.b], &[], &[&root2]));
    let e = rejected(&mut s, &build(&mini(), 13, &k.b, &gap), NOW);
    assert!(
        matches!(
            e,
            BundleError::KeysetGap {
                offered: 5,
                installed: 3
            }
        ),
        "{e}"
    );
    // A second, different key list 3: equivocation.
    let mut eq = ks[..2].to_vec();
    eq.push(keyset(3, &[&root2], &[&k.a], &[], &[&root2]));
    let e = rejected(&mut s, &build(&mini(), 13, &k.a, &eq), NOW);
    assert!(matches!(e, BundleError::Equivocation { .. }), "{e}");
}

#[test]
fn a_fresh_device_needs_a_key_list_signed_by_its_pinned_root() {
    let k = keys();
    let mut s = store(&k);
    let ks = vec![keyset(1, &[&k.stranger], &[&k.a], &[], &[&k.stranger])];
    let e = rejected(&mut s, &build(&mini(), 1, &k.a, &ks), NOW);
    assert!(matches!(e, BundleError::UnknownKey { .. }), "{e}");
    // Threshold 2 with two signatures by the same root key counts once.
    let root2 = SecretKey::from_seed([4; 32]);
    let mut s2 = TrustStore::new(
        Pins {
            roots: vec![k.root.public(), root2.public()],
            threshold: 2,
            tenant: None,
        },
        "0.1.0",
    );
    let dup = vec![keyset(1, &[&k.root], &[&k.a], &[], &[&k.root, &k.root])];
    let e = rejected(&mut s2, &build(&mini(), 1, &k.a, &dup), NOW);
    assert!(
        matches!(
            e,
            BundleError::Threshold {
                needed: 2,
                found: 1,
                ..
            }
        ),
        "{e}"
    );
    let both = vec![keyset(1, &[&k.root], &[&k.a], &[], &[&k.root, &root2])];
    assert!(s2.offer(&build(&mini(), 1, &k.a, &both), NOW).is_ok());
}

#[test]
fn a_truncated_file_is_malformed() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    let good = build(&mini(), 11, &k.a, &ks);
    for cut in [0, 1, good.len() / 3, good.len() - 3] {
        let e = rejected(&mut s, &good[..cut], NOW);
        assert!(matches!(e, BundleError::Malformed(_)), "{e}");
        assert!(e.to_string().contains("truncated"), "{e}");
    }
}

#[test]
fn non_canonical_encodings_are_refused() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    let good = build(&mini(), 11, &k.a, &ks);
    // Pretty-printed JSON, properly signed: same content, other bytes.
    let pretty = resign(&good, &k.a, |b| {
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        serde_json::to_vec_pretty(&v).unwrap()
    });
    let e = rejected(&mut s, &pretty, NOW);
    assert!(matches!(e, BundleError::NonCanonical { .. }), "{e}");
    // Files out of order.
    let unsorted = resign(&good, &k.a, |_| {
        let mut p = payload_of(&good);
        p.files.reverse();
        canonical(&p)
    });
    let e = rejected(&mut s, &unsorted, NOW);
    assert!(matches!(e, BundleError::NonCanonical { .. }), "{e}");
    // Base64 with non-zero padding bits.
    let mut f = BundleFile::parse(&good).unwrap();
    let p = &mut f.bundle.payload;
    if p.ends_with("==") {
        let i = p.len() - 3;
        let c = p.as_bytes()[i];
        let alt = if c == b'A' { 'B' } else { 'A' };
        p.replace_range(i..i + 1, &alt.to_string());
        let e = rejected(&mut s, &f.to_bytes(), NOW);
        assert!(
            matches!(
                e,
                BundleError::Malformed(_) | BundleError::BadSignature { .. }
            ),
            "{e}"
        );
    }
}

#[test]
fn an_oversized_bundle_is_refused_before_parsing() {
    let k = keys();
    let (mut s, _) = installed(&k);
    let huge = vec![b' '; MAX_BUNDLE_BYTES + 1];
    let e = rejected(&mut s, &huge, NOW);
    assert!(matches!(e, BundleError::TooLarge { .. }), "{e}");
}

#[test]
fn expiry_is_stale_never_open() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    let later = NOW + 15 * DAY;
    assert!(matches!(s.status(later), Status::Stale { version: 10, .. }));
    assert!(s.current().is_some(), "still enforced");
    // A new bundle that is already expired is refused; the stale one stays.
    let mut m = meta(11);
    m.issued_at = NOW - 20 * DAY;
    m.expires_at = NOW - 5 * DAY;
    let ks_old = vec![sign_keyset(
        &KeysetMeta {
            tenant: "acme".into(),
            version: 1,
            issued_at: NOW - 30 * DAY,
            roots: vec![k.root.public()],
            root_threshold: 1,
            signing_keys: vec![(k.a.public(), NOW - 30 * DAY, NOW + 90 * DAY)],
            revoked: vec![],
        },
        &[&k.root],
    )
    .unwrap()];
    let _ = ks;
    let old = build_bundle(&mini(), &m, &k.a, &ks_old).unwrap().0;
    let mut fresh = store(&k);
    let e = rejected(&mut fresh, &old, NOW);
    assert!(matches!(e, BundleError::Expired { .. }), "{e}");
    // At start, a stored bundle that expired meanwhile is restored and reported stale.
    let mut restarted = store(&k);
    assert!(restarted.restore(&old, NOW).is_ok());
    assert!(matches!(
        restarted.status(NOW),
        Status::Stale { version: 11, .. }
    ));
    // A clock set back a year does not make an expired bundle fresh again.
    s.observe_time(later);
    assert!(matches!(s.status(NOW - 365 * DAY), Status::Stale { .. }));
}

#[test]
fn a_bundle_from_the_future_is_refused() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    let mut m = meta(11);
    m.issued_at = NOW + DAY;
    m.expires_at = NOW + 10 * DAY;
    let b = build_bundle(&mini(), &m, &k.a, &ks).unwrap().0;
    let e = rejected(&mut s, &b, NOW);
    assert!(matches!(e, BundleError::FromTheFuture { .. }), "{e}");
}

#[test]
fn another_tenant_and_a_newer_agent_are_refused() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    let mut m = meta(11);
    m.tenant = "globex".into();
    let e = rejected(
        &mut s,
        &build_bundle(&mini(), &m, &k.a, &ks).unwrap().0,
        NOW,
    );
    assert!(matches!(e, BundleError::WrongTenant { .. }), "{e}");
    let mut m = meta(11);
    m.min_agent_version = "9.0.0".into();
    let e = rejected(
        &mut s,
        &build_bundle(&mini(), &m, &k.a, &ks).unwrap().0,
        NOW,
    );
    assert!(matches!(e, BundleError::AgentTooOld { .. }), "{e}");
}

#[test]
fn rules_that_do_not_compile_are_never_signed_nor_installed() {
    let k = keys();
    let (mut s, ks) = installed(&k);
    let broken = with_file(&mini(), "detectors/bad.toml", "[[detector]]\nid = \"x\"\n");
    let e = build_bundle(&broken, &meta(11), &k.a, &ks).unwrap_err();
    assert!(matches!(e, BundleError::Invalid(_)), "{e}");
    assert!(e.to_string().contains("detectors/bad.toml:"), "{e}");
    // Signed anyway by hand (a compromised build machine): the device refuses it.
    let good = build(&mini(), 11, &k.a, &ks);
    let forced = resign(&good, &k.a, |_| {
        let mut p = payload_of(&good);
        p.files.push(RuleFile::new(
            "detectors/zz.toml",
            "[[detector]]\nid = \"x\"\n",
        ));
        p.files.sort_by(|a, b| a.path.cmp(&b.path));
        canonical(&p)
    });
    let e = rejected(&mut s, &forced, NOW);
    assert!(matches!(e, BundleError::Invalid(_)), "{e}");
}

#[test]
fn signing_checks_at_build_time() {
    let k = keys();
    let ks = vec![keyset(1, &[&k.root], &[&k.a], &[], &[&k.root])];
    let e = build_bundle(&mini(), &meta(1), &k.stranger, &ks).unwrap_err();
    assert!(matches!(e, BundleError::UnknownKey { .. }), "{e}");
    let e = build_bundle(&mini(), &meta(1), &k.a, &[]).unwrap_err();
    assert!(matches!(e, BundleError::NoKeyset), "{e}");
}

#[test]
fn a_stored_bundle_restores_after_its_signing_key_window_closed() {
    let k = keys();
    // Key A may sign for 30 days; the bundle expires after 14.
    let ks = vec![sign_keyset(
        &KeysetMeta {
            tenant: "acme".into(),
            version: 1,
            issued_at: NOW - DAY,
            roots: vec![k.root.public()],
            root_threshold: 1,
            signing_keys: vec![(k.a.public(), NOW - DAY, NOW + 30 * DAY)],
            revoked: vec![],
        },
        &[&k.root],
    )
    .unwrap()];
    let bytes = build(&mini(), 10, &k.a, &ks);
    let mut restarted = store(&k);
    let later = NOW + 40 * DAY;
    assert_eq!(
        restarted.restore(&bytes, later).unwrap(),
        Outcome::Installed { version: 10 }
    );
    assert!(
        matches!(restarted.status(later), Status::Stale { .. }),
        "still enforced, stale"
    );
    // Offered as new at that time, it is refused (key window closed, and expired).
    let e = rejected(&mut store(&k), &bytes, later);
    assert!(
        matches!(
            e,
            BundleError::KeyNotValid { .. } | BundleError::Expired { .. }
        ),
        "{e}"
    );
}

#[test]
fn fast_forward_recovery_after_a_stolen_signing_key() {
    let k = keys();
    let (mut s, mut ks) = installed(&k);
    // The thief signs an inflated version with key A.
    assert!(s.offer(&build(&mini(), u64::MAX, &k.a, &ks), NOW).is_ok());
    // The root revokes A and names B: the next honest bundle is accepted despite its version.
    ks.push(keyset(2, &[&k.root], &[&k.b], &[&k.a], &[&k.root]));
    assert_eq!(
        s.offer(&build(&mini(), 11, &k.b, &ks), NOW).unwrap(),
        Outcome::Installed { version: 11 }
    );
    // And the rollback protection is back for B's bundles.
    let e = rejected(&mut s, &build(&mini(), 10, &k.b, &ks), NOW);
    assert!(matches!(e, BundleError::Rollback { .. }), "{e}");
}

#[test]
fn an_unchanged_bundle_with_a_newer_key_list_keeps_the_newer_file() {
    let k = keys();
    let (mut s, mut ks) = installed(&k);
    let first = build(&mini(), 10, &k.a, &ks);
    ks.push(keyset(
        2,
        &[&k.root],
        &[&k.a, &k.b],
        &[&k.stranger],
        &[&k.root],
    ));
    let mut f = BundleFile::parse(&first).unwrap();
    f.keysets = ks.clone();
    let again = f.to_bytes();
    assert_eq!(
        s.offer(&again, NOW).unwrap(),
        Outcome::Unchanged { version: 10 }
    );
    assert_eq!(s.keyset().unwrap().keyset.version, 2);
    assert_eq!(
        s.current().unwrap().file.as_slice(),
        again.as_slice(),
        "a restart restores key list 2"
    );
}

#[test]
fn a_bundle_for_another_tenant_than_its_key_list_is_refused() {
    let k = keys();
    let ks = vec![keyset(1, &[&k.root], &[&k.a], &[], &[&k.root])];
    let mut m = meta(1);
    m.tenant = "globex".into();
    let bytes = build_bundle(&mini(), &m, &k.a, &ks).unwrap().0;
    let mut s = TrustStore::new(
        Pins {
            roots: vec![k.root.public()],
            threshold: 1,
            tenant: None,
        },
        "0.1.0",
    );
    let e = rejected(&mut s, &bytes, NOW);
    assert!(matches!(e, BundleError::WrongTenant { .. }), "{e}");
}
