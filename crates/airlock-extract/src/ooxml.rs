//! Office Open XML: DOCX, XLSX, PPTX; and OLE compound files (encrypted OOXML, legacy Office).
//! (Being written.)

use crate::budget::{Ctx, Res};
use crate::location::Location;
use crate::outcome::Unscannable;

pub(crate) fn docx(_bytes: &[u8], _loc: &Location, _ctx: &mut Ctx) -> Res<()> {
    Err(Unscannable::Unsupported {
        format: "docx".into(),
    })
}

pub(crate) fn xlsx(_bytes: &[u8], _loc: &Location, _ctx: &mut Ctx) -> Res<()> {
    Err(Unscannable::Unsupported {
        format: "xlsx".into(),
    })
}

pub(crate) fn pptx(_bytes: &[u8], _loc: &Location, _ctx: &mut Ctx) -> Res<()> {
    Err(Unscannable::Unsupported {
        format: "pptx".into(),
    })
}

pub(crate) fn cfb(_bytes: &[u8]) -> Res<()> {
    Err(Unscannable::Unsupported {
        format: "ole".into(),
    })
}
