//! Reading ZIP containers within the budget: OOXML and OpenDocument files are ZIP packages, and
//! ZIP archives hold other files. Declared sizes are checked before anything is inflated, and
//! inflation itself is capped (declared sizes can lie).

use crate::budget::{Ctx, Res};
use crate::outcome::Unscannable;
use std::io::Cursor;

pub(crate) type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Opens a ZIP container; `what` names it in errors (`docx`, `zip archive`...).
pub(crate) fn open<'a>(bytes: &'a [u8], what: &str) -> Res<Zip<'a>> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
        zip::result::ZipError::UnsupportedArchive(m)
            if m.to_ascii_lowercase().contains("password") =>
        {
            Unscannable::encrypted(what)
        }
        e => Unscannable::corrupt(what, e),
    })
}

/// Names of the entries, in archive order.
pub(crate) fn names(zip: &Zip<'_>) -> Vec<String> {
    zip.file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect()
}

/// The size entry `name` declares (None when absent or unreadable); nothing is inflated.
pub(crate) fn declared_size(zip: &mut Zip<'_>, name: &str) -> Option<u64> {
    let index = zip.index_for_name(name)?;
    zip.by_index_raw(index).ok().map(|e| e.size())
}

/// Reads entry `name` (None when absent) within the limits.
pub(crate) fn read(
    zip: &mut Zip<'_>,
    name: &str,
    what: &str,
    ctx: &mut Ctx,
) -> Res<Option<Vec<u8>>> {
    let Some(index) = zip.index_for_name(name) else {
        return Ok(None);
    };
    read_index(zip, index, what, ctx).map(Some)
}

/// Reads entry `index` within the limits.
pub(crate) fn read_index(
    zip: &mut Zip<'_>,
    index: usize,
    what: &str,
    ctx: &mut Ctx,
) -> Res<Vec<u8>> {
    ctx.check_time()?;
    let entry = match zip.by_index(index) {
        Ok(e) => e,
        Err(zip::result::ZipError::UnsupportedArchive(m))
            if m.to_ascii_lowercase().contains("password")
                || m.to_ascii_lowercase().contains("encrypt") =>
        {
            return Err(Unscannable::encrypted(what))
        }
        Err(e) => return Err(Unscannable::corrupt(what, e)),
    };
    if entry.encrypted() {
        return Err(Unscannable::encrypted(what));
    }
    let declared = entry.size();
    let compressed = entry.compressed_size();
    let limits = &ctx.limits;
    if declared > limits.max_decompressed_bytes {
        return Err(Unscannable::Bomb {
            detail: format!(
                "an entry declares {declared} bytes, more than the {}-byte limit",
                limits.max_decompressed_bytes
            ),
        });
    }
    if declared > (64 << 10) && declared / compressed.max(1) > limits.max_ratio {
        return Err(Unscannable::Bomb {
            detail: format!(
                "an entry expands {}x (limit {}x)",
                declared / compressed.max(1),
                limits.max_ratio
            ),
        });
    }
    ctx.size_hint = Some(declared);
    ctx.read_limited(entry, Some(compressed))
}
