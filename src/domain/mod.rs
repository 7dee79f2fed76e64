//! Pure rules of the domain: no storage, no crypto, no screens.

pub mod agreement;
pub mod application;
pub mod calendar;
pub mod case;
pub mod check;
pub mod checkpoint;
pub mod clock;
pub mod date;
pub mod deadline;
pub mod duplicate;
pub mod evidence;
pub mod holiday_file;
pub mod ids;
pub mod lifecycle;
pub mod lockout;
pub mod names;
pub mod nrm;
pub mod policy;
pub mod proposal;
pub mod retention;
pub mod role;
pub mod statistics;
pub mod untrusted;
