//! The port: everything the screens ask of the station, in view-model terms. Each feature declares
//! its own part in its folder (`session::port`, `cases::port`, …); `StationPort` is all of them, so
//! one adapter serves every screen. The service layer implements it (`live`); tests use
//! `fake::FakeStation`. Errors come back as one sentence for the status bar.

use super::admin::port::AdminPort;
use super::cases::port::CasesPort;
use super::exchange::port::ExchangePort;
use super::nrm::port::NrmPort;
use super::reports::port::ReportPort;
use super::session::port::SessionPort;

/// Every feature's port.
pub trait StationPort:
    SessionPort + CasesPort + ExchangePort + AdminPort + NrmPort + ReportPort
{
}

impl<T: SessionPort + CasesPort + ExchangePort + AdminPort + NrmPort + ReportPort> StationPort
    for T
{
}
