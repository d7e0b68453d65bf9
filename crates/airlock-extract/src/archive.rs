//! Archives: ZIP, TAR and GZIP, read recursively (each member is extracted as what its content
//! says it is), within the entry, depth, size, ratio and time limits.

use crate::budget::{Ctx, Res};
use crate::location::Location;
use crate::outcome::Unscannable;
use crate::zipread;
use std::io::{Cursor, Read};

/// Reads every member; a member that cannot be read (encrypted, corrupt, unsupported) does
/// not hide the others: the first such problem is returned after all were read. Budget
/// problems stop at once.
pub(crate) fn zip(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let mut z = zipread::open(bytes, "zip archive")?;
    let mut first = None;
    for i in 0..z.len() {
        ctx.count_entry()?;
        let (name, is_dir) = match z.by_index_raw(i) {
            Ok(e) => (
                e.name()
                    .map(|n| n.into_owned())
                    .unwrap_or_else(|_| format!("entry-{i}")),
                e.is_dir(),
            ),
            Err(e) => return Err(Unscannable::corrupt("zip archive", e)),
        };
        if is_dir {
            continue;
        }
        let r = zipread::read_index(&mut z, i, "zip archive", ctx)
            .and_then(|data| crate::member(&name, &data, loc, ctx));
        keep_going(r, &mut first)?;
    }
    first.map_or(Ok(()), Err)
}

/// Passes budget problems on; remembers the first member problem and carries on.
fn keep_going(r: Res<()>, first: &mut Option<Unscannable>) -> Res<()> {
    match r {
        Err(e) if e.stops_everything() => Err(e),
        Err(e) => {
            first.get_or_insert(e);
            Ok(())
        }
        Ok(()) => Ok(()),
    }
}

pub(crate) fn tar(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let mut archive = tar::Archive::new(Cursor::new(bytes));
    let entries = archive
        .entries()
        .map_err(|e| Unscannable::corrupt("tar archive", e))?;
    let mut first = None;
    for entry in entries {
        ctx.count_entry()?;
        let entry = entry.map_err(|e| Unscannable::corrupt("tar archive", e))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| "?".into());
        if entry.size() > ctx.limits.max_decompressed_bytes {
            return Err(Unscannable::TooLarge {
                limit: ctx.limits.max_decompressed_bytes,
            });
        }
        let r = ctx
            .read_limited(entry, None)
            .and_then(|data| crate::member(&name, &data, loc, ctx));
        keep_going(r, &mut first)?;
    }
    first.map_or(Ok(()), Err)
}

pub(crate) fn gzip(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let counter = Counting {
        inner: bytes,
        read: std::rc::Rc::new(std::cell::Cell::new(0)),
    };
    let read = counter.read.clone();
    let mut dec = flate2::read::GzDecoder::new(counter);
    let data = ctx.read_watched(dec.by_ref(), Some(bytes.len() as u64), &|| Some(read.get()))?;
    // The decompressed content stands in for the file itself (`logs.tar.gz/app/log.txt`).
    crate::nested(&data, loc, ctx)
}

/// A reader that counts the bytes read through it (compressed bytes consumed).
struct Counting<'a> {
    inner: &'a [u8],
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}
