//! Profiling a rule set against content, for the benchmark's `--per-detector` mode and for IT
//! tuning rules: prefilter candidates per detector, and time spent per detector. Not used by
//! ordinary scans.

use crate::scanner::Scanner;

impl Scanner {
    /// How many prefilter candidates each detector gets on `input` (for profiling rule sets:
    /// a detector with many candidates and few findings has a weak anchor). Sorted, most first.
    pub fn candidate_counts(&self, input: &[u8]) -> Vec<(String, usize)> {
        let mut cands = Vec::new();
        self.prefilter.candidates(input, &mut cands);
        let mut counts = vec![0usize; self.rules.len()];
        for c in &cands {
            if let Some(n) = counts.get_mut(c.det as usize) {
                *n += 1;
            }
        }
        let mut out: Vec<(String, usize)> = self
            .rules
            .detectors
            .iter()
            .zip(counts)
            .map(|(d, n)| (d.meta.id.clone(), n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// Times the prefilter's candidate sources alone over `input`. For the benchmark's
    /// profiling mode; not a stable API.
    #[doc(hidden)]
    pub fn profile_prefilter(&self, input: &[u8]) -> crate::prefilter::PrefilterProfile {
        self.prefilter.profile(input)
    }

    /// Scans `input` timing each detector's confirmation: (id, time, windows), slowest first.
    /// For the benchmark's profiling mode; not a stable API.
    #[doc(hidden)]
    pub fn profile_detectors(&self, input: &[u8]) -> Vec<(String, std::time::Duration, usize)> {
        let mut st = self.new_state();
        st.timing = Some(vec![(std::time::Duration::ZERO, 0); self.rules.len()]);
        self.scan_text(input, None, 0, &mut st);
        let timing = st.timing.take().unwrap_or_default();
        let mut out: Vec<(String, std::time::Duration, usize)> = self
            .rules
            .detectors
            .iter()
            .zip(timing)
            .map(|(d, (t, n))| (d.meta.id.clone(), t, n))
            .collect();
        out.sort_by_key(|p| std::cmp::Reverse(p.1));
        out
    }
}
