//! PDF: the text layer, per page. (Being written.)

use crate::budget::{Ctx, Res};
use crate::location::Location;
use crate::outcome::Unscannable;

pub(crate) fn pdf(_bytes: &[u8], _loc: &Location, _ctx: &mut Ctx) -> Res<()> {
    Err(Unscannable::Unsupported {
        format: "pdf".into(),
    })
}
