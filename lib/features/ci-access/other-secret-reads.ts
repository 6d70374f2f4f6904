// Reads that return secrets kept outside Secrets Manager (SSM parameters, environment variables, SNS
// subscription endpoints, API key values), which the managed read policies hand out and the CI roles
// must not. Kept together so a new read joins its siblings; __tests__/iam/role-limits.spec.ts proves
// each one denied.

/**
 * Secret values kept outside Secrets Manager that ReadOnlyAccess (or PowerUserAccess) hands out:
 * SecureString parameters (the account's `aws/ssm` key decrypts for any caller through SSM), the
 * environment variables of functions, containers, builds and apps (Lambda returns them in every
 * listing), connection passwords, instance user data and Windows passwords, client secrets, API and
 * stream keys, pre-shared and CHAP keys, credentials services mint on request, and the copies that
 * configuration and security services keep of them (AWS Config, Security Hub, Inspector, Macie).
 * Each is a read the pinned ReadOnlyAccess (v188) or PowerUserAccess (v12) grants
 * (lib/engines/check/access/managed-policies) whose API reference documents a secret in the response.
 * No golive stack reads them.
 */
export const OTHER_SECRET_READS = [
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
  // FunctionConfiguration.Environment: https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
  "lambda:GetFunction",
  "lambda:GetFunctionConfiguration",
  "lambda:ListFunctions",
  "lambda:ListVersionsByFunction",
  // Container environment, of definitions and of tasks and jobs started with overrides.
  "ecs:DescribeTaskDefinition",
  "ecs:DescribeTasks",
  "batch:DescribeJobDefinitions",
  "batch:DescribeJobs",
  "codebuild:BatchGetProjects",
  "codebuild:BatchGetBuilds",
  "codebuild:BatchGetBuildBatches",
  "apprunner:DescribeService",
  "amplify:GetApp",
  "amplify:ListApps",
  "amplify:GetBranch",
  "amplify:ListBranches",
  "elasticbeanstalk:DescribeConfigurationSettings",
  "sagemaker:DescribeModel",
  "sagemaker:DescribeTrainingJob",
  "sagemaker:DescribeProcessingJob",
  "sagemaker:DescribeTransformJob",
  // ConnectionProperties.PASSWORD unless the caller asks to hide it.
  "glue:GetConnection",
  "glue:GetConnections",
  // User data (instances, launch templates, launch configurations, Spot requests' and Spot Fleet
  // requests' launch specifications: LaunchSpecification.UserData, SpotFleetLaunchSpecification.UserData)
  // and encrypted Windows passwords. DescribeSpotFleetInstances returns instance ids only.
  "ec2:DescribeInstanceAttribute",
  "ec2:DescribeLaunchTemplateVersions",
  "ec2:GetLaunchTemplateData",
  "ec2:GetPasswordData",
  "autoscaling:DescribeLaunchConfigurations",
  "ec2:DescribeSpotInstanceRequests",
  "ec2:DescribeSpotFleetRequests",
  // Cognito: an app client's ClientSecret (UserPoolClientType), an IdP's client_secret (ProviderDetails).
  "cognito-idp:DescribeUserPoolClient",
  "cognito-idp:DescribeIdentityProvider",
  "cognito-idp:GetIdentityProviderByIdentifier",
  // AppSync: an API key's id is the key sent as x-api-key (ApiKey). API Gateway keys: API_KEY_VALUE_READS.
  "appsync:ListApiKeys",
  // Site-to-Site VPN: CustomerGatewayConfiguration and TunnelOptions hold the tunnels' pre-shared keys.
  "ec2:DescribeVpnConnections",
  "ec2:GetVpnConnectionDeviceSampleConfiguration",
  // Direct Connect: a virtual interface's BGP authKey.
  "directconnect:DescribeVirtualInterfaces",
  // Storage Gateway: the iSCSI targets' CHAP secrets (SecretToAuthenticateInitiator/Target).
  "storagegateway:DescribeChapCredentials",
  // MediaPackage: a channel's HLS ingest endpoints with their username and password.
  "mediapackage:DescribeChannel",
  "mediapackage:ListChannels",
  // GameLift: an instance's SSH key or RDP password (InstanceCredentials), a compute's AWS credentials.
  "gamelift:GetInstanceAccess",
  "gamelift:GetComputeAccess",
  // Amazon Connect: a federation AccessToken and RefreshToken for the caller.
  "connect:GetFederationToken",
  // Snowball: the UnlockCode and the manifest that together unlock a device.
  "snowball:GetJobUnlockCode",
  "snowball:GetJobManifest",
  // Lightsail: container environment variables; (PowerUserAccess only) a database's master password,
  // an instance's temporary SSH private key or RDP password.
  "lightsail:GetContainerServices",
  "lightsail:GetContainerServiceDeployments",
  "lightsail:GetRelationalDatabaseMasterUserPassword",
  "lightsail:GetInstanceAccessDetails",
  // PowerUserAccess only: temporary database passwords (Redshift, Redshift Serverless), IVS stream keys.
  "redshift:GetClusterCredentials",
  "redshift:GetClusterCredentialsWithIAM",
  "redshift-serverless:GetCredentials",
  "ivs:GetStreamKey",
  "ivs:BatchGetStreamKey",
  // The request parameters of the last 90 days' management events, such as the endpoint of an SNS
  // Subscribe (an alert webhook URL) where the service does not hide it, and the same events where a
  // trail delivers them: a CloudWatch Logs group (events read by group, and any group may be the
  // trail's) or a CloudTrail Lake event data store. No plan, deploy or golive command reads log
  // events; Terraform reads a log group with DescribeLogGroups and ListTagsForResource, still allowed.
  "cloudtrail:LookupEvents",
  "logs:FilterLogEvents",
  "logs:GetLogEvents",
  "logs:GetLogRecord",
  "logs:StartQuery",
  "logs:GetQueryResults",
  "logs:StartLiveTail",
  "cloudtrail:StartQuery",
  "cloudtrail:GetQueryResults",
  // AWS Config's copies of what the reads above deny: a recorded resource's configuration item holds
  // its configuration as the service describes it, an ECS task definition's container environment
  // and a CodeBuild project's environment variables among them (the managed rules
  // ecs-no-environment-secrets and codebuild-project-envvar-awscred-check judge them there), in this
  // account or through an aggregator.
  "config:BatchGetResourceConfig",
  "config:GetResourceConfigHistory",
  "config:SelectResourceConfig",
  "config:BatchGetAggregateResourceConfig",
  "config:GetAggregateResourceConfig",
  "config:SelectAggregateResourceConfig",
  // Firehose: a Splunk destination's HECToken (SplunkDestinationDescription).
  "firehose:DescribeDeliveryStream",
  // Security Hub's copies of the same: a finding's resource details hold a function's environment
  // (AwsLambdaFunctionEnvironment.Variables) and a task definition's container environment
  // (AwsEcsTaskDefinitionContainerDefinitionsEnvironmentDetails), and the finding's history the old and
  // new value of every field that changed (FindingHistoryUpdate). GetFindingsV2 is authorized by
  // securityhub:GetFindings (API reference, GetFindingsV2).
  "securityhub:GetFindings",
  "securityhub:GetFindingHistory",
  // Inspector's Lambda code scanning keeps snippets of the code around each finding, which "can show
  // hardcoded credentials" (https://docs.aws.amazon.com/inspector/latest/user/scanning_resources_lambda_code.html).
  "inspector2:BatchGetCodeSnippet",
  // Macie: sample occurrences of the sensitive data a finding reports, credentials such as AWS secret
  // access keys and private keys among them, read from the S3 object (by Macie's own role when the
  // account's reveal configuration says ASSUME_ROLE). PowerUserAccess only.
  "macie2:GetSensitiveDataOccurrences",
  // ACM: an exportable certificate with its private key (PrivateKey, encrypted under a passphrase the
  // caller chooses: API reference, ExportCertificate). PowerUserAccess only.
  "acm:ExportCertificate",
  // Cognito identity pools: an OpenID Connect token for any identity of a pool with a developer
  // provider (Token), which GetCredentialsForIdentity (no IAM permission asked) exchanges for the
  // credentials of the pool's authenticated role. ReadOnlyAccess grants it (`cognito-identity:Get*`).
  "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
  // Database logins minted from IAM: an RDS IAM authentication token signed by the caller connects as
  // the database user this action names (rds-db:connect); an Aurora DSQL token, as a custom role or as
  // `admin` (generate-db-connect-admin-auth-token). PowerUserAccess only.
  "rds-db:connect",
  "dsql:DbConnect",
  "dsql:DbConnectAdmin",
  // Lightsail: the region's default SSH key pair with its private key (privateKeyBase64), created if
  // there is none. PowerUserAccess only.
  "lightsail:DownloadDefaultKeyPair",
  // Route 53 Global Resolver: an access token's value, which authenticates DNS-over-HTTPS and
  // DNS-over-TLS clients to a DNS view (GetAccessToken `value`; ListAccessTokens, in ReadOnlyAccess,
  // returns none). PowerUserAccess only.
  "route53globalresolver:GetAccessToken",
] as const;

/**
 * Reads that return SNS subscriptions with their endpoint (ReadOnlyAccess grants `sns:Get*`,
 * `sns:List*`): an https subscription's endpoint is the alert webhook URL `monitoring-<env>` subscribes
 * (a secret, kept from pull requests with monitoring state), as it may be another team's. Terraform
 * reads each subscription it manages with GetSubscriptionAttributes, so that one is denied by
 * resource (policies.ts `noSubscriptionEndpoints`); the listings, which no golive stack needs, everywhere.
 * https://docs.aws.amazon.com/sns/latest/api/API_GetSubscriptionAttributes.html (`Endpoint`),
 * API_ListSubscriptions.html, API_ListSubscriptionsByTopic.html (`Subscription.Endpoint`).
 */
export const SUBSCRIPTION_LISTINGS = ["sns:ListSubscriptions", "sns:ListSubscriptionsByTopic"] as const;
export const SUBSCRIPTION_ATTRIBUTES = "sns:GetSubscriptionAttributes";

/**
 * API Gateway has one action for every read (`apigateway:GET`), so its secrets are denied by path:
 * the REST API keys (GetApiKey/GetApiKeys with includeValue(s) return `value`) and the usage plan keys
 * (UsagePlanKey `value`). Other GETs (APIs, stages, domains) stay allowed.
 */
export const API_KEY_VALUE_READS = {
  action: "apigateway:GET",
  resources: [
    "arn:aws:apigateway:*::/apikeys",
    "arn:aws:apigateway:*::/apikeys/*",
    "arn:aws:apigateway:*::/usageplans/*/keys",
    "arn:aws:apigateway:*::/usageplans/*/keys/*",
  ],
} as const;
