//! Agent client (in progress).
