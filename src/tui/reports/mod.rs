//! Statistical reports: the period form and the report page. State and update, drawing, the view
//! model, the port, its live adapter, its test fake and its tests.

#[cfg(test)]
pub mod fake;
pub mod live;
pub mod port;
pub mod screen;
#[cfg(test)]
mod tests;
pub mod update;
pub mod view;
