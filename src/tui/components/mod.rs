//! Small pieces the screens are built from. Each draws from plain data and holds no port.

pub mod confirm;
pub mod filter;
pub mod filter_line;
pub mod form;
pub mod help;
pub mod page;
pub mod sign_in;
pub mod status_bar;
pub mod table;
pub mod tabs;

use ratatui::layout::Rect;

/// A box of at most `width` × `height` in the middle of `area`, for dialogs.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
