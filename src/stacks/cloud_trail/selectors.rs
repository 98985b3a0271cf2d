//! Which events the trail records: every management event (reads too: root sign-ins are reads),
//! and with `s3DataEvents` the S3 object-level calls too, which only advanced selectors express.

use super::options::{DataEventKind, S3DataEvents};
use crate::cfn::cloudtrail::{AdvancedEventSelector, EventSelector, FieldSelector, ReadWriteType};
use crate::cfn::s3::Bucket;
use crate::cfn::{sub, Expr, Handle};

/// The trail's selectors: (basic, advanced); one of the two is empty, as CloudTrail requires.
pub(super) fn selectors(
    data: Option<&S3DataEvents>,
    own_buckets: &[&Handle<Bucket>],
) -> (Vec<EventSelector>, Vec<AdvancedEventSelector>) {
    let Some(data) = data else {
        return (
            vec![EventSelector {
                include_management_events: true,
                read_write_type: ReadWriteType::All,
            }],
            Vec::new(),
        );
    };
    let management = AdvancedEventSelector {
        name: Some("every management event".to_owned()),
        field_selectors: vec![FieldSelector::equals("eventCategory", ["Management"])],
    };
    let mut fields = vec![
        FieldSelector::equals("eventCategory", ["Data"]),
        FieldSelector::equals("resources.type", ["AWS::S3::Object"]),
    ];
    match data.events {
        DataEventKind::Read => fields.push(FieldSelector::equals("readOnly", ["true"])),
        DataEventKind::Write => fields.push(FieldSelector::equals("readOnly", ["false"])),
        DataEventKind::All => {}
    }
    let objects_of = |arn: String| sub(format!("{arn}/"));
    if data.buckets.is_empty() {
        // The trail's own buckets are left out: each log file written is an object write,
        // recorded in the next log file, and so on for ever.
        fields.push(FieldSelector {
            field: "resources.ARN".to_owned(),
            not_starts_with: own_buckets
                .iter()
                .map(|b| objects_of(b.arn_in_sub()))
                .collect(),
            ..FieldSelector::default()
        });
    } else {
        fields.push(FieldSelector {
            field: "resources.ARN".to_owned(),
            starts_with: data
                .buckets
                .iter()
                .map(|name| objects_of(format!("arn:${{AWS::Partition}}:s3:::{name}")))
                .collect::<Vec<Expr>>(),
            ..FieldSelector::default()
        });
    }
    let what = match data.events {
        DataEventKind::Read => "reads",
        DataEventKind::Write => "writes",
        DataEventKind::All => "reads and writes",
    };
    let data_selector = AdvancedEventSelector {
        name: Some(format!("S3 object {what}")),
        field_selectors: fields,
    };
    (Vec::new(), vec![management, data_selector])
}
