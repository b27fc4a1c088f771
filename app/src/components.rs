//! Building blocks shared by several pages.

pub mod badges;
pub mod feedback;
pub mod forms;
pub mod header;
pub mod live;
pub mod session;
pub mod theme;
pub mod toast;
