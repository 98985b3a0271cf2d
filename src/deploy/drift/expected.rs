//! What a deployed template says a resource's properties are: its intrinsics resolved with the
//! stack's parameter values, the physical ids CloudFormation gave its resources, and the account,
//! region and partition — the values the live resource is compared with.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// A deployed template, resolvable.
pub(super) struct Expected<'a> {
    /// The template.
    pub template: &'a Value,
    /// Parameter values of the stack.
    pub parameters: &'a BTreeMap<String, String>,
    /// Logical id → physical id.
    pub physical: &'a BTreeMap<String, String>,
    /// The account id.
    pub account: &'a str,
    /// The region.
    pub region: &'a str,
    /// The partition (`aws`, `aws-cn`, `aws-us-gov`).
    pub partition: &'a str,
}

/// The marker of `AWS::NoValue`: the property is dropped.
const NO_VALUE: &str = "\u{0}AWS::NoValue";

impl Expected<'_> {
    /// The resources of the template: logical id → (type, resolved properties).
    pub(super) fn resources(&self) -> Vec<(String, String, Value)> {
        self.template["Resources"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, r)| r.get("Condition").is_none_or(|c| self.condition(c)))
            .map(|(id, r)| {
                let kind = r["Type"].as_str().unwrap_or_default().to_owned();
                (id.clone(), kind, self.resolve(&r["Properties"]))
            })
            .collect()
    }

    fn kind(&self, id: &str) -> &str {
        self.template["Resources"][id]["Type"]
            .as_str()
            .unwrap_or_default()
    }

    fn parameter(&self, name: &str) -> Option<String> {
        self.parameters.get(name).cloned().or_else(|| {
            let default = &self.template["Parameters"][name]["Default"];
            match default {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            }
        })
    }

    /// `Ref`: a pseudo parameter, a parameter, or a resource's physical id.
    fn reference(&self, name: &str) -> Value {
        let text = match name {
            "AWS::AccountId" => self.account.to_owned(),
            "AWS::Partition" => self.partition.to_owned(),
            "AWS::Region" => self.region.to_owned(),
            "AWS::URLSuffix" => "amazonaws.com".to_owned(),
            "AWS::NoValue" => NO_VALUE.to_owned(),
            _ => match self.parameter(name) {
                Some(v) => v,
                None => self.physical.get(name).cloned().unwrap_or_default(),
            },
        };
        Value::String(text)
    }

    /// `Fn::GetAtt [id, attribute]`, for the attributes the baseline's policies use.
    fn attribute(&self, id: &str, attribute: &str) -> String {
        let physical = self.physical.get(id).cloned().unwrap_or_default();
        let path = self.template["Resources"][id]["Properties"]["Path"]
            .as_str()
            .unwrap_or("/");
        let (p, a, r) = (self.partition, self.account, self.region);
        match (self.kind(id), attribute) {
            ("AWS::IAM::Role", "Arn") => format!("arn:{p}:iam::{a}:role{path}{physical}"),
            ("AWS::IAM::Group", "Arn") => format!("arn:{p}:iam::{a}:group{path}{physical}"),
            ("AWS::IAM::Role", "RoleId") => physical,
            ("AWS::S3::Bucket", "Arn") => format!("arn:{p}:s3:::{physical}"),
            ("AWS::KMS::Key", "Arn") => format!("arn:{p}:kms:{r}:{a}:key/{physical}"),
            ("AWS::Logs::LogGroup", "Arn") => {
                format!("arn:{p}:logs:{r}:{a}:log-group:{physical}:*")
            }
            // A topic's physical id is its ARN; the other types' ids are what the policies name.
            _ => physical,
        }
    }

    fn condition(&self, value: &Value) -> bool {
        match value {
            Value::String(name) => self.condition(&self.template["Conditions"][name]),
            Value::Object(m) if m.len() == 1 => {
                let (op, arg) = m
                    .iter()
                    .next()
                    .map_or(("", value), |(k, v)| (k.as_str(), v));
                let args = arg.as_array().cloned().unwrap_or_default();
                match op {
                    "Fn::Equals" => {
                        args.len() == 2 && self.resolve(&args[0]) == self.resolve(&args[1])
                    }
                    "Fn::Not" => !args.first().is_some_and(|c| self.condition(c)),
                    "Fn::And" => args.iter().all(|c| self.condition(c)),
                    "Fn::Or" => args.iter().any(|c| self.condition(c)),
                    "Condition" => self.condition(arg),
                    _ => false,
                }
            }
            Value::Bool(b) => *b,
            _ => false,
        }
    }

    fn sub(&self, text: &str, vars: &Map<String, Value>) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return out;
            };
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str(&format!("${{{literal}}}"));
            } else if let Some(v) = vars.get(name) {
                out.push_str(&self.string(v));
            } else if let Some((id, attr)) = name.split_once('.').filter(|_| !name.contains("::")) {
                out.push_str(&self.attribute(id, attr));
            } else {
                out.push_str(&self.string(&self.reference(name)));
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    fn string(&self, v: &Value) -> String {
        match self.resolve(v) {
            Value::String(s) => s,
            other => other.to_string(),
        }
    }

    /// A value with every intrinsic resolved and `AWS::NoValue` dropped.
    pub(super) fn resolve(&self, v: &Value) -> Value {
        match v {
            Value::Object(m) if m.len() == 1 => {
                let (key, arg) = m.iter().next().map_or(("", v), |(k, a)| (k.as_str(), a));
                let at = |i: usize| arg.get(i).cloned().unwrap_or(Value::Null);
                match key {
                    "Ref" => self.reference(arg.as_str().unwrap_or_default()),
                    "Fn::GetAtt" => {
                        let (id, attr) = match arg {
                            Value::String(s) => s.split_once('.').unwrap_or((s, "Arn")),
                            _ => (
                                arg[0].as_str().unwrap_or_default(),
                                arg[1].as_str().unwrap_or("Arn"),
                            ),
                        };
                        Value::String(self.attribute(id, attr))
                    }
                    "Fn::Sub" => Value::String(match arg {
                        Value::String(t) => self.sub(t, &Map::new()),
                        _ => self.sub(
                            at(0).as_str().unwrap_or_default(),
                            at(1).as_object().unwrap_or(&Map::new()),
                        ),
                    }),
                    "Fn::Join" => Value::String(
                        self.resolve(&at(1))
                            .as_array()
                            .map(|parts| parts.iter().map(|p| self.string(p)).collect::<Vec<_>>())
                            .unwrap_or_default()
                            .join(at(0).as_str().unwrap_or_default()),
                    ),
                    "Fn::If" => {
                        let chosen = if self.condition(&at(0)) { at(1) } else { at(2) };
                        self.resolve(&chosen)
                    }
                    "Fn::Select" => {
                        let index = self.string(&at(0)).parse::<usize>().unwrap_or(usize::MAX);
                        let list = self.resolve(&at(1));
                        list.get(index).cloned().unwrap_or(Value::Null)
                    }
                    _ => self.object(m),
                }
            }
            Value::Object(m) => self.object(m),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| self.resolve(i))
                    .filter(|i| i.as_str() != Some(NO_VALUE))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn object(&self, m: &Map<String, Value>) -> Value {
        Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), self.resolve(v)))
                .filter(|(_, v)| v.as_str() != Some(NO_VALUE))
                .collect(),
        )
    }
}
