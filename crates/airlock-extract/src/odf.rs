//! OpenDocument text, spreadsheets and presentations. (Being written.)

use crate::budget::{Ctx, Res};
use crate::detect::Format;
use crate::location::Location;
use crate::outcome::Unscannable;

pub(crate) fn odf(_format: Format, _bytes: &[u8], _loc: &Location, _ctx: &mut Ctx) -> Res<()> {
    Err(Unscannable::Unsupported {
        format: "odf".into(),
    })
}
