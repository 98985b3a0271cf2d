//! The SDK interceptor that tells the injected [`CallLog`] about every call, so `-v` and the
//! benchmarks' call counts see exactly which calls hydrate made.

use std::sync::Arc;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use super::connection::CallLog;

/// Reports each call to a [`CallLog`].
#[derive(Clone)]
pub struct CallLogInterceptor(pub Arc<dyn CallLog>);

impl std::fmt::Debug for CallLogInterceptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CallLogInterceptor")
    }
}

impl Intercept for CallLogInterceptor {
    fn name(&self) -> &'static str {
        "hydrate-call-log"
    }

    fn read_before_serialization(
        &self,
        _: &BeforeSerializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(meta) = cfg.load::<Metadata>() {
            self.0.call(&format!("{} {}", meta.service(), meta.name()));
        }
        Ok(())
    }
}
