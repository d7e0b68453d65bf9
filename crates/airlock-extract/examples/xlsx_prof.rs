#![allow(clippy::unwrap_used, missing_docs)]
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(1);
    let bytes = std::fs::read(&path).unwrap();
    let limits = airlock_extract::Limits { time_budget: std::time::Duration::from_secs(1000), ..Default::default() };
    for _ in 0..n {
        let t = std::time::Instant::now();
        let ex = airlock_extract::extract("x.xlsx", &bytes, &limits);
        eprintln!("{:?} {} {:?}", t.elapsed(), ex.text_len(), ex.unscannable);
    }
}
