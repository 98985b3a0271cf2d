//! `AWS::GuardDuty::Detector`

use serde::Serialize;

use super::resource::{Handle, ResourceType};
use crate::expr::Expr;

/// `AWS::GuardDuty::Detector`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Detector {
    /// Whether the detector runs.
    pub enable: bool,
    /// How often updates of existing findings are published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding_publishing_frequency: Option<FindingPublishingFrequency>,
}

/// How often a detector publishes updates of existing findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingPublishingFrequency {
    /// Every 15 minutes.
    FifteenMinutes,
    /// Every hour.
    OneHour,
    /// Every six hours (GuardDuty's default).
    SixHours,
}

impl ResourceType for Detector {
    const TYPE: &'static str = "AWS::GuardDuty::Detector";
}

impl Handle<Detector> {
    /// `Fn::GetAtt` `Id`: the detector's id, the same value its `Ref` returns. (Not `id()`: that
    /// is the logical id of every handle.)
    pub fn detector_id(&self) -> Expr {
        self.attribute("Id")
    }
}
