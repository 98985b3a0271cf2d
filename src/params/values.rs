//! String values of stack files are handlebars templates: `{{account.id}}`, `{{account.region}}`,
//! `{{account.name}}` and `{{output "<stack>" "<OutputKey>"}}`, which reads a deployed stack's output.

use std::sync::Mutex;

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderErrorReason,
};
use serde::Serialize;

/// The account values a template may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountVars {
    /// `{{account.id}}`
    pub id: String,
    /// `{{account.region}}`
    pub region: String,
    /// `{{account.name}}`: the directory name.
    pub name: String,
}

/// Where `{{output "stack" "Key"}}` gets its values: the deployer reads deployed stacks.
pub trait OutputSource: Sync {
    /// The value of output `key` of the stack whose file is named `stack`, or why there is none.
    fn output(&self, stack: &str, key: &str) -> Result<String, String>;
}

/// One `{{output}}` use.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference {
    /// The stack file name it reads from.
    pub stack: String,
    /// The output key.
    pub output: String,
}

struct OutputHelper<'a> {
    source: &'a dyn OutputSource,
}

impl HelperDef for OutputHelper<'_> {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let arg = |i: usize| {
            h.param(i)
                .and_then(|p| p.value().as_str().map(str::to_owned))
        };
        let (Some(stack), Some(key), None) = (arg(0), arg(1), h.param(2)) else {
            return Err(RenderErrorReason::Other(
                r#"output takes two quoted names: {{output "snsNotify" "TopicArn"}}"#.to_owned(),
            )
            .into());
        };
        let value = self
            .source
            .output(&stack, &key)
            .map_err(RenderErrorReason::Other)?;
        out.write(&value)?;
        Ok(())
    }
}

/// Renders `text` against `context` with the `output` helper reading `outputs`.
fn render_in(
    text: &str,
    context: &serde_json::Value,
    outputs: &dyn OutputSource,
) -> Result<String, handlebars::RenderError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.register_helper("output", Box::new(OutputHelper { source: outputs }));
    hb.render_template(text, context)
}

/// Renders one value.
pub fn render(
    text: &str,
    account: &AccountVars,
    outputs: &dyn OutputSource,
) -> Result<String, String> {
    if !text.contains("{{") {
        return Ok(text.to_owned());
    }
    render_in(text, &serde_json::json!({ "account": account }), outputs)
        .map_err(|e| match e.reason() {
            RenderErrorReason::Other(message) => message.clone(),
            RenderErrorReason::MissingVariable(Some(name)) => format!(
                "`{name}` is not a value hydrate knows; use account.id, account.region, account.name or output"
            ),
            _ => format!("not a valid template: {e}"),
        })
}

/// The values a stack set cannot fill once for every account: `{{account.id}}` and
/// `{{account.name}}` (the region is the organization's home region, the same everywhere).
pub const PER_ACCOUNT_VALUES: [&str; 2] = ["account.id", "account.name"];

/// The first of [`PER_ACCOUNT_VALUES`] `text` uses, if any (found by rendering without them, so
/// spacing and helpers do not hide one).
pub fn per_account_value(text: &str) -> Option<&'static str> {
    if !text.contains("{{") {
        return None;
    }
    let context = serde_json::json!({ "account": { "region": "" } });
    let recorder = Recorder(Mutex::new(Vec::new()));
    match render_in(text, &context, &recorder) {
        Err(e) => match e.reason() {
            RenderErrorReason::MissingVariable(Some(name)) => {
                PER_ACCOUNT_VALUES.into_iter().find(|v| v == name)
            }
            _ => None,
        },
        Ok(_) => None,
    }
}

/// Records references instead of resolving them.
struct Recorder(Mutex<Vec<Reference>>);

impl OutputSource for Recorder {
    fn output(&self, stack: &str, key: &str) -> Result<String, String> {
        if let Ok(mut refs) = self.0.lock() {
            refs.push(Reference {
                stack: stack.to_owned(),
                output: key.to_owned(),
            });
        }
        Ok(format!("<output {stack}.{key}>"))
    }
}

/// The `{{output}}` references of one value, checking it renders otherwise.
pub fn references(text: &str, account: &AccountVars) -> Result<Vec<Reference>, String> {
    let recorder = Recorder(Mutex::new(Vec::new()));
    render(text, account, &recorder)?;
    Ok(recorder.0.into_inner().unwrap_or_default())
}

/// Outputs are not known yet: every `{{output}}` is an error (used where only account values may appear).
pub struct NoOutputs;

impl OutputSource for NoOutputs {
    fn output(&self, stack: &str, key: &str) -> Result<String, String> {
        Err(format!(
            "{{{{output \"{stack}\" \"{key}\"}}}} cannot be used here: this value is needed before any stack is deployed"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> AccountVars {
        AccountVars {
            id: "123456789012".into(),
            region: "eu-west-1".into(),
            name: "acme".into(),
        }
    }

    struct Fixed;
    impl OutputSource for Fixed {
        fn output(&self, stack: &str, key: &str) -> Result<String, String> {
            Ok(format!("{stack}/{key}"))
        }
    }

    #[test]
    fn renders_account_values_and_outputs_without_html_escaping() {
        let text = r#"{{account.name}}-{{account.region}}-{{account.id}} {{output "snsNotify" "TopicArn"}} <&>"#;
        assert_eq!(
            render(text, &account(), &Fixed).expect("renders"),
            "acme-eu-west-1-123456789012 snsNotify/TopicArn <&>"
        );
    }

    #[test]
    fn finds_the_values_a_stack_set_cannot_fill() {
        assert_eq!(per_account_value("x-{{account.id}}"), Some("account.id"));
        assert_eq!(
            per_account_value("{{ account.name }}"),
            Some("account.name")
        );
        assert_eq!(
            per_account_value(r#"{{output "a" "B"}}-{{account.name}}"#),
            Some("account.name")
        );
        assert_eq!(per_account_value("{{account.region}}"), None);
        assert_eq!(per_account_value("plain"), None);
        assert_eq!(
            per_account_value("{{account.nmae}}"),
            None,
            "reported as unknown elsewhere"
        );
    }

    #[test]
    fn lists_references_and_rejects_unknown_values() {
        let refs =
            references(r#"{{output "a" "X"}}:{{output "b" "Y"}}"#, &account()).expect("renders");
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[1].stack, "b");
        let err = references("{{account.nmae}}", &account()).expect_err("strict");
        assert!(err.contains("account.nmae"), "{err}");
        let err = references(r#"{{output "a"}}"#, &account()).expect_err("two names");
        assert!(err.contains("two quoted names"), "{err}");
        let err = render(r#"{{output "a" "B"}}"#, &account(), &NoOutputs).expect_err("no outputs");
        assert!(err.contains("before any stack is deployed"), "{err}");
    }
}
