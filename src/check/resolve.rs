//! The intrinsic resolver: turns `Ref`, `Fn::GetAtt`, `Fn::Sub` and `Fn::Join` of a rendered
//! template into the strings CloudFormation would make, so policies can be evaluated as plain JSON.

use serde_json::Value;

/// Intrinsic functions of a rendered template turned into the strings CloudFormation would make.
pub(super) struct Resolver<'a> {
    template: &'a Value,
    account: &'a str,
    region: &'a str,
    /// The stack's name, for the names CloudFormation makes up (`<stack>-<id>-<suffix>`).
    stack: Option<String>,
}

impl<'a> Resolver<'a> {
    /// A resolver for one template deployed in `account` and `region`.
    pub(super) fn new(template: &'a Value, account: &'a str, region: &'a str) -> Self {
        Resolver {
            template,
            account,
            region,
            stack: None,
        }
    }

    /// The same, knowing the stack's name: unnamed buckets get the names CloudFormation makes.
    pub(super) fn in_stack(mut self, stack: &str) -> Self {
        self.stack = Some(stack.to_owned());
        self
    }
}

impl Resolver<'_> {
    /// True when the template declares a resource with this logical id.
    pub(super) fn declares(&self, id: &str) -> bool {
        self.template["Resources"].get(id).is_some()
    }

    fn props(&self, id: &str) -> &Value {
        &self.template["Resources"][id]["Properties"]
    }

    fn kind(&self, id: &str) -> &str {
        self.template["Resources"][id]["Type"]
            .as_str()
            .unwrap_or_default()
    }

    fn reference(&self, name: &str) -> String {
        match name {
            "AWS::AccountId" => self.account.to_owned(),
            "AWS::Partition" => "aws".to_owned(),
            "AWS::Region" => self.region.to_owned(),
            "AWS::URLSuffix" => "amazonaws.com".to_owned(),
            _ => {
                let p = self.props(name);
                let named = [
                    "RoleName",
                    "GroupName",
                    "TopicName",
                    "LogGroupName",
                    "BucketName",
                    "TrailName",
                    "AlarmName",
                    "Name",
                ]
                .iter()
                .find_map(|k| p[*k].as_str())
                .or_else(|| p["Budget"]["BudgetName"].as_str());
                match (named, &self.stack) {
                    (Some(n), _) => n.to_owned(),
                    // CloudFormation names an unnamed resource `<stack>-<id>-<suffix>`,
                    // lower case for buckets.
                    (None, Some(stack)) => format!("{stack}-{name}-1a2b3c4d5e6f").to_lowercase(),
                    (None, None) => name.to_lowercase(),
                }
            }
        }
    }

    /// The ARN of a resource of the template (`Fn::GetAtt id.Arn`).
    pub(super) fn arn(&self, id: &str) -> String {
        let p = self.props(id);
        let name = self.reference(id);
        let path = p["Path"].as_str().unwrap_or("/");
        let (account, region) = (self.account, self.region);
        match self.kind(id) {
            "AWS::IAM::Role" => format!("arn:aws:iam::{account}:role{path}{name}"),
            "AWS::IAM::Group" => format!("arn:aws:iam::{account}:group{path}{name}"),
            "AWS::Logs::LogGroup" => format!("arn:aws:logs:{region}:{account}:log-group:{name}:*"),
            "AWS::S3::Bucket" => format!("arn:aws:s3:::{name}"),
            "AWS::SNS::Topic" => format!("arn:aws:sns:{region}:{account}:{name}"),
            "AWS::CloudTrail::Trail" => {
                format!("arn:aws:cloudtrail:{region}:{account}:trail/{name}")
            }
            "AWS::KMS::Key" => format!("arn:aws:kms:{region}:{account}:key/{}", id.to_lowercase()),
            "AWS::CloudWatch::Alarm" => {
                format!("arn:aws:cloudwatch:{region}:{account}:alarm:{name}")
            }
            "AWS::Events::Rule" => format!("arn:aws:events:{region}:{account}:rule/{name}"),
            "AWS::GuardDuty::Detector" => format!(
                "arn:aws:guardduty:{region}:{account}:detector/{}",
                id.to_lowercase()
            ),
            "AWS::Budgets::Budget" => format!("arn:aws:budgets::{account}:budget/{name}"),
            other => format!("arn:aws:{other}:{region}:{account}:{name}"),
        }
    }

    fn sub(&self, text: &str, vars: &serde_json::Map<String, Value>) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else { break };
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str(&format!("${{{literal}}}"));
            } else if let Some(v) = vars.get(name) {
                out.push_str(&self.string(v));
            } else if let Some((id, _)) = name.split_once('.') {
                out.push_str(&self.arn(id));
            } else {
                out.push_str(&self.reference(name));
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// A value resolved to a string (non-string results as their JSON text).
    pub(super) fn string(&self, v: &Value) -> String {
        match self.resolve(v) {
            Value::String(s) => s,
            other => other.to_string(),
        }
    }

    /// A value with every intrinsic in it resolved.
    pub(super) fn resolve(&self, v: &Value) -> Value {
        match v {
            Value::Object(m) if m.len() == 1 => {
                let (key, arg) = m
                    .iter()
                    .next()
                    .map(|(k, a)| (k.as_str(), a))
                    .unwrap_or(("", v));
                match key {
                    "Ref" => {
                        let id = arg.as_str().unwrap_or_default();
                        // A topic's Ref is its ARN, not its name.
                        Value::String(if self.kind(id) == "AWS::SNS::Topic" {
                            self.arn(id)
                        } else {
                            self.reference(id)
                        })
                    }
                    "Fn::GetAtt" => Value::String(self.arn(arg[0].as_str().unwrap_or_default())),
                    "Fn::Sub" => match arg {
                        Value::String(t) => Value::String(self.sub(t, &Default::default())),
                        Value::Array(parts) => Value::String(self.sub(
                            parts[0].as_str().unwrap_or_default(),
                            parts[1].as_object().unwrap_or(&Default::default()),
                        )),
                        _ => Value::Null,
                    },
                    "Fn::Join" => Value::String(
                        arg[1]
                            .as_array()
                            .map(|parts| parts.iter().map(|p| self.string(p)).collect::<Vec<_>>())
                            .unwrap_or_default()
                            .join(arg[0].as_str().unwrap_or_default()),
                    ),
                    _ => Value::Object(
                        m.iter()
                            .map(|(k, v)| (k.clone(), self.resolve(v)))
                            .collect(),
                    ),
                }
            }
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), self.resolve(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|i| self.resolve(i)).collect()),
            other => other.clone(),
        }
    }
}
