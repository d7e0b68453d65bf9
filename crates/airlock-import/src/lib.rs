//! Imports peers' secret-detection rules into Airlock detector files.
