//! E-mail (RFC 5322 / MIME): headers, text and HTML bodies, attachments recursively.
//! (Being written.)

use crate::budget::{Ctx, Res};
use crate::location::Location;
use crate::outcome::Unscannable;

pub(crate) fn eml(_bytes: &[u8], _loc: &Location, _ctx: &mut Ctx) -> Res<()> {
    Err(Unscannable::Unsupported {
        format: "eml".into(),
    })
}
