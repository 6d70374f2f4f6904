import type { AppConfig } from "../../config/schema";
import type { Conditions, StringOrList } from "../../core/iam";
import { stateKeyAlias } from "../../platform/backend-model";
import { type GolivePrincipals, secretsKeyAlias, webhookSecretNames } from "../secrets/model";
import type { CiRoleKind } from "./schema";
import type { StackDeclaration } from "../../platform/feature";
import { stateAccess, stateKindsOf } from "../state/bucket-policy";
import { feedbackTopicName } from "../email/feedback";
import { alertTopicName } from "../monitoring/alert-encryption";

// What the CI roles' policies and the boundary refer to: ARNs and aliases from config, and the action lists they share.

/** Writes to a role; a role golive creates may take them only on roles of its own prefix, keeping the boundary. */
export const ROLE_WRITE_ACTIONS = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:DeleteRolePermissionsBoundary",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:PassRole",
] as const;

/** Every IAM write (the deploy role's stacks declare no IAM at all). */
export const IAM_WRITE_ACTIONS = [
  "iam:Add*",
  "iam:Attach*",
  "iam:Change*",
  "iam:Create*",
  "iam:Deactivate*",
  "iam:Delete*",
  "iam:Detach*",
  "iam:Enable*",
  "iam:PassRole",
  "iam:Put*",
  "iam:Remove*",
  "iam:Reset*",
  "iam:Resync*",
  "iam:Set*",
  "iam:Tag*",
  "iam:Untag*",
  "iam:Update*",
  "iam:Upload*",
] as const;

/**
 * Ways to run new code as a role that is already somewhere, without iam:PassRole: change, start or
 * reach into a function, task, service, instance, build, job, state machine, stack or app that
 * carries a role (the role was passed when it was made). Making one with a role takes iam:PassRole,
 * which no golive CI role may call (IAM_WRITE_ACTIONS, the admin-deploy role's missing allow). No
 * golive stack declares any of these resources.
 */
export const RUN_AS_OTHER_ROLES = [
  // Lambda: code, layers, environment or handler of a function; a function policy letting another
  // account call UpdateFunctionCode ("any API action that operates on an existing function":
  // https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html).
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "lambda:AddPermission",
  // ECS: a task with overridden commands, a shell in a running one, a service on another revision or image.
  "ecs:RunTask",
  "ecs:StartTask",
  "ecs:ExecuteCommand",
  "ecs:CreateService",
  "ecs:UpdateService",
  "ecs:CreateTaskSet",
  // ECR: a new image under a tag that tasks or functions run, pushed here, or by another account a
  // repository or registry policy lets in, replicated from another repository, or pulled through a
  // cache rule from an upstream registry someone else controls.
  "ecr:PutImage",
  "ecr:SetRepositoryPolicy",
  "ecr:PutRegistryPolicy",
  "ecr:PutReplicationConfiguration",
  "ecr:CreatePullThroughCacheRule",
  // SSM: commands, sessions, associations (AWS-RunShellScript), automations and maintenance-window tasks on
  // instances; a document's new content or default version, which its associations run ($DEFAULT) as
  // the instances' roles; a maintenance window's targets, other instances its tasks then run on.
  "ssm:SendCommand",
  "ssm:StartSession",
  "ssm:ResumeSession",
  "ssm:CreateAssociation",
  "ssm:CreateAssociationBatch",
  "ssm:UpdateAssociation",
  "ssm:StartAssociationsOnce",
  "ssm:StartAutomationExecution",
  "ssm:RegisterTaskWithMaintenanceWindow",
  "ssm:UpdateMaintenanceWindowTask",
  "ssm:RegisterTargetWithMaintenanceWindow",
  "ssm:UpdateMaintenanceWindowTarget",
  "ssm:UpdateDocument",
  "ssm:UpdateDocumentDefaultVersion",
  // EKS: an access entry with an access policy (AmazonEKSClusterAdminPolicy) makes the caller a
  // cluster administrator, who runs pods as the service accounts' roles (IRSA, Pod Identity).
  "eks:CreateAccessEntry",
  "eks:UpdateAccessEntry",
  "eks:AssociateAccessPolicy",
  // CodeDeploy: a new revision whose hooks run on the group's instances (their role) or as its service role.
  "codedeploy:CreateDeployment",
  // EMR: a step (a script, a jar) on a running cluster, as its instances' role.
  "elasticmapreduce:AddJobFlowSteps",
  // MWAA: the Airflow CLI, web UI or REST API, which run DAGs as the environment's execution role.
  "airflow:CreateCliToken",
  "airflow:CreateWebLoginToken",
  "airflow:InvokeRestApi",
  // Data Pipeline: a pipeline's activities (shell commands) keep its resource role.
  "datapipeline:PutPipelineDefinition",
  // EC2: user data, a launch template version an Auto Scaling group launches with its profile, SSH or serial console.
  "ec2:ModifyInstanceAttribute",
  "ec2:CreateLaunchTemplateVersion",
  "ec2:ModifyLaunchTemplate",
  "ec2-instance-connect:SendSSHPublicKey",
  "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
  // EC2: another root disk (from an image or snapshot, or a volume swapped in) boots under the
  // instance's profile. A new profile takes iam:PassRole (AssociateIamInstanceProfile,
  // ReplaceIamInstanceProfileAssociation: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permission-to-pass-iam-roles.html).
  "ec2:CreateReplaceRootVolumeTask",
  "ec2:DetachVolume",
  "ec2:AttachVolume",
  // CodeBuild and Batch: a build or job with its buildspec or command overridden, or a project's buildspec changed.
  "codebuild:StartBuild",
  "codebuild:StartBuildBatch",
  "codebuild:RetryBuild",
  "codebuild:RetryBuildBatch",
  "codebuild:UpdateProject",
  // CodeBuild: a webhook builds what any branch's push or pull request holds, with that branch's
  // buildspec; a sandbox is a shell and commands in the project's environment, as its service role.
  "codebuild:CreateWebhook",
  "codebuild:UpdateWebhook",
  "codebuild:StartSandbox",
  "codebuild:StartSandboxConnection",
  "codebuild:StartCommandExecution",
  // CodePipeline: an execution with source revision overrides runs an unmerged commit (its buildspec)
  // as the pipeline's and its actions' roles; an action revision feeds the next execution one.
  // https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_StartPipelineExecution.html (sourceRevisions)
  "codepipeline:StartPipelineExecution",
  "codepipeline:PutActionRevision",
  "batch:SubmitJob",
  // Step Functions: a new definition, or an execution whose input its tasks act on.
  "states:UpdateStateMachine",
  "states:StartExecution",
  "states:StartSyncExecution",
  // CloudFormation: a stack or stack set keeps the service role it was made with when none is given.
  "cloudformation:UpdateStack",
  "cloudformation:CreateChangeSet",
  "cloudformation:ExecuteChangeSet",
  "cloudformation:UpdateStackSet",
  "cloudformation:CreateStackInstances",
  "cloudformation:UpdateStackInstances",
  // Glue and SageMaker: a job's script or arguments (a trigger's actions replace the job's default
  // arguments, `--scriptLocation` among them; a script from a repository the caller names), a dev
  // endpoint's SSH key, a statement in an interactive session; a notebook's console, its start-up
  // script or another one, Studio's (a domain's or user profile's lifecycle configurations, run as its
  // execution role). Scripts kept in S3 are the deploy role's S3 guard's (policies.ts).
  "glue:UpdateJob",
  "glue:StartJobRun",
  "glue:UpdateJobFromSourceControl",
  "glue:CreateTrigger",
  "glue:UpdateTrigger",
  "glue:StartTrigger",
  "glue:UpdateDevEndpoint",
  "glue:RunStatement",
  "sagemaker:CreatePresignedNotebookInstanceUrl",
  "sagemaker:CreatePresignedDomainUrl",
  "sagemaker:UpdateNotebookInstanceLifecycleConfig",
  "sagemaker:UpdateNotebookInstance",
  "sagemaker:UpdateDomain",
  "sagemaker:UpdateUserProfile",
  // SageMaker Pipelines: a new definition (the role is kept when none is given) or an execution, run as the pipeline's role.
  "sagemaker:UpdatePipeline",
  "sagemaker:StartPipelineExecution",
  // Image Builder: a recipe's components run on a build instance under the infrastructure
  // configuration's instance profile: a pipeline's new recipe, its execution, or an image built now.
  "imagebuilder:UpdateImagePipeline",
  "imagebuilder:StartImagePipelineExecution",
  "imagebuilder:CreateImage",
  // Bedrock AgentCore: code in a code interpreter, commands or a shell in an agent runtime, each as
  // its execution role.
  "bedrock-agentcore:InvokeCodeInterpreter",
  "bedrock-agentcore:InvokeAgentRuntimeCommand",
  "bedrock-agentcore:InvokeAgentRuntimeCommandShell",
  // App Runner, Amplify, Elastic Beanstalk: a new image, source, build spec or version of an app.
  "apprunner:UpdateService",
  "apprunner:StartDeployment",
  "amplify:UpdateApp",
  "amplify:UpdateBranch",
  "amplify:StartJob",
  "amplify:StartDeployment",
  "elasticbeanstalk:UpdateEnvironment",
] as const;

/**
 * Secret values kept outside Secrets Manager that ReadOnlyAccess (or PowerUserAccess) hands out:
 * SecureString parameters (the account's `aws/ssm` key decrypts for any caller through SSM), the
 * environment variables of functions, containers, builds and apps (Lambda returns them in every
 * listing), connection passwords, instance user data and Windows passwords, client secrets, API and
 * stream keys, pre-shared and CHAP keys, and credentials services mint on request. Each is a read
 * ReadOnlyAccess v178 or PowerUserAccess v12 grants (lib/engines/check/access/managed-policies) whose
 * API reference documents a secret in the response. No golive stack reads them.
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
  // User data (instances, launch templates, launch configurations) and encrypted Windows passwords.
  "ec2:DescribeInstanceAttribute",
  "ec2:DescribeLaunchTemplateVersions",
  "ec2:GetLaunchTemplateData",
  "ec2:GetPasswordData",
  "autoscaling:DescribeLaunchConfigurations",
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
] as const;

/**
 * Writes to S3 that put code where a service fetches it at run time and runs it as its role (a Glue
 * job's ScriptLocation, EMR steps, SageMaker and CodeBuild sources, Step Functions definitions, MWAA
 * DAG folders), or let another account do it: object writes and deletes, bucket and access point
 * policies and ACLs. PowerUserAccess allows them on every bucket; golive's deploy stacks keep nothing
 * in S3 but their state.
 */
export const S3_CODE_WRITES = [
  "s3:PutObject*",
  "s3:DeleteObject*",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutBucketOwnershipControls",
  "s3:CreateAccessPoint",
  "s3:PutAccessPointPolicy",
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

/**
 * What Secrets Manager asks KMS for, as the caller, to encrypt a new value (CreateSecret,
 * PutSecretValue, or UpdateSecret with SecretString/SecretBinary), with whatever key the secret uses.
 */
export const SECRET_ENCRYPT_ACTIONS = ["kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"] as const;

/** A KMS call Secrets Manager makes for the caller, in any region. */
export const VIA_SECRETS_MANAGER: Conditions = { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } };

export const KMS_ALIAS_ACTIONS = ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"] as const;

/** What the CI role and boundary policies refer to, from config. */
export interface CiScope {
  readonly principals: GolivePrincipals;
  /** The four CI roles' ARNs. */
  readonly ciRoles: readonly string[];
  /** `arn:aws:secretsmanager:<region>:<account>:secret:<app>/<env>/*` */
  readonly secrets: string;
  /** Aliases of golive's keys (secrets; state with S3 state). */
  readonly keyAliases: readonly string[];
  readonly aliasArns: readonly string[];
  /** `arn:aws:kms:*:<account>:alias/<app>-<env>-secrets` */
  readonly secretsAliasArn: string;
  /** `arn:aws:secretsmanager:*:<account>:secret:<name>-??????` of each alert webhook's secret. */
  readonly webhookSecrets: readonly string[];
  readonly rotationFunctions: readonly string[];
  /**
   * `arn:aws:sns:*:<account>:<name>` of the topics golive subscribes to: the alert topic
   * (`monitoring-<env>`, webhook subscriptions) and the SES feedback topic (`email-<env>`, addresses
   * from config), when their stacks exist.
   */
  readonly topics: { readonly alerts?: string; readonly feedback?: string };
  readonly app: string;
  readonly environment: string;
  readonly state?: {
    readonly bucketArn: string;
    readonly keyAlias: string;
    readonly aliasArn: string;
    /** State object ARN of a stack kind; its lock file adds `.tflock`. */
    readonly objectArn: (kind: string) => string;
    /** The stack kinds whose state each CI role plans or applies (stateKindsOf, from the registry's stacks). */
    readonly kindsOf: (role: CiRoleKind) => readonly string[];
  };
}

/** `stacks`: every stack the registry declares, passed down by the access stack's builder. */
export function ciScope(cfg: AppConfig, principals: GolivePrincipals, stacks: readonly StackDeclaration[]): CiScope {
  const secrets = cfg.secrets;
  const account = principals.accountId;
  const region = secrets?.region ?? "*";
  const aliasArn = (alias: string) => `arn:aws:kms:*:${account}:${alias}`;
  const s3 = cfg.state?.backend === "s3" ? cfg.state : undefined;
  const access = s3 ? stateAccess(cfg, s3, stacks) : undefined;
  const state =
    s3 && access
      ? {
          bucketArn: access.bucketArn,
          keyAlias: stateKeyAlias(s3.bucket),
          aliasArn: aliasArn(stateKeyAlias(s3.bucket)),
          objectArn: access.objectArn,
          kindsOf: (role: CiRoleKind) => stateKindsOf(role, stacks),
        }
      : undefined;
  const keyAliases = [secretsKeyAlias(cfg), ...(state ? [state.keyAlias] : [])];
  return {
    principals,
    ciRoles: principals.ci ? Object.values(principals.ci) : [],
    secrets: `arn:aws:secretsmanager:${region}:${account}:secret:${cfg.app}/${cfg.environment}/*`,
    keyAliases,
    aliasArns: keyAliases.map(aliasArn),
    secretsAliasArn: aliasArn(secretsKeyAlias(cfg)),
    // Secrets Manager appends `-` and six random characters to a secret's name in its ARN.
    webhookSecrets: [...webhookSecretNames(cfg)].map((name) => `arn:aws:secretsmanager:*:${account}:secret:${name}-??????`),
    rotationFunctions: (secrets?.items ?? []).flatMap((i) => (i.rotation.lambda ? [i.rotation.lambda.functionArn] : [])),
    topics: goliveTopics(cfg, account),
    app: cfg.app,
    environment: cfg.environment,
    ...(state ? { state } : {}),
  };
}

/** The topics the monitoring and email stacks declare, by the names those features give them. */
function goliveTopics(cfg: AppConfig, account: string): CiScope["topics"] {
  const topic = (name: string) => `arn:aws:sns:*:${account}:${name}`;
  return {
    ...(cfg.monitoring ? { alerts: topic(alertTopicName(cfg)) } : {}),
    ...(cfg.email ? { feedback: topic(feedbackTopicName(cfg)) } : {}),
  };
}

export function keyAliased(aliases: readonly string[]): Record<string, Record<string, StringOrList>> {
  return { "ForAnyValue:StringEquals": { "kms:ResourceAliases": [...aliases] } };
}
