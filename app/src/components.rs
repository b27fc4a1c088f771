//! Building blocks shared by several pages.

pub mod badges;
pub mod header;
pub mod theme;
pub mod toast;
