//! Whether a literal parameter value meets the template's declaration of the parameter
//! (allowed values, pattern, number range, length), as CloudFormation would check it.

use serde_json::Value;

/// Checks a literal parameter value against the template's declaration, as CloudFormation would.
pub(super) fn check_value(declaration: &Value, value: &str) -> Result<(), String> {
    let why = declaration["ConstraintDescription"]
        .as_str()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    if let Some(allowed) = declaration["AllowedValues"].as_array() {
        let allowed: Vec<String> = allowed
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect();
        if allowed.is_empty() {
            return Err(format!(
                "the template's AllowedValues is empty, so no value is allowed, not even `{value}`; give the parameter's AllowedValues at least one value"
            ));
        }
        if !allowed.iter().any(|a| a == value) {
            return Err(format!(
                "`{value}` is not allowed; use one of: {}",
                allowed.join(", ")
            ));
        }
    }
    if let Some(pattern) = declaration["AllowedPattern"].as_str() {
        // CloudFormation matches the whole value.
        if let Ok(re) = regex::Regex::new(&format!("^(?:{pattern})$")) {
            if !re.is_match(value) {
                return Err(format!(
                    "`{value}` does not match the template's pattern `{pattern}`{why}"
                ));
            }
        }
    }
    if declaration["Type"] == "Number" {
        let n: f64 = value
            .parse()
            .map_err(|_| format!("`{value}` is not a number"))?;
        let min = declaration["MinValue"].as_f64().unwrap_or(f64::MIN);
        let max = declaration["MaxValue"].as_f64().unwrap_or(f64::MAX);
        if n < min || n > max {
            return Err(format!("{value} is out of range; use {min} to {max}"));
        }
    }
    let len = value.chars().count() as u64;
    if declaration["MinLength"].as_u64().is_some_and(|m| len < m)
        || declaration["MaxLength"].as_u64().is_some_and(|m| len > m)
    {
        return Err(format!(
            "`{value}` has {len} characters, outside the template's length limits"
        ));
    }
    Ok(())
}
