//! Candidates, names and the import-only template, from templates alone.

use super::*;
use serde_json::json;

fn cloud_trail() -> RenderedTemplate {
    let body = include_str!("../../../stacks/cloudTrail.json").to_owned();
    match RenderedTemplate::parse(body) {
        Ok(t) => t,
        Err(e) => panic!("stacks/cloudTrail.json parses: {e}"),
    }
}

fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn without_a_record_only_named_resources_and_aliased_keys_are_candidates() {
    let found = candidates(&cloud_trail(), &values(&[]), &BTreeMap::new());
    let found: Vec<(&str, &Lookup)> = found
        .iter()
        .map(|c| (c.logical_id.as_str(), &c.lookup))
        .collect();
    assert_eq!(
        found,
        [
            (
                "TrailKey",
                &Lookup::KeyAlias("alias/hydrate/hydrate-management-events".into())
            ),
            (
                "TrailLogGroupKey",
                &Lookup::KeyAlias("alias/hydrate/hydrate-management-events-logs".into())
            ),
            ("TrailLogGroup", &Lookup::Id("/hydrate/cloudtrail".into())),
        ]
    );
}

#[test]
fn a_record_names_the_generated_buckets_and_the_key() {
    let recorded = values(&[
        ("TrailKey", "1234abcd"),
        ("TrailLogGroupKey", "5678efgh"),
        ("AccessLogBucket", "hydrate-cloudtrail-accesslogbucket-x1"),
        ("TrailBucket", "hydrate-cloudtrail-trailbucket-x2"),
        ("TrailLogGroup", "/hydrate/cloudtrail"),
        ("Trail", "not-retained"),
    ]);
    let found = candidates(&cloud_trail(), &values(&[]), &recorded);
    let ids: Vec<(&str, &str, &Lookup)> = found
        .iter()
        .map(|c| (c.logical_id.as_str(), c.identifier_key, &c.lookup))
        .collect();
    assert_eq!(
        ids,
        [
            ("TrailKey", "KeyId", &Lookup::Id("1234abcd".into())),
            ("TrailLogGroupKey", "KeyId", &Lookup::Id("5678efgh".into())),
            (
                "AccessLogBucket",
                "BucketName",
                &Lookup::Id("hydrate-cloudtrail-accesslogbucket-x1".into())
            ),
            (
                "TrailBucket",
                "BucketName",
                &Lookup::Id("hydrate-cloudtrail-trailbucket-x2".into())
            ),
            (
                "TrailLogGroup",
                "LogGroupName",
                &Lookup::Id("/hydrate/cloudtrail".into())
            ),
        ]
    );
}

#[test]
fn names_resolve_through_ref_sub_and_join_with_pseudo_parameters() {
    let v = values(&[
        ("Prefix", "acme"),
        ("AWS::AccountId", "123456789012"),
        ("AWS::Region", "eu-west-1"),
    ]);
    let sub = json!({"Fn::Sub": "${Prefix}-trail-${AWS::AccountId}-${AWS::Region}"});
    assert_eq!(
        resolve(&sub, &v).as_deref(),
        Some("acme-trail-123456789012-eu-west-1")
    );
    let own = json!({"Fn::Sub": ["${Name}-logs-${!Literal}", {"Name": {"Ref": "Prefix"}}]});
    assert_eq!(resolve(&own, &v).as_deref(), Some("acme-logs-${Literal}"));
    let join = json!({"Fn::Join": ["-", ["a", {"Ref": "Prefix"}]]});
    assert_eq!(resolve(&join, &v).as_deref(), Some("a-acme"));
    // A name that depends on something unknown is no candidate at all.
    assert_eq!(resolve(&json!({"Ref": "Missing"}), &v), None);
    assert_eq!(resolve(&json!({"Fn::Sub": "${Bucket.Arn}"}), &v), None);
    assert_eq!(resolve(&json!({"Fn::GetAtt": ["Key", "Arn"]}), &v), None);
}

#[test]
fn a_template_name_that_cannot_be_resolved_makes_no_candidate() {
    let body = json!({"Resources": {
        "Logs": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain",
                 "Properties": {"LogGroupName": {"Fn::Sub": "/x/${Unknown}"}}},
        "Gone": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Delete",
                 "Properties": {"LogGroupName": "/x/deleted"}}
    }});
    let template = RenderedTemplate::parse(body.to_string());
    let template = template.unwrap_or_else(|e| panic!("parses: {e}"));
    assert!(candidates(&template, &values(&[]), &BTreeMap::new()).is_empty());
}

#[test]
fn imported_resources_that_refer_to_resources_left_out_are_dangling() {
    let t = cloud_trail();
    let imported: BTreeSet<&str> = ["TrailBucket", "TrailLogGroup"].into();
    let found = dangling(t.json(), &imported);
    assert!(found.contains(&("TrailBucket".into(), "TrailKey".into())));
    assert!(found.contains(&("TrailBucket".into(), "AccessLogBucket".into())));
    assert!(found.contains(&("TrailLogGroup".into(), "TrailLogGroupKey".into())));
    let all: BTreeSet<&str> = [
        "TrailLogGroupKey",
        "TrailKey",
        "AccessLogBucket",
        "TrailBucket",
        "TrailLogGroup",
    ]
    .into();
    assert_eq!(dangling(t.json(), &all), []);
}

#[test]
fn the_import_template_holds_only_the_imported_resources_and_no_outputs() {
    let t = cloud_trail();
    let imported: BTreeSet<&str> = [
        "TrailKey",
        "TrailLogGroupKey",
        "AccessLogBucket",
        "TrailBucket",
        "TrailLogGroup",
    ]
    .into();
    let out = import_template(t.json(), &imported);
    let ids: BTreeSet<&str> = out["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(ids, imported);
    assert!(out.get("Outputs").is_none());
    assert_eq!(out["Description"], t.json()["Description"]);
    // The kept resources are exactly as the full template has them.
    assert_eq!(
        out["Resources"]["TrailBucket"],
        t.json()["Resources"]["TrailBucket"]
    );
}

#[test]
fn depends_on_resources_left_out_is_dropped() {
    let body = json!({"Parameters": {"P": {"Type": "String"}}, "Resources": {
        "A": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "DependsOn": ["B", "C"]},
        "B": {"Type": "AWS::SNS::Topic"},
        "C": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "DependsOn": "B"}
    }, "Outputs": {"O": {"Value": {"Ref": "B"}}}});
    let out = import_template(&body, &["A", "C"].into());
    assert_eq!(out["Resources"]["A"]["DependsOn"], json!(["C"]));
    assert!(out["Resources"]["C"].get("DependsOn").is_none());
    assert_eq!(out["Parameters"], body["Parameters"]);
}
