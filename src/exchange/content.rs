//! What a bundle carries: one family of records, named on the wire.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Content {
    ReadmissionApplications,
    ReadmissionReplies,
    TransferNotifications,
    Receipts,
    VerificationRequests,
    VerificationResults,
    Referrals,
    ReferralUpdates,
    Statistics,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a bundle content is one of: readmission-applications, readmission-replies, transfer-notifications, receipts, verification-requests, verification-results, referrals, referral-updates, statistics")]
pub struct UnknownContent;

impl Content {
    pub const ALL: [Content; 9] = [
        Content::ReadmissionApplications,
        Content::ReadmissionReplies,
        Content::TransferNotifications,
        Content::Receipts,
        Content::VerificationRequests,
        Content::VerificationResults,
        Content::Referrals,
        Content::ReferralUpdates,
        Content::Statistics,
    ];

    /// The name in a manifest's `content` and in a keyring's `may_send`.
    pub fn wire_name(self) -> &'static str {
        match self {
            Content::ReadmissionApplications => "readmission-applications",
            Content::ReadmissionReplies => "readmission-replies",
            Content::TransferNotifications => "transfer-notifications",
            Content::Receipts => "receipts",
            Content::VerificationRequests => "verification-requests",
            Content::VerificationResults => "verification-results",
            Content::Referrals => "referrals",
            Content::ReferralUpdates => "referral-updates",
            Content::Statistics => "statistics",
        }
    }

    /// The `type` every record of such a bundle carries.
    pub fn record_type(self) -> &'static str {
        match self {
            Content::ReadmissionApplications => "readmission_application",
            Content::ReadmissionReplies => "readmission_reply",
            Content::TransferNotifications => "transfer_notification",
            Content::Receipts => "receipt",
            Content::VerificationRequests => "verification_request",
            Content::VerificationResults => "verification_result",
            Content::Referrals => "referral",
            Content::ReferralUpdates => "referral_update",
            Content::Statistics => "statistics_extract",
        }
    }
}

impl FromStr for Content {
    type Err = UnknownContent;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Content::ALL
            .into_iter()
            .find(|c| c.wire_name() == s)
            .ok_or(UnknownContent)
    }
}

impl fmt::Display for Content {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_serde_and_parse_back() {
        for c in Content::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.wire_name()));
            assert_eq!(c.wire_name().parse::<Content>(), Ok(c));
        }
        assert!("applications".parse::<Content>().is_err());
    }

    #[test]
    fn every_family_has_its_own_record_type() {
        let mut types: Vec<_> = Content::ALL.iter().map(|c| c.record_type()).collect();
        types.sort();
        types.dedup();
        assert_eq!(types.len(), Content::ALL.len());
    }
}
