//! The policy engine and signed rule bundles.
