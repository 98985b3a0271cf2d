//! `AWS::SecurityHub::*` resources: the hub and the standards it runs.

use serde::Serialize;

use super::resource::ResourceType;
use crate::expr::Expr;

/// `AWS::SecurityHub::Hub`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Hub {
    /// Whether Security Hub turns on its default standards itself (hydrate names them instead).
    pub enable_default_standards: bool,
    /// `SECURITY_CONTROL`: one finding per control across standards, not one per standard.
    pub control_finding_generator: ControlFindingGenerator,
    /// Whether controls a standard adds later are turned on.
    pub auto_enable_controls: bool,
}

/// How Security Hub reports control findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ControlFindingGenerator {
    /// One finding per control, whatever standards share it.
    SecurityControl,
    /// One finding per control and standard.
    StandardControl,
}

impl ResourceType for Hub {
    const TYPE: &'static str = "AWS::SecurityHub::Hub";
}

/// `AWS::SecurityHub::Standard`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Standard {
    /// The standard's ARN (`arn:…:securityhub:<region>::standards/…`).
    pub standards_arn: Expr,
}

impl ResourceType for Standard {
    const TYPE: &'static str = "AWS::SecurityHub::Standard";
}
