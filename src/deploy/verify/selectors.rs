//! Whether a trail's event selectors record every management event, read and write — what CIS
//! v5.0 3.1 asks of the multi-region trail besides being on.

use aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput;
use aws_sdk_cloudtrail::types::ReadWriteType;

/// Whether the selectors record all management events, and what they said.
pub fn all_management_events(out: &GetEventSelectorsOutput) -> (bool, String) {
    let advanced = out.advanced_event_selectors();
    if !advanced.is_empty() {
        // A management selector that filters on readOnly records only half the events; one that
        // filters on eventSource leaves services out (KMS, whose alarm would never fire).
        let ok = advanced.iter().any(|s| {
            let fields = s.field_selectors();
            let management = fields.iter().any(|f| {
                f.field() == "eventCategory" && f.equals().iter().any(|e| e == "Management")
            });
            management
                && !fields
                    .iter()
                    .any(|f| f.field() == "readOnly" || f.field() == "eventSource")
        });
        let said = if ok {
            "an advanced selector records every management event"
        } else {
            "no advanced selector records every management event (eventCategory Management without a readOnly or eventSource filter)"
        };
        return (ok, said.to_owned());
    }
    let basic = out.event_selectors();
    let ok = basic.iter().any(|s| {
        s.include_management_events() == Some(true)
            && s.read_write_type() == Some(&ReadWriteType::All)
            && s.exclude_management_event_sources().is_empty()
    });
    let said = if basic.is_empty() {
        "no event selectors".to_owned()
    } else if ok {
        "IncludeManagementEvents true, ReadWriteType All".to_owned()
    } else {
        let each: Vec<String> = basic
            .iter()
            .map(|s| {
                let excluded = s.exclude_management_event_sources();
                format!(
                    "IncludeManagementEvents {}, ReadWriteType {}{}",
                    s.include_management_events().unwrap_or(false),
                    s.read_write_type().map_or("none", ReadWriteType::as_str),
                    if excluded.is_empty() {
                        String::new()
                    } else {
                        format!(", ExcludeManagementEventSources {}", excluded.join(", "))
                    }
                )
            })
            .collect();
        format!(
            "no selector records every management event ({})",
            each.join("; ")
        )
    };
    (ok, said)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudtrail::types::{AdvancedEventSelector, AdvancedFieldSelector, EventSelector};

    fn basic(management: bool, rw: ReadWriteType) -> GetEventSelectorsOutput {
        GetEventSelectorsOutput::builder()
            .event_selectors(
                EventSelector::builder()
                    .include_management_events(management)
                    .read_write_type(rw)
                    .build(),
            )
            .build()
    }

    fn field(name: &str, value: &str) -> AdvancedFieldSelector {
        AdvancedFieldSelector::builder()
            .field(name)
            .equals(value)
            .build()
            .expect("field selector")
    }

    fn advanced(fields: Vec<AdvancedFieldSelector>) -> GetEventSelectorsOutput {
        GetEventSelectorsOutput::builder()
            .advanced_event_selectors(
                AdvancedEventSelector::builder()
                    .set_field_selectors(Some(fields))
                    .build()
                    .expect("advanced selector"),
            )
            .build()
    }

    #[test]
    fn only_all_management_events_pass() {
        assert!(all_management_events(&basic(true, ReadWriteType::All)).0);
        let (ok, said) = all_management_events(&basic(true, ReadWriteType::WriteOnly));
        assert!(!ok);
        assert!(said.contains("ReadWriteType WriteOnly"), "{said}");
        assert!(!all_management_events(&basic(false, ReadWriteType::All)).0);
        let (ok, said) = all_management_events(&GetEventSelectorsOutput::builder().build());
        assert!(!ok);
        assert_eq!(said, "no event selectors");
        let management = field("eventCategory", "Management");
        assert!(all_management_events(&advanced(vec![management.clone()])).0);
        let read_only = field("readOnly", "false");
        assert!(!all_management_events(&advanced(vec![management, read_only])).0);
        assert!(!all_management_events(&advanced(vec![field("eventCategory", "Data")])).0);
        let kms = field("eventSource", "kms.amazonaws.com");
        let management = field("eventCategory", "Management");
        assert!(!all_management_events(&advanced(vec![management, kms])).0);
        let excluding = GetEventSelectorsOutput::builder()
            .event_selectors(
                EventSelector::builder()
                    .include_management_events(true)
                    .read_write_type(ReadWriteType::All)
                    .exclude_management_event_sources("kms.amazonaws.com")
                    .build(),
            )
            .build();
        let (ok, said) = all_management_events(&excluding);
        assert!(!ok);
        assert!(
            said.contains("ExcludeManagementEventSources kms.amazonaws.com"),
            "{said}"
        );
    }
}
