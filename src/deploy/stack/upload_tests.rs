use super::*;
use crate::cfn::RenderedTemplate;
use crate::deploy::fake_cloud::world::World;

#[test]
fn a_body_that_fits_goes_inline_and_a_longer_one_by_its_pinned_version() {
    let url = "https://b.s3.eu-west-1.amazonaws.com/k.json".to_owned();
    let small = "x".repeat(MAX_INLINE_BYTES);
    assert_eq!(
        pinned(&small, url.clone(), Some("v1")),
        StackTemplate::Body(small.clone())
    );
    let large = "x".repeat(MAX_INLINE_BYTES + 1);
    assert_eq!(
        pinned(
            &large,
            url.clone(),
            Some("3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")
        ),
        StackTemplate::Url(format!(
            "{url}?versionId=3sL4kqtJlcpXroDTDmJ%2BrmSpXd3dIbrHY"
        ))
    );
    // An unversioned bucket gives no id: the plain URL is all there is.
    assert_eq!(pinned(&large, url.clone(), None), StackTemplate::Url(url));
}

/// The example's snsNotify stack with its template padded past the inline limit.
fn large(w: &World) -> Stack {
    let mut stack = w.stack("snsNotify").clone();
    let mut json = stack.template.json().clone();
    json["Metadata"] = serde_json::json!({ "Padding": "x".repeat(MAX_INLINE_BYTES) });
    let body = serde_json::to_string(&json).unwrap_or_default();
    stack.template = RenderedTemplate::parse(body).expect("parses");
    stack
}

#[tokio::test(start_paused = true)]
async fn a_racing_writer_cannot_swap_an_inline_template() {
    let w = World::new();
    w.cloud
        .race_uploads(r#"{"Resources":{"Evil":{"Type":"AWS::IAM::User"}}}"#);
    let stack = w.stack("snsNotify");
    w.deployer().deploy(stack).await.expect("deploys");
    assert_eq!(
        w.cloud.template(&stack.stack_name).as_deref(),
        Some(stack.template.body())
    );
}

#[tokio::test(start_paused = true)]
async fn a_racing_writer_cannot_swap_a_template_sent_by_its_version() {
    let w = World::new();
    w.cloud
        .race_uploads(r#"{"Resources":{"Evil":{"Type":"AWS::IAM::User"}}}"#);
    let stack = large(&w);
    w.deployer().deploy(&stack).await.expect("deploys");
    assert_eq!(
        w.cloud.template(&stack.stack_name).as_deref(),
        Some(stack.template.body())
    );
}

#[tokio::test(start_paused = true)]
async fn without_versions_a_large_template_still_deploys_from_the_plain_url() {
    let w = World::new();
    w.cloud.unversioned();
    let stack = large(&w);
    w.deployer().deploy(&stack).await.expect("deploys");
    assert_eq!(
        w.cloud.template(&stack.stack_name).as_deref(),
        Some(stack.template.body())
    );
}
