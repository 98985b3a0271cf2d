//! The AWS services the baseline's roles may be granted, with what each role level may do on them.
//!
//! One table: operator rights are the whole service, developer rights are the deploy-level subset
//! (change code, configuration and objects; never create or delete infrastructure), read rights are
//! what the readonly role gets.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A service that `iamSetup` can grant rights on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum Service {
    /// Certificate Manager.
    Acm,
    /// API Gateway (and invoking the APIs it serves).
    ApiGateway,
    /// CloudFormation.
    CloudFormation,
    /// CloudFront.
    CloudFront,
    /// CloudWatch metrics, alarms and dashboards.
    CloudWatch,
    /// CodeBuild.
    CodeBuild,
    /// CodePipeline.
    CodePipeline,
    /// DynamoDB.
    DynamoDb,
    /// Elastic Container Registry.
    Ecr,
    /// Elastic Container Service.
    Ecs,
    /// EventBridge.
    Events,
    /// KMS keys.
    Kms,
    /// Lambda.
    Lambda,
    /// CloudWatch Logs.
    Logs,
    /// Route 53.
    Route53,
    /// S3.
    S3,
    /// Secrets Manager.
    SecretsManager,
    /// SNS.
    Sns,
    /// SQS.
    Sqs,
    /// Systems Manager (Parameter Store and the rest).
    Ssm,
    /// Step Functions.
    StepFunctions,
    /// X-Ray.
    XRay,
}

/// The services operators and developers get unless the options say otherwise.
pub const DEFAULT_SERVICES: &[Service] = &[
    Service::ApiGateway,
    Service::CloudFormation,
    Service::CloudFront,
    Service::CloudWatch,
    Service::DynamoDb,
    Service::Ecr,
    Service::Events,
    Service::Kms,
    Service::Lambda,
    Service::Logs,
    Service::S3,
    Service::SecretsManager,
    Service::Sns,
    Service::Sqs,
    Service::Ssm,
    Service::StepFunctions,
];

/// Services the admin role always manages: the ones the baseline itself deploys.
pub const BASELINE_SERVICES: &[Service] = &[
    Service::CloudFormation,
    Service::CloudWatch,
    Service::Events,
    Service::Kms,
    Service::Logs,
    Service::S3,
    Service::Sns,
];

impl Service {
    /// The IAM action prefixes of the service.
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Service::Acm => &["acm"],
            Service::ApiGateway => &["apigateway", "execute-api"],
            Service::CloudFormation => &["cloudformation"],
            Service::CloudFront => &["cloudfront"],
            Service::CloudWatch => &["cloudwatch"],
            Service::CodeBuild => &["codebuild"],
            Service::CodePipeline => &["codepipeline"],
            Service::DynamoDb => &["dynamodb"],
            Service::Ecr => &["ecr"],
            Service::Ecs => &["ecs"],
            Service::Events => &["events"],
            Service::Kms => &["kms"],
            Service::Lambda => &["lambda"],
            Service::Logs => &["logs"],
            Service::Route53 => &["route53"],
            Service::S3 => &["s3"],
            Service::SecretsManager => &["secretsmanager"],
            Service::Sns => &["sns"],
            Service::Sqs => &["sqs"],
            Service::Ssm => &["ssm"],
            Service::StepFunctions => &["states"],
            Service::XRay => &["xray"],
        }
    }

    /// The service principals a role of this service is passed to (`iam:PassedToService`): a
    /// function's execution role, a task role, a stack's service role, ….
    pub fn passes_roles_to(self) -> &'static [&'static str] {
        match self {
            Service::ApiGateway => &["apigateway.amazonaws.com"],
            Service::CloudFormation => &["cloudformation.amazonaws.com"],
            Service::CodeBuild => &["codebuild.amazonaws.com"],
            Service::CodePipeline => &["codepipeline.amazonaws.com"],
            Service::Ecs => &["ecs-tasks.amazonaws.com", "ecs.amazonaws.com"],
            Service::Events => &["events.amazonaws.com"],
            Service::Lambda => &["lambda.amazonaws.com"],
            Service::Sns => &["sns.amazonaws.com"],
            Service::Ssm => &["ssm.amazonaws.com"],
            Service::StepFunctions => &["states.amazonaws.com"],
            _ => &[],
        }
    }

    /// Every action of the service: operator level.
    pub fn operate_actions(self) -> Vec<String> {
        self.prefixes().iter().map(|p| format!("{p}:*")).collect()
    }

    /// Listing and describing, without reading data: no objects, items, log events, secret or
    /// parameter values, environment variables, execution inputs or traces: readonly level.
    pub fn read_actions(self) -> Vec<String> {
        let actions: &[&str] = match self {
            Service::Acm => &["acm:Describe*", "acm:Get*", "acm:List*"],
            Service::ApiGateway => &["apigateway:GET"],
            Service::CloudFormation => &[
                "cloudformation:Describe*",
                "cloudformation:Get*",
                "cloudformation:List*",
            ],
            Service::CloudFront => &[
                "cloudfront:Describe*",
                "cloudfront:Get*",
                "cloudfront:List*",
            ],
            Service::CloudWatch => &[
                "cloudwatch:Describe*",
                "cloudwatch:Get*",
                "cloudwatch:List*",
            ],
            // BatchGetProjects/Builds return plaintext environment variables.
            Service::CodeBuild => &["codebuild:List*"],
            Service::CodePipeline => &["codepipeline:Get*", "codepipeline:List*"],
            // Get* would read items.
            Service::DynamoDb => &["dynamodb:Describe*", "dynamodb:List*"],
            Service::Ecr => &["ecr:Describe*", "ecr:List*"],
            // Not DescribeTaskDefinition or DescribeTasks: they return environment variables.
            Service::Ecs => &[
                "ecs:DescribeClusters",
                "ecs:DescribeContainerInstances",
                "ecs:DescribeServices",
                "ecs:List*",
            ],
            Service::Events => &["events:Describe*", "events:List*"],
            Service::Kms => &[
                "kms:DescribeKey",
                "kms:GetKeyPolicy",
                "kms:GetKeyRotationStatus",
                "kms:List*",
            ],
            // GetFunctionConfiguration, ListFunctions and ListVersionsByFunction return the
            // functions' environment variables, where secrets often live.
            Service::Lambda => &[
                "lambda:GetAccountSettings",
                "lambda:GetPolicy",
                "lambda:ListAliases",
                "lambda:ListEventSourceMappings",
                "lambda:ListTags",
            ],
            // Not GetLogEvents, GetLogRecord, GetQueryResults: those are the logged data.
            Service::Logs => &[
                "logs:Describe*",
                "logs:GetDataProtectionPolicy",
                "logs:GetLogDelivery",
                "logs:ListTagsForResource",
                "logs:ListTagsLogGroup",
            ],
            Service::Route53 => &["route53:Get*", "route53:List*"],
            Service::S3 => &["s3:GetBucket*", "s3:ListAllMyBuckets", "s3:ListBucket"],
            // Get* would include GetSecretValue.
            Service::SecretsManager => &[
                "secretsmanager:DescribeSecret",
                "secretsmanager:ListSecrets",
            ],
            Service::Sns => &["sns:Get*", "sns:List*"],
            Service::Sqs => &["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:List*"],
            Service::Ssm => &["ssm:Describe*", "ssm:List*"],
            // Not DescribeExecution: it returns an execution's input and output.
            Service::StepFunctions => &["states:DescribeStateMachine", "states:List*"],
            // Not GetTraceSummaries or GetTraceGraph: traces carry request data.
            Service::XRay => &[
                "xray:GetEncryptionConfig",
                "xray:GetGroup*",
                "xray:GetSampling*",
                "xray:List*",
            ],
        };
        actions.iter().map(|a| (*a).to_owned()).collect()
    }

    /// Read plus changing code, configuration and objects: developer level.
    pub fn deploy_actions(self) -> Vec<String> {
        let extra: &[&str] = match self {
            Service::Acm => &[],
            Service::ApiGateway => &["execute-api:Invoke"],
            Service::CloudFormation => &[
                "cloudformation:CreateChangeSet",
                "cloudformation:DeleteChangeSet",
                "cloudformation:ValidateTemplate",
            ],
            Service::CloudFront => &["cloudfront:CreateInvalidation"],
            Service::CloudWatch => &["cloudwatch:PutMetricData"],
            Service::CodeBuild => &[
                "codebuild:BatchGetBuilds",
                "codebuild:BatchGetProjects",
                "codebuild:StartBuild",
                "codebuild:StopBuild",
            ],
            Service::CodePipeline => &[
                "codepipeline:RetryStageExecution",
                "codepipeline:StartPipelineExecution",
            ],
            Service::DynamoDb => &[
                "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:DeleteItem",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:UpdateItem",
            ],
            Service::Ecr => &[
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchGetImage",
                "ecr:CompleteLayerUpload",
                "ecr:GetAuthorizationToken",
                "ecr:InitiateLayerUpload",
                "ecr:PutImage",
                "ecr:UploadLayerPart",
            ],
            Service::Ecs => &[
                "ecs:DescribeTaskDefinition",
                "ecs:DescribeTasks",
                "ecs:RegisterTaskDefinition",
                "ecs:UpdateService",
            ],
            Service::Events => &[
                "events:DisableRule",
                "events:EnableRule",
                "events:PutEvents",
            ],
            Service::Kms => &["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"],
            Service::Lambda => &[
                "lambda:GetFunction",
                "lambda:GetFunctionConfiguration",
                "lambda:InvokeFunction",
                "lambda:ListFunctions",
                "lambda:ListVersionsByFunction",
                "lambda:PublishVersion",
                "lambda:UpdateAlias",
                "lambda:UpdateFunctionCode",
                "lambda:UpdateFunctionConfiguration",
            ],
            Service::Logs => &[
                "logs:FilterLogEvents",
                "logs:GetLogEvents",
                "logs:GetLogRecord",
                "logs:GetQueryResults",
                "logs:StartQuery",
                "logs:StopQuery",
                "logs:TestMetricFilter",
            ],
            Service::Route53 => &[],
            Service::S3 => &[
                "s3:DeleteObject",
                "s3:GetObject",
                "s3:GetObjectVersion",
                "s3:PutObject",
            ],
            Service::SecretsManager => &[
                "secretsmanager:GetSecretValue",
                "secretsmanager:PutSecretValue",
            ],
            Service::Sns => &["sns:Publish"],
            Service::Sqs => &[
                "sqs:ChangeMessageVisibility",
                "sqs:DeleteMessage",
                "sqs:ReceiveMessage",
                "sqs:SendMessage",
            ],
            Service::Ssm => &["ssm:GetParameter*", "ssm:PutParameter"],
            Service::StepFunctions => &[
                "states:DescribeExecution",
                "states:StartExecution",
                "states:StopExecution",
            ],
            Service::XRay => &[
                "xray:BatchGetTraces",
                "xray:GetTraceGraph",
                "xray:GetTraceSummaries",
                "xray:PutTelemetryRecords",
                "xray:PutTraceSegments",
            ],
        };
        let mut actions = self.read_actions();
        actions.extend(extra.iter().map(|a| (*a).to_owned()));
        actions
    }
}

/// A class of data whose deletion `iamSetup` can deny to operators and developers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum DataGuard {
    /// S3 buckets and object versions.
    S3,
    /// DynamoDB tables and backups.
    DynamoDb,
    /// RDS instances, clusters and snapshots.
    Rds,
    /// CloudWatch Logs groups and streams.
    Logs,
    /// Scheduling KMS keys for deletion (data encrypted under them becomes unreadable).
    Kms,
    /// AWS Backup vaults and recovery points.
    Backup,
}

/// Every guard, the default.
pub const ALL_GUARDS: &[DataGuard] = &[
    DataGuard::S3,
    DataGuard::DynamoDb,
    DataGuard::Rds,
    DataGuard::Logs,
    DataGuard::Kms,
    DataGuard::Backup,
];

impl DataGuard {
    /// The actions the guard denies.
    pub fn actions(self) -> &'static [&'static str] {
        match self {
            DataGuard::S3 => &[
                "s3:DeleteBucket",
                "s3:DeleteObjectVersion",
                "s3:PutLifecycleConfiguration",
            ],
            DataGuard::DynamoDb => &["dynamodb:DeleteBackup", "dynamodb:DeleteTable"],
            DataGuard::Rds => &[
                "rds:DeleteDBCluster",
                "rds:DeleteDBClusterSnapshot",
                "rds:DeleteDBInstance",
                "rds:DeleteDBSnapshot",
            ],
            DataGuard::Logs => &[
                "logs:DeleteLogGroup",
                "logs:DeleteLogStream",
                "logs:PutRetentionPolicy",
            ],
            DataGuard::Kms => &["kms:ScheduleKeyDeletion"],
            DataGuard::Backup => &["backup:DeleteBackupVault", "backup:DeleteRecoveryPoint"],
        }
    }
}
