//! `AWS::AccessAnalyzer::Analyzer`

use serde::Serialize;

use super::get_att::HasArn;
use super::resource::ResourceType;

/// `AWS::AccessAnalyzer::Analyzer`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Analyzer {
    /// The analyzer's name, unique in its region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyzer_name: Option<String>,
    /// What it analyzes.
    #[serde(rename = "Type")]
    pub analyzer_type: AnalyzerType,
    /// Settings of an unused-access analyzer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyzer_configuration: Option<AnalyzerConfiguration>,
}

/// What an analyzer looks for, within which zone of trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AnalyzerType {
    /// Resources of this account shared outside it.
    Account,
    /// Roles, users, keys and passwords of this account left unused (a paid analyzer).
    AccountUnusedAccess,
}

/// `AnalyzerConfiguration` of an unused-access analyzer.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AnalyzerConfiguration {
    /// How long access must stay unused before it is a finding.
    pub unused_access_configuration: UnusedAccessConfiguration,
}

/// `UnusedAccessConfiguration`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UnusedAccessConfiguration {
    /// Days without use after which access is reported.
    pub unused_access_age: u32,
}

impl ResourceType for Analyzer {
    const TYPE: &'static str = "AWS::AccessAnalyzer::Analyzer";
}

impl HasArn for Analyzer {}
