//! The decision path on the device, shared by the `airlock` CLI, the agent and the hooks:
//! [`document`] extracts a content item (documents, e-mail, archives), scans every segment and
//! locates each finding; [`events`] turns a policy decision into the event the agent reports
//! (counts and classes, never content). Pure: no I/O beyond the bytes handed in.

pub mod document;
pub mod events;

pub use document::{line_col, scan, scan_text, Offsets, Scanned, SegmentSpan};
mod table;
