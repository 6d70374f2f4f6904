import { stateObjectStep, writeStateSteps } from "../../lib/engines/check/access/steps";
import type { Step, World } from "./iam-world";
import type { CheckName } from "./matrix-checks";
import { ownNames } from "./own-names";

/** ARNs of the world's account (`at`) and one call on one of them (`call`), as the checks ask them. */
export function callsIn(world: World) {
  const account = world.accountId;
  return {
    at: (service: string, resource: string, region = world.region) => `arn:aws:${service}:${region}:${account}:${resource}`,
    call: (action: string, resource: string, context: Record<string, string | readonly string[]> = {}): Step => ({
      action,
      resource,
      resourceAccount: account,
      context,
    }),
  };
}

/**
 * Questions about the CI roles' limits beyond secrets and state, each one call on a resource of the
 * account (by the ARN the simulator's service data expects): reads that return secrets kept outside
 * Secrets Manager, ways to run new code as a role already in place (with iam:PassRole of a runtime
 * role where the call takes one), and what golive's own stacks need, which must stay allowed.
 */
export function roleLimitChecks(world: World): ReadonlyMap<CheckName, readonly Step[]> {
  const account = world.accountId;
  const { at, call } = callsIn(world);
  const prefix = `${world.cfg.app}-${world.cfg.environment}-`;
  const passRuntimeRole = call("iam:PassRole", `arn:aws:iam::${account}:role/${prefix}app`);
  const fn = at("lambda", `function:${prefix}worker`);
  const instance = at("ec2", "instance/i-0123456789abcdef0");
  const launchTemplate = at("ec2", "launch-template/lt-0123456789abcdef0");
  const taskDefinition = at("ecs", "task-definition/worker:1");
  const project = at("codebuild", "project/build");
  const stack = at("cloudformation", "stack/app/0d1e2f3a");
  const stackSet = at("cloudformation", "stackset/app:0d1e2f3a");
  const stateMachine = at("states", "stateMachine:jobs");
  const app = at("amplify", "apps/d1a2b3c4");
  const branch = `${app}/branches/main`;
  const association = at("ssm", "association/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab");
  const userPool = at("cognito-idp", `userpool/${world.region}_AbCdEfGhI`);
  const fleet = at("gamelift", "fleet/fleet-a1234567-b8c9-0d1e-2fa3-b45c6d7e8912");
  const window = at("ssm", "maintenancewindow/mw-0123456789abcdef0");
  const cluster = at("eks", "cluster/apps");
  const accessEntry = at("eks", `access-entry/apps/role/${account}/${prefix}deploy/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab`);
  const repository = at("ecr", "repository/worker");
  const volume = at("ec2", "volume/vol-0123456789abcdef0");
  const trigger = at("glue", "trigger/nightly");
  const sandbox = at("codebuild", "sandbox/build:0d1e2f3a-aaaa-bbbb-cccc-0123456789ab");
  const pipeline = at("codepipeline", "release");
  const mlPipeline = at("sagemaker", "pipeline/ranker");
  const imagePipeline = at("imagebuilder", "image-pipeline/base");
  const agentRuntime = at("bedrock-agentcore", "runtime/agent-a1B2c3D4e5");
  // A trail's log group and one of its streams; a CloudTrail Lake event data store.
  const trailLogs = at("logs", `log-group:aws-cloudtrail-logs-${account}`);
  const eventDataStore = at("cloudtrail", "eventdatastore/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab");
  const aggregator = at("config", "config-aggregator/config-aggregator-a1b2c3d4");
  const codeRepository = at("codecommit", "app");
  const ecsCluster = at("ecs", "cluster/app");
  const containerInstance = at("ecs", "container-instance/app/0123456789abcdef0123456789abcdef");
  const securityHub = at("securityhub", "hub/default");
  const daemon = at("ecs", "daemon/app/log-shipper");
  // A public repository has no region; a CodeArtifact package (domain, repository, format, namespace,
  // name), its repository and domain; an Athena Spark workgroup and one of its sessions; an EMR cluster's.
  const publicRepository = `arn:aws:ecr-public::${account}:repository/worker`;
  const artifacts = at("codeartifact", "repository/shared/releases");
  const artifact = at("codeartifact", "package/shared/releases/npm/example/worker-lib");
  const workgroup = at("athena", "workgroup/analysis");
  const emrCluster = at("elasticmapreduce", "cluster/j-0123456789ABC");
  const single: [action: string, resource: string][] = [
    // Secrets kept outside Secrets Manager.
    ["ssm:GetParameter", at("ssm", "parameter/shared/db-password")],
    ["ssm:GetParameters", at("ssm", "parameter/shared/db-password")],
    ["ssm:GetParametersByPath", at("ssm", "parameter/shared")],
    ["ssm:GetParameterHistory", at("ssm", "parameter/shared/db-password")],
    ["lambda:GetFunction", fn],
    ["lambda:GetFunctionConfiguration", fn],
    ["lambda:ListFunctions", "*"],
    ["lambda:ListVersionsByFunction", fn],
    ["ecs:DescribeTaskDefinition", "*"],
    ["ecs:DescribeTasks", at("ecs", "task/app/0123456789abcdef")],
    ["batch:DescribeJobDefinitions", "*"],
    ["batch:DescribeJobs", "*"],
    ["codebuild:BatchGetProjects", project],
    ["codebuild:BatchGetBuilds", project],
    ["codebuild:BatchGetBuildBatches", project],
    ["apprunner:DescribeService", at("apprunner", "service/web/0123456789abcdef")],
    ["amplify:GetApp", app],
    ["amplify:ListApps", "*"],
    ["amplify:GetBranch", branch],
    ["amplify:ListBranches", app],
    ["elasticbeanstalk:DescribeConfigurationSettings", at("elasticbeanstalk", "environment/web/web-prod")],
    ["sagemaker:DescribeModel", at("sagemaker", "model/ranker")],
    ["sagemaker:DescribeTrainingJob", at("sagemaker", "training-job/ranker")],
    ["sagemaker:DescribeProcessingJob", at("sagemaker", "processing-job/ranker")],
    ["sagemaker:DescribeTransformJob", at("sagemaker", "transform-job/ranker")],
    ["glue:GetConnection", at("glue", "connection/warehouse")],
    ["glue:GetConnections", at("glue", "connection/warehouse")],
    ["ec2:DescribeInstanceAttribute", instance],
    ["ec2:DescribeLaunchTemplateVersions", "*"],
    ["ec2:GetLaunchTemplateData", instance],
    ["ec2:GetPasswordData", instance],
    ["autoscaling:DescribeLaunchConfigurations", "*"],
    ["ec2:DescribeSpotInstanceRequests", "*"],
    ["ec2:DescribeSpotFleetRequests", "*"],
    ["cognito-idp:DescribeUserPoolClient", userPool],
    ["cognito-idp:DescribeIdentityProvider", userPool],
    ["cognito-idp:GetIdentityProviderByIdentifier", userPool],
    ["appsync:ListApiKeys", "*"],
    ["ec2:DescribeVpnConnections", "*"],
    ["ec2:GetVpnConnectionDeviceSampleConfiguration", at("ec2", "vpn-connection/vpn-0123456789abcdef0")],
    ["directconnect:DescribeVirtualInterfaces", "*"],
    ["storagegateway:DescribeChapCredentials", at("storagegateway", "gateway/sgw-12A3456B/target/iqn.1997-05.com.amazon:data")],
    ["mediapackage:DescribeChannel", at("mediapackage", "channels/live")],
    ["mediapackage:ListChannels", "*"],
    ["gamelift:GetInstanceAccess", fleet],
    ["gamelift:GetComputeAccess", fleet],
    ["connect:GetFederationToken", at("connect", "instance/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab")],
    ["snowball:GetJobUnlockCode", "*"],
    ["snowball:GetJobManifest", "*"],
    ["lightsail:GetContainerServices", "*"],
    ["lightsail:GetContainerServiceDeployments", "*"],
    ["lightsail:GetRelationalDatabaseMasterUserPassword", at("lightsail", "RelationalDatabase/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab")],
    ["lightsail:GetInstanceAccessDetails", at("lightsail", "Instance/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab")],
    ["redshift:GetClusterCredentials", at("redshift", "dbuser:warehouse/admin")],
    ["redshift:GetClusterCredentialsWithIAM", at("redshift", "dbname:warehouse/analytics")],
    ["redshift-serverless:GetCredentials", at("redshift-serverless", "workgroup/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab")],
    ["ivs:GetStreamKey", at("ivs", "stream-key/g1H2I3j4k5L6")],
    ["ivs:BatchGetStreamKey", at("ivs", "stream-key/g1H2I3j4k5L6")],
    ["cloudtrail:LookupEvents", "*"],
    ["logs:FilterLogEvents", trailLogs],
    ["logs:GetLogEvents", `${trailLogs}:log-stream:${account}_CloudTrail_${world.region}`],
    ["logs:GetLogRecord", trailLogs],
    ["logs:StartQuery", trailLogs],
    ["logs:GetQueryResults", trailLogs],
    ["logs:StartLiveTail", trailLogs],
    ["cloudtrail:StartQuery", eventDataStore],
    ["cloudtrail:GetQueryResults", eventDataStore],
    ["config:BatchGetResourceConfig", "*"],
    ["config:GetResourceConfigHistory", "*"],
    ["config:SelectResourceConfig", "*"],
    ["config:BatchGetAggregateResourceConfig", aggregator],
    ["config:GetAggregateResourceConfig", aggregator],
    ["config:SelectAggregateResourceConfig", aggregator],
    ["firehose:DescribeDeliveryStream", at("firehose", "deliverystream/splunk-logs")],
    ["securityhub:GetFindings", securityHub],
    ["securityhub:GetFindingHistory", securityHub],
    ["inspector2:BatchGetCodeSnippet", "*"],
    ["macie2:GetSensitiveDataOccurrences", "*"],
    ["acm:ExportCertificate", at("acm", "certificate/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab")],
    [
      "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
      at("cognito-identity", `identitypool/${world.region}:0d1e2f3a-aaaa-bbbb-cccc-0123456789ab`),
    ],
    ["rds-db:connect", at("rds-db", "dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXY0/app")],
    ["dsql:DbConnect", at("dsql", "cluster/abcdefghijklmnopqrstuvwxyz")],
    ["dsql:DbConnectAdmin", at("dsql", "cluster/abcdefghijklmnopqrstuvwxyz")],
    ["lightsail:DownloadDefaultKeyPair", "*"],
    ["route53globalresolver:GetAccessToken", `arn:aws:route53globalresolver::${account}:access-token/at-0123456789abcdef`],
    ["ecs:ListTaskDefinitions", "*"], // names only: left by the deny lists
    // New code as a role already in place, no iam:PassRole.
    ["lambda:UpdateFunctionCode", fn],
    ["lambda:UpdateFunctionConfiguration", fn],
    ["lambda:AddPermission", fn],
    ["ecs:RunTask", taskDefinition],
    ["ecs:StartTask", taskDefinition],
    ["ecs:ExecuteCommand", at("ecs", "task/app/0123456789abcdef")],
    ["ecs:CreateService", at("ecs", "service/app/worker")],
    ["ecs:UpdateService", at("ecs", "service/app/worker")],
    ["ecs:CreateTaskSet", at("ecs", "task-set/app/worker/ecs-svc-0123")],
    ["ecs:RegisterTaskDefinition", taskDefinition],
    ["ecs:CreateDaemon", daemon],
    ["ecs:UpdateDaemon", daemon],
    ["ecs:UpdateExpressGatewayService", at("ecs", "service/app/web")],
    ["ecs:RegisterContainerInstance", ecsCluster],
    ["ecs:DiscoverPollEndpoint", "*"],
    ["ecs:Poll", containerInstance],
    ["ecs:StartTelemetrySession", containerInstance],
    ["ecs:SubmitTaskStateChange", ecsCluster],
    ["ecs:SubmitContainerStateChange", ecsCluster],
    ["ecs:SubmitAttachmentStateChanges", ecsCluster],
    ["ecr:PutImage", repository],
    ["ecr:SetRepositoryPolicy", repository],
    ["ecr:PutRegistryPolicy", "*"],
    ["ecr:PutReplicationConfiguration", "*"],
    ["ecr:CreatePullThroughCacheRule", "*"],
    ["ecr-public:InitiateLayerUpload", publicRepository],
    ["ecr-public:UploadLayerPart", publicRepository],
    ["ecr-public:CompleteLayerUpload", publicRepository],
    ["ecr-public:PutImage", publicRepository],
    ["ecr-public:CreateRepository", publicRepository],
    ["ecr-public:SetRepositoryPolicy", publicRepository],
    ["codeartifact:PublishPackageVersion", artifact],
    ["codeartifact:CopyPackageVersions", artifact],
    ["codeartifact:PutPackageMetadata", artifact],
    ["codeartifact:UpdatePackageVersionsStatus", artifact],
    ["codeartifact:PutPackageOriginConfiguration", artifact],
    ["codeartifact:UpdatePackageGroupOriginConfiguration", at("codeartifact", "package-group/shared/npm/example/*")],
    ["codeartifact:AssociateExternalConnection", artifacts],
    ["codeartifact:UpdateRepository", artifacts],
    ["codeartifact:PutRepositoryPermissionsPolicy", artifacts],
    ["codeartifact:PutDomainPermissionsPolicy", at("codeartifact", "domain/shared")],
    ["ssm:SendCommand", instance],
    ["ssm:StartSession", instance],
    ["ssm:ResumeSession", at("ssm", "session/someone-0123456789abcdef")],
    ["ssm:CreateAssociation", association],
    ["ssm:CreateAssociationBatch", at("ssm", "document/RunShellScript")],
    ["ssm:UpdateAssociation", association],
    ["ssm:StartAssociationsOnce", association],
    ["ssm:StartAutomationExecution", at("ssm", "automation-execution/0d1e2f3a")],
    ["ssm:RegisterTaskWithMaintenanceWindow", window],
    ["ssm:UpdateMaintenanceWindowTask", window],
    ["ssm:RegisterTargetWithMaintenanceWindow", window],
    ["ssm:UpdateMaintenanceWindowTarget", window],
    ["ssm:UpdateDocument", at("ssm", "document/patch-and-restart")],
    ["ssm:UpdateDocumentDefaultVersion", at("ssm", "document/patch-and-restart")],
    ["eks:CreateAccessEntry", cluster],
    ["eks:UpdateAccessEntry", accessEntry],
    ["eks:AssociateAccessPolicy", accessEntry],
    ["codedeploy:CreateDeployment", at("codedeploy", "deploymentgroup:web/production")],
    ["elasticmapreduce:AddJobFlowSteps", emrCluster],
    ["elasticmapreduce:StartSession", emrCluster],
    ["elasticmapreduce:GetSessionEndpoint", `${emrCluster}/session/s-0123456789ABC`],
    ["athena:StartSession", workgroup],
    ["athena:StartCalculationExecution", workgroup],
    ["athena:GetSessionEndpoint", `${workgroup}/session/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab`],
    ["athena:CreatePresignedNotebookUrl", workgroup],
    ["athena:ImportNotebook", workgroup],
    ["athena:UpdateNotebook", workgroup],
    ["airflow:CreateCliToken", at("airflow", "environment/pipelines")],
    ["airflow:CreateWebLoginToken", at("airflow", "role/pipelines/Admin")],
    ["airflow:InvokeRestApi", at("airflow", "role/pipelines/Admin")],
    ["datapipeline:PutPipelineDefinition", at("datapipeline", "pipeline/df-0123456789ABCDEF")],
    ["ec2:ModifyInstanceAttribute", instance],
    ["ec2:CreateLaunchTemplateVersion", launchTemplate],
    ["ec2:ModifyLaunchTemplate", launchTemplate],
    ["ec2-instance-connect:SendSSHPublicKey", instance],
    ["ec2-instance-connect:SendSerialConsoleSSHPublicKey", instance],
    ["ec2:CreateReplaceRootVolumeTask", instance],
    ["ec2:DetachVolume", volume],
    ["ec2:AttachVolume", volume],
    ["codebuild:StartBuild", project],
    ["codebuild:StartBuildBatch", project],
    ["codebuild:RetryBuild", project],
    ["codebuild:RetryBuildBatch", project],
    ["codebuild:UpdateProject", project],
    ["codebuild:CreateWebhook", project],
    ["codebuild:UpdateWebhook", project],
    ["codebuild:StartSandbox", project],
    ["codebuild:StartSandboxConnection", sandbox],
    ["codebuild:StartCommandExecution", sandbox],
    ["codepipeline:StartPipelineExecution", pipeline],
    ["codepipeline:PutActionRevision", `${pipeline}/Source/Checkout`],
    ["batch:SubmitJob", at("batch", "job-queue/jobs")],
    ["codecommit:GitPush", codeRepository],
    ["codecommit:PutFile", codeRepository],
    ["codecommit:DeleteFile", codeRepository],
    ["codecommit:CreateCommit", codeRepository],
    ["codecommit:CreateBranch", codeRepository],
    ["codecommit:MergeBranchesByFastForward", codeRepository],
    ["codecommit:MergeBranchesBySquash", codeRepository],
    ["codecommit:MergeBranchesByThreeWay", codeRepository],
    ["codecommit:MergePullRequestByFastForward", codeRepository],
    ["codecommit:MergePullRequestBySquash", codeRepository],
    ["codecommit:MergePullRequestByThreeWay", codeRepository],
    ["codecommit:UpdateDefaultBranch", codeRepository],
    ["states:UpdateStateMachine", stateMachine],
    ["states:StartExecution", stateMachine],
    ["states:StartSyncExecution", stateMachine],
    ["cloudformation:UpdateStack", stack],
    ["cloudformation:CreateChangeSet", stack],
    ["cloudformation:ExecuteChangeSet", stack],
    ["cloudformation:UpdateStackSet", stackSet],
    ["cloudformation:CreateStackInstances", stackSet],
    ["cloudformation:UpdateStackInstances", stackSet],
    ["glue:UpdateJob", at("glue", "job/nightly")],
    ["glue:StartJobRun", at("glue", "job/nightly")],
    ["glue:UpdateJobFromSourceControl", at("glue", "job/nightly")],
    ["glue:CreateTrigger", trigger],
    ["glue:UpdateTrigger", trigger],
    ["glue:StartTrigger", trigger],
    ["glue:UpdateDevEndpoint", at("glue", "devEndpoint/dev")],
    ["glue:RunStatement", at("glue", "session/analysis")],
    ["glue:GetSessionEndpoint", at("glue", "session/analysis")],
    ["sagemaker:CreatePresignedNotebookInstanceUrl", at("sagemaker", "notebook-instance/lab")],
    ["sagemaker:CreatePresignedDomainUrl", at("sagemaker", "user-profile/d-0123456789ab/someone")],
    ["sagemaker:UpdateNotebookInstanceLifecycleConfig", at("sagemaker", "notebook-instance-lifecycle-config/lab")],
    ["sagemaker:UpdateNotebookInstance", at("sagemaker", "notebook-instance/lab")],
    ["sagemaker:UpdateDomain", at("sagemaker", "domain/d-0123456789ab")],
    ["sagemaker:UpdateUserProfile", at("sagemaker", "user-profile/d-0123456789ab/someone")],
    ["sagemaker:UpdatePipeline", mlPipeline],
    ["sagemaker:StartPipelineExecution", mlPipeline],
    ["imagebuilder:UpdateImagePipeline", imagePipeline],
    ["imagebuilder:StartImagePipelineExecution", imagePipeline],
    ["imagebuilder:CreateImage", at("imagebuilder", "image/base/1.0.0/1")],
    ["bedrock-agentcore:InvokeCodeInterpreter", at("bedrock-agentcore", "code-interpreter-custom/analysis-a1B2c3D4e5")],
    ["bedrock-agentcore:InvokeAgentRuntimeCommand", agentRuntime],
    ["bedrock-agentcore:InvokeAgentRuntimeCommandShell", agentRuntime],
    ["apprunner:UpdateService", at("apprunner", "service/web/0123456789abcdef")],
    ["apprunner:StartDeployment", at("apprunner", "service/web/0123456789abcdef")],
    ["amplify:UpdateApp", app],
    ["amplify:UpdateBranch", branch],
    ["amplify:StartJob", `${branch}/jobs/1`],
    ["amplify:StartDeployment", branch],
    ["elasticbeanstalk:UpdateEnvironment", at("elasticbeanstalk", "environment/web/web-prod")],
    ["emr-containers:StartJobRun", at("emr-containers", "/virtualclusters/abcdefghijklmnopqrstuvwx0")],
    ["servicecatalog:ProvisionProduct", at("catalog", "product/prod-abcdefghijklm")],
    ["servicecatalog:CreateProvisioningArtifact", at("catalog", "product/prod-abcdefghijklm")],
    ["airflow:UpdateEnvironment", at("airflow", "environment/pipelines")],
    ["greengrass:CreateDeployment", at("greengrass", "/greengrass/groups/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab")],
    ["kinesisanalytics:UpdateApplication", at("kinesisanalytics", "application/clickstream")],
  ];
  const checks = new Map<CheckName, readonly Step[]>(single.map(([action, resource]) => [action, [call(action, resource)]]));
  // API Gateway's one read action, by path: key values denied, everything else left by the deny lists.
  const apigateway = (path: string) => `arn:aws:apigateway:${world.region}::${path}`;
  checks.set("apigateway:GET an API key (with its value)", [call("apigateway:GET", apigateway("/apikeys/a1b2c3d4e5"))]);
  checks.set("apigateway:GET the API keys (with their values)", [call("apigateway:GET", apigateway("/apikeys"))]);
  checks.set("apigateway:GET a usage plan's keys (with their values)", [call("apigateway:GET", apigateway("/usageplans/up1234/keys"))]);
  checks.set("apigateway:GET the REST APIs (no key): left by the deny lists", [call("apigateway:GET", apigateway("/restapis"))]);
  // A Spot Fleet's instances (ids, types, health): no launch specification, so no user data.
  checks.set("ec2:DescribeSpotFleetInstances (no user data): left by the deny lists", [
    call("ec2:DescribeSpotFleetInstances", at("ec2", "spot-fleet-request/sfr-0d1e2f3a-aaaa-bbbb-cccc-0123456789ab")),
  ]);
  // Security Hub's counts of findings over time, no finding; and a task set's scale, more or fewer tasks of
  // the revision it was created with (CreateTaskSet is denied), no new code.
  checks.set("securityhub:GetFindingsTrendsV2 (counts, no finding): left by the deny lists", [
    call("securityhub:GetFindingsTrendsV2", "*"),
  ]);
  checks.set("ecs:UpdateTaskSet (a task set's scale): left by the deny lists", [
    call("ecs:UpdateTaskSet", at("ecs", "task-set/app/worker/ecs-svc-0123")),
  ]);
  // Another root volume under the instance's profile: the whole swap, which fails at its first denied call.
  checks.set("ec2 root volume swap (stop, detach, attach another, start)", [
    call("ec2:StopInstances", instance),
    call("ec2:DetachVolume", volume),
    call("ec2:AttachVolume", at("ec2", "volume/vol-0fedcba9876543210")),
    call("ec2:StartInstances", instance),
  ]);
  // Code other services fetch from S3 and run as their roles (S3_CODE_WRITES): a Glue script, an
  // access point; and what Terraform reads of a log group, which the log-event denies leave alone.
  const scripts = `arn:aws:s3:::aws-glue-assets-${account}-${world.region}`;
  checks.set("s3:PutObject in another bucket (a Glue job's script)", [call("s3:PutObject", `${scripts}/scripts/nightly.py`)]);
  checks.set("s3:DeleteObject in another bucket", [call("s3:DeleteObject", `${scripts}/scripts/nightly.py`)]);
  checks.set("s3:PutObjectAcl in another bucket", [call("s3:PutObjectAcl", `${scripts}/scripts/nightly.py`)]);
  checks.set("s3:PutBucketPolicy of another bucket", [call("s3:PutBucketPolicy", scripts)]);
  checks.set("s3:DeleteBucketPolicy of another bucket", [call("s3:DeleteBucketPolicy", scripts)]);
  checks.set("s3:PutBucketAcl of another bucket", [call("s3:PutBucketAcl", scripts)]);
  checks.set("s3:PutAccessPointPolicy", [call("s3:PutAccessPointPolicy", at("s3", "accesspoint/scripts"))]);
  checks.set("Terraform's refresh of a log group: left by the deny lists", [
    call("logs:DescribeLogGroups", "*"),
    call("logs:ListTagsForResource", trailLogs),
  ]);
  // New code as a runtime role, through a call that passes it.
  const passing: [string, string][] = [
    ["ec2:RunInstances", at("ec2", "instance/*")],
    ["lambda:CreateFunction", at("lambda", `function:${prefix}new`)],
    ["ecs:RegisterTaskDefinition", taskDefinition],
    ["scheduler:CreateSchedule", at("scheduler", "schedule/default/nightly")],
    ["events:PutTargets", at("events", "rule/nightly")],
    ["cloudformation:CreateStack", stack],
    ["states:CreateStateMachine", stateMachine],
    ["codebuild:CreateProject", project],
    ["glue:CreateJob", at("glue", "job/nightly")],
    ["sagemaker:CreateTrainingJob", at("sagemaker", "training-job/ranker")],
    // EKS Pod Identity: an existing role for a service account's pods (the call passes the role).
    ["eks:CreatePodIdentityAssociation", cluster],
    ["eks:UpdatePodIdentityAssociation", at("eks", "podidentityassociation/apps/a-0123456789abcdef0")],
    // Another instance profile on a running instance.
    ["ec2:AssociateIamInstanceProfile", instance],
    ["ec2:ReplaceIamInstanceProfileAssociation", instance],
  ];
  for (const [action, resource] of passing) checks.set(`${action} passing a runtime role`, [call(action, resource), passRuntimeRole]);
  checks.set("pass an administrator's role", [call("iam:PassRole", `arn:aws:iam::${account}:role/someone-admin`)]);
  checks.set("pass the deploy role", [call("iam:PassRole", `arn:aws:iam::${account}:role/${prefix}deploy`)]);
  // What golive's own stacks call, which the denies above must leave alone.
  const email = world.cfg.email?.region ?? world.region;
  const { identity, configurationSet, alarms, healthCheck } = ownNames(world);
  const topic = (region: string) => at("sns", `${prefix}topic`, region);
  checks.set("email stack: SES identity, configuration set, event destination", [
    call("ses:CreateEmailIdentity", identity),
    call("ses:CreateConfigurationSet", configurationSet),
    call("ses:CreateConfigurationSetEventDestination", configurationSet),
  ]);
  checks.set("email and monitoring stacks: topic, its policy, a subscription", [
    call("sns:CreateTopic", topic(email)),
    call("sns:SetTopicAttributes", topic(email)),
    call("sns:Subscribe", topic("us-east-1")),
  ]);
  checks.set("email and monitoring stacks: a topic key", [call("kms:CreateKey", "*")]);
  // Terraform reads each subscription it manages (GetSubscriptionAttributes; the simulator knows the
  // topic as its resource): the pull request plans email, the main-branch plan every stack.
  checks.set("plan of email: an SES feedback subscription", [
    call("sns:GetSubscriptionAttributes", at("sns", `${prefix}ses-feedback`, email)),
  ]);
  checks.set("plan of monitoring: an alert subscription", [
    call("sns:GetSubscriptionAttributes", topic("us-east-1").replace(/topic$/, "alerts")),
  ]);
  checks.set("another team's topic: a subscription's endpoint", [call("sns:GetSubscriptionAttributes", at("sns", "chat-alerts"))]);
  // The deploy stacks' state and lock files, under the bucket policy: the S3 guard leaves them written.
  if (world.bucket)
    checks.set(
      "deploy stacks: their state written, their lock files taken and freed",
      ["edge", "email", "monitoring", "traffic"].flatMap((kind) => {
        const lock = stateObjectStep(world, kind, "s3:PutObject");
        return [
          ...writeStateSteps(world, kind),
          { ...lock, resource: `${lock.resource}.tflock` },
          { ...lock, action: "s3:DeleteObject", resource: `${lock.resource}.tflock` },
        ];
      }),
    );
  // What applying those stacks entails and PowerUserAccess leaves the deploy role, intended
  // (docs/secrets-and-credentials.md, "What the deploy role can do by design"): silencing alerting,
  // managing the SES identity and sending as its domain.
  const [alarm = ""] = alarms;
  const alerts = topic("us-east-1").replace(/topic$/, "alerts");
  checks.set("intended to the deploy role: silence alerting (alarms, the alert topic, health checks)", [
    call("cloudwatch:DisableAlarmActions", alarm),
    call("cloudwatch:SetAlarmState", alarm),
    call("cloudwatch:DeleteAlarms", alarm),
    call("sns:SetTopicAttributes", alerts),
    call("sns:Subscribe", alerts),
    call("sns:Unsubscribe", alerts),
    call("sns:DeleteTopic", alerts),
    call("route53:UpdateHealthCheck", healthCheck),
    call("route53:DeleteHealthCheck", healthCheck),
  ]);
  checks.set("intended to the deploy role: the SES identity's DKIM signing, its deletion, mail sent as the domain", [
    call("ses:PutEmailIdentityDkimSigningAttributes", identity),
    call("ses:DeleteEmailIdentity", identity),
    call("ses:SendEmail", identity),
  ]);
  checks.set("monitoring stack: health check and alarm", [
    call("route53:CreateHealthCheck", "*"),
    call("cloudwatch:PutMetricAlarm", alarm),
  ]);
  const secret = at("secretsmanager", `secret:${world.cfg.app}/${world.cfg.environment}/new-AbCdEf`);
  checks.set("secrets stack: a secret without a value, its rotation", [
    call("secretsmanager:CreateSecret", secret),
    call("secretsmanager:RotateSecret", secret),
  ]);
  checks.set("secrets stack: the secrets key, tagged", [
    call("kms:CreateKey", "*", {
      "aws:RequestTag/app": world.cfg.app,
      "aws:RequestTag/environment": world.cfg.environment,
      "aws:TagKeys": ["app", "environment"],
    }),
  ]);
  return checks;
}
