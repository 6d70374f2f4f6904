import { isRecord } from "../../lib/core/json";
import { API_KEY_VALUE_READS, OTHER_SECRET_READS } from "../../lib/features/ci-access/other-secret-reads";
import { READS_THAT_RUN_CODE, RUN_AS_OTHER_ROLES } from "../../lib/features/ci-access/run-as-other-roles";
import { PLANNED_SERVICE_DATA_READS } from "../../lib/features/ci-access/plan-reads";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";
import { subscriptionEndpointReads } from "../../lib/engines/check/access/steps";
import { managedPolicy } from "../../lib/engines/check/access/world";
import { type Actor, adminActor, buildWorld, managedOnlyActor, roleActor, type Verdict, verdict } from "./iam-world";
import { planReadChecks } from "./plan-read-checks";
import { roleLimitChecks } from "./role-limit-checks";
import { reachChecks } from "./reach-checks";
import { foreignResourceChecks } from "./foreign-resource-checks";

/**
 * What the CI roles may not do beyond secrets and state, proven with the IAM simulator on the
 * synthesized policies and the pinned managed policies (ReadOnlyAccess for the admin-deploy role,
 * PowerUserAccess for the deploy role; the plan roles carry none, only the reads of the services their
 * stacks declare): read secrets kept outside Secrets Manager (SSM parameters, environment variables,
 * connection passwords, user data, CloudTrail events), read application data (plan roles), run new
 * code as a role already in place (with or without iam:PassRole, or through S3 or an image repository),
 * or pass a role; and what golive's own stacks call (their state writes and refresh reads included),
 * which must stay allowed for the role that deploys or plans them. One row per call: re-allowing any of them
 * fails its row. The account administrator's column shows the call is a real one AWS would allow.
 * Columns are roles; which GitHub token becomes which role is the access matrix's trust table.
 */

const A: Verdict = "allowed";
const D: Verdict = "denied";
type Row = readonly [check: string, ...cells: Verdict[]];

// biome-ignore format: an aligned table reads as one
const ROWS: readonly Row[] = [
  // check                                                 plan main deploy admin app worker acct
  // Secrets kept outside Secrets Manager (OTHER_SECRET_READS).
  ["ssm:GetParameter",                                     D,   D,   D,     D,    D,  D,     A],
  ["ssm:GetParameters",                                    D,   D,   D,     D,    D,  D,     A],
  ["ssm:GetParametersByPath",                              D,   D,   D,     D,    D,  D,     A],
  ["ssm:GetParameterHistory",                              D,   D,   D,     D,    D,  D,     A],
  ["lambda:GetFunction",                                   D,   D,   D,     D,    D,  D,     A],
  ["lambda:GetFunctionConfiguration",                      D,   D,   D,     D,    D,  D,     A],
  ["lambda:ListFunctions",                                 D,   D,   D,     D,    D,  D,     A],
  ["lambda:ListVersionsByFunction",                        D,   D,   D,     D,    D,  D,     A],
  ["ecs:DescribeTaskDefinition",                           D,   D,   D,     D,    D,  D,     A],
  ["ecs:DescribeTasks",                                    D,   D,   D,     D,    D,  D,     A],
  ["batch:DescribeJobDefinitions",                         D,   D,   D,     D,    D,  D,     A],
  ["batch:DescribeJobs",                                   D,   D,   D,     D,    D,  D,     A],
  ["codebuild:BatchGetProjects",                           D,   D,   D,     D,    D,  D,     A],
  ["codebuild:BatchGetBuilds",                             D,   D,   D,     D,    D,  D,     A],
  ["codebuild:BatchGetBuildBatches",                       D,   D,   D,     D,    D,  D,     A],
  ["apprunner:DescribeService",                            D,   D,   D,     D,    D,  D,     A],
  ["amplify:GetApp",                                       D,   D,   D,     D,    D,  D,     A],
  ["amplify:ListApps",                                     D,   D,   D,     D,    D,  D,     A],
  ["amplify:GetBranch",                                    D,   D,   D,     D,    D,  D,     A],
  ["amplify:ListBranches",                                 D,   D,   D,     D,    D,  D,     A],
  ["elasticbeanstalk:DescribeConfigurationSettings",       D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:DescribeModel",                              D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:DescribeTrainingJob",                        D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:DescribeProcessingJob",                      D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:DescribeTransformJob",                       D,   D,   D,     D,    D,  D,     A],
  ["glue:GetConnection",                                   D,   D,   D,     D,    D,  D,     A],
  ["glue:GetConnections",                                  D,   D,   D,     D,    D,  D,     A],
  ["ec2:DescribeInstanceAttribute",                        D,   D,   D,     D,    D,  D,     A],
  ["ec2:DescribeLaunchTemplateVersions",                   D,   D,   D,     D,    D,  D,     A],
  ["ec2:GetLaunchTemplateData",                            D,   D,   D,     D,    D,  D,     A],
  ["ec2:GetPasswordData",                                  D,   D,   D,     D,    D,  D,     A],
  ["autoscaling:DescribeLaunchConfigurations",             D,   D,   D,     D,    D,  D,     A],
  ["ec2:DescribeSpotInstanceRequests",                     D,   D,   D,     D,    D,  D,     A],
  ["ec2:DescribeSpotFleetRequests",                        D,   D,   D,     D,    D,  D,     A],
  ["cognito-idp:DescribeUserPoolClient",                   D,   D,   D,     D,    D,  D,     A],
  ["cognito-idp:DescribeIdentityProvider",                 D,   D,   D,     D,    D,  D,     A],
  ["cognito-idp:GetIdentityProviderByIdentifier",          D,   D,   D,     D,    D,  D,     A],
  ["appsync:ListApiKeys",                                  D,   D,   D,     D,    D,  D,     A],
  ["apigateway:GET an API key (with its value)",           D,   D,   D,     D,    D,  D,     A],
  ["apigateway:GET the API keys (with their values)",      D,   D,   D,     D,    D,  D,     A],
  ["apigateway:GET a usage plan's keys (with their values)", D, D,   D,     D,    D,  D,     A],
  ["ec2:DescribeVpnConnections",                           D,   D,   D,     D,    D,  D,     A],
  ["ec2:GetVpnConnectionDeviceSampleConfiguration",        D,   D,   D,     D,    D,  D,     A],
  ["directconnect:DescribeVirtualInterfaces",              D,   D,   D,     D,    D,  D,     A],
  ["storagegateway:DescribeChapCredentials",               D,   D,   D,     D,    D,  D,     A],
  ["mediapackage:DescribeChannel",                         D,   D,   D,     D,    D,  D,     A],
  ["mediapackage:ListChannels",                            D,   D,   D,     D,    D,  D,     A],
  ["gamelift:GetInstanceAccess",                           D,   D,   D,     D,    D,  D,     A],
  ["gamelift:GetComputeAccess",                            D,   D,   D,     D,    D,  D,     A],
  ["connect:GetFederationToken",                           D,   D,   D,     D,    D,  D,     A],
  ["snowball:GetJobUnlockCode",                            D,   D,   D,     D,    D,  D,     A],
  ["snowball:GetJobManifest",                              D,   D,   D,     D,    D,  D,     A],
  ["lightsail:GetContainerServices",                       D,   D,   D,     D,    D,  D,     A],
  ["lightsail:GetContainerServiceDeployments",             D,   D,   D,     D,    D,  D,     A],
  ["lightsail:GetRelationalDatabaseMasterUserPassword",    D,   D,   D,     D,    D,  D,     A],
  ["lightsail:GetInstanceAccessDetails",                   D,   D,   D,     D,    D,  D,     A],
  ["redshift:GetClusterCredentials",                       D,   D,   D,     D,    D,  D,     A],
  ["redshift:GetClusterCredentialsWithIAM",                D,   D,   D,     D,    D,  D,     A],
  ["redshift-serverless:GetCredentials",                   D,   D,   D,     D,    D,  D,     A],
  ["ivs:GetStreamKey",                                     D,   D,   D,     D,    D,  D,     A],
  ["ivs:BatchGetStreamKey",                                D,   D,   D,     D,    D,  D,     A],
  ["cloudtrail:LookupEvents",                              D,   D,   D,     D,    D,  D,     A],
  ["logs:FilterLogEvents",                               D,   D,   D,     D,    D,  D,     A],
  ["logs:GetLogEvents",                                  D,   D,   D,     D,    D,  D,     A],
  ["logs:GetLogRecord",                                  D,   D,   D,     D,    D,  D,     A],
  ["logs:StartQuery",                                    D,   D,   D,     D,    D,  D,     A],
  ["logs:GetQueryResults",                               D,   D,   D,     D,    D,  D,     A],
  ["logs:StartLiveTail",                                 D,   D,   D,     D,    D,  D,     A],
  ["cloudtrail:StartQuery",                              D,   D,   D,     D,    D,  D,     A],
  ["cloudtrail:GetQueryResults",                         D,   D,   D,     D,    D,  D,     A],
  ["config:BatchGetResourceConfig",                        D,   D,   D,     D,    D,  D,     A],
  ["config:GetResourceConfigHistory",                      D,   D,   D,     D,    D,  D,     A],
  ["config:SelectResourceConfig",                          D,   D,   D,     D,    D,  D,     A],
  ["config:BatchGetAggregateResourceConfig",               D,   D,   D,     D,    D,  D,     A],
  ["config:GetAggregateResourceConfig",                    D,   D,   D,     D,    D,  D,     A],
  ["config:SelectAggregateResourceConfig",                 D,   D,   D,     D,    D,  D,     A],
  ["firehose:DescribeDeliveryStream",                      D,   D,   D,     D,    D,  D,     A],
  ["securityhub:GetFindings",                              D,   D,   D,     D,    D,  D,     A],
  ["securityhub:GetFindingHistory",                        D,   D,   D,     D,    D,  D,     A],
  ["inspector2:BatchGetCodeSnippet",                       D,   D,   D,     D,    D,  D,     A],
  ["macie2:GetSensitiveDataOccurrences",                   D,   D,   D,     D,    D,  D,     A],
  ["acm:ExportCertificate",                                D,   D,   D,     D,    D,  D,     A],
  ["cognito-identity:GetOpenIdTokenForDeveloperIdentity",  D,   D,   D,     D,    D,  D,     A],
  ["rds-db:connect",                                       D,   D,   D,     D,    D,  D,     A],
  ["dsql:DbConnect",                                       D,   D,   D,     D,    D,  D,     A],
  ["dsql:DbConnectAdmin",                                  D,   D,   D,     D,    D,  D,     A],
  ["lightsail:DownloadDefaultKeyPair",                     D,   D,   D,     D,    D,  D,     A],
  ["route53globalresolver:GetAccessToken",                 D,   D,   D,     D,    D,  D,     A],
  // Names only, reads that hold no secret, and a write that runs no new code: the deny lists leave them
  // to the deploy and admin-deploy roles' managed policies; the plan roles read no service their stacks
  // do not declare (PlanReads).
  ["ecs:ListTaskDefinitions",                              D,   D,   D,     D,    D,  D,     A],
  ["apigateway:GET the REST APIs (no key): left by the deny lists", D,   D,   D,     D,    D,  D,     A],
  ["Terraform's refresh of a log group: left by the deny lists",    D,   D,   D,     D,    D,  D,     A],
  ["ec2:DescribeSpotFleetInstances (no user data): left by the deny lists", D, D, D, D,  D,  D,     A],
  ["securityhub:GetFindingsTrendsV2 (counts, no finding): left by the deny lists", D, D, D, D, D, D, A],
  ["ecs:UpdateTaskSet (a task set's scale): left by the deny lists", D, D,   D,     D,    D,  D,     A],
  // New code as a role already in place, without iam:PassRole (RUN_AS_OTHER_ROLES).
  ["lambda:UpdateFunctionCode",                            D,   D,   D,     D,    D,  D,     A],
  ["lambda:UpdateFunctionConfiguration",                   D,   D,   D,     D,    D,  D,     A],
  ["lambda:AddPermission",                               D,   D,   D,     D,    D,  D,     A],
  ["ecs:RunTask",                                          D,   D,   D,     D,    D,  D,     A],
  ["ecs:StartTask",                                        D,   D,   D,     D,    D,  D,     A],
  ["ecs:ExecuteCommand",                                   D,   D,   D,     D,    D,  D,     A],
  ["ecs:CreateService",                                    D,   D,   D,     D,    D,  D,     A],
  ["ecs:UpdateService",                                    D,   D,   D,     D,    D,  D,     A],
  ["ecs:CreateTaskSet",                                    D,   D,   D,     D,    D,  D,     A],
  ["ecs:RegisterTaskDefinition",                           D,   D,   D,     D,    D,  D,     A],
  ["ecs:CreateDaemon",                                     D,   D,   D,     D,    D,  D,     A],
  ["ecs:UpdateDaemon",                                     D,   D,   D,     D,    D,  D,     A],
  ["ecs:UpdateExpressGatewayService",                      D,   D,   D,     D,    D,  D,     A],
  ["ecs:RegisterContainerInstance",                        D,   D,   D,     D,    D,  D,     A],
  ["ecs:DiscoverPollEndpoint",                             D,   D,   D,     D,    D,  D,     A],
  ["ecs:Poll",                                             D,   D,   D,     D,    D,  D,     A],
  ["ecs:StartTelemetrySession",                            D,   D,   D,     D,    D,  D,     A],
  ["ecs:SubmitTaskStateChange",                            D,   D,   D,     D,    D,  D,     A],
  ["ecs:SubmitContainerStateChange",                       D,   D,   D,     D,    D,  D,     A],
  ["ecs:SubmitAttachmentStateChanges",                     D,   D,   D,     D,    D,  D,     A],
  ["ecr:PutImage",                                         D,   D,   D,     D,    D,  D,     A],
  ["ecr:SetRepositoryPolicy",                            D,   D,   D,     D,    D,  D,     A],
  ["ecr:PutRegistryPolicy",                              D,   D,   D,     D,    D,  D,     A],
  ["ecr:PutReplicationConfiguration",                    D,   D,   D,     D,    D,  D,     A],
  ["ecr:CreatePullThroughCacheRule",                     D,   D,   D,     D,    D,  D,     A],
  ["ecr-public:InitiateLayerUpload",                       D,   D,   D,     D,    D,  D,     A],
  ["ecr-public:UploadLayerPart",                           D,   D,   D,     D,    D,  D,     A],
  ["ecr-public:CompleteLayerUpload",                       D,   D,   D,     D,    D,  D,     A],
  ["ecr-public:PutImage",                                  D,   D,   D,     D,    D,  D,     A],
  ["ecr-public:CreateRepository",                          D,   D,   D,     D,    D,  D,     A],
  ["ecr-public:SetRepositoryPolicy",                       D,   D,   D,     D,    D,  D,     A],
  ["codeartifact:PublishPackageVersion",                   D,   D,   D,     D,    D,  D,     A],
  ["codeartifact:CopyPackageVersions",                     D,   D,   D,     D,    D,  D,     A],
  ["codeartifact:PutPackageMetadata",                      D,   D,   D,     D,    D,  D,     A],
  ["codeartifact:UpdatePackageVersionsStatus",             D,   D,   D,     D,    D,  D,     A],
  ["codeartifact:PutPackageOriginConfiguration",           D,   D,   D,     D,    D,  D,     A],
  ["codeartifact:UpdatePackageGroupOriginConfiguration",   D,   D,   D,     D,    D,  D,     A],
  ["codeartifact:AssociateExternalConnection",             D,   D,   D,     D,    D,  D,     A],
  ["codeartifact:UpdateRepository",                        D,   D,   D,     D,    D,  D,     A],
  ["codeartifact:PutRepositoryPermissionsPolicy",          D,   D,   D,     D,    D,  D,     A],
  ["codeartifact:PutDomainPermissionsPolicy",              D,   D,   D,     D,    D,  D,     A],
  ["ssm:SendCommand",                                      D,   D,   D,     D,    D,  D,     A],
  ["ssm:StartSession",                                     D,   D,   D,     D,    D,  D,     A],
  ["ssm:ResumeSession",                                    D,   D,   D,     D,    D,  D,     A],
  ["ssm:CreateAssociation",                                D,   D,   D,     D,    D,  D,     A],
  ["ssm:CreateAssociationBatch",                           D,   D,   D,     D,    D,  D,     A],
  ["ssm:UpdateAssociation",                                D,   D,   D,     D,    D,  D,     A],
  ["ssm:StartAssociationsOnce",                            D,   D,   D,     D,    D,  D,     A],
  ["ssm:StartAutomationExecution",                         D,   D,   D,     D,    D,  D,     A],
  ["ssm:RegisterTaskWithMaintenanceWindow",                D,   D,   D,     D,    D,  D,     A],
  ["ssm:UpdateMaintenanceWindowTask",                      D,   D,   D,     D,    D,  D,     A],
  ["ssm:RegisterTargetWithMaintenanceWindow",              D,   D,   D,     D,    D,  D,     A],
  ["ssm:UpdateMaintenanceWindowTarget",                    D,   D,   D,     D,    D,  D,     A],
  ["ssm:UpdateDocument",                                   D,   D,   D,     D,    D,  D,     A],
  ["ssm:UpdateDocumentDefaultVersion",                     D,   D,   D,     D,    D,  D,     A],
  ["eks:CreateAccessEntry",                                D,   D,   D,     D,    D,  D,     A],
  ["eks:UpdateAccessEntry",                                D,   D,   D,     D,    D,  D,     A],
  ["eks:AssociateAccessPolicy",                            D,   D,   D,     D,    D,  D,     A],
  ["codedeploy:CreateDeployment",                          D,   D,   D,     D,    D,  D,     A],
  ["elasticmapreduce:AddJobFlowSteps",                     D,   D,   D,     D,    D,  D,     A],
  ["elasticmapreduce:StartSession",                        D,   D,   D,     D,    D,  D,     A],
  ["elasticmapreduce:GetSessionEndpoint",                  D,   D,   D,     D,    D,  D,     A],
  ["athena:StartSession",                                  D,   D,   D,     D,    D,  D,     A],
  ["athena:StartCalculationExecution",                     D,   D,   D,     D,    D,  D,     A],
  ["athena:GetSessionEndpoint",                            D,   D,   D,     D,    D,  D,     A],
  ["athena:CreatePresignedNotebookUrl",                    D,   D,   D,     D,    D,  D,     A],
  ["athena:ImportNotebook",                                D,   D,   D,     D,    D,  D,     A],
  ["athena:UpdateNotebook",                                D,   D,   D,     D,    D,  D,     A],
  ["airflow:CreateCliToken",                               D,   D,   D,     D,    D,  D,     A],
  ["airflow:CreateWebLoginToken",                          D,   D,   D,     D,    D,  D,     A],
  ["airflow:InvokeRestApi",                                D,   D,   D,     D,    D,  D,     A],
  ["datapipeline:PutPipelineDefinition",                   D,   D,   D,     D,    D,  D,     A],
  ["ec2:ModifyInstanceAttribute",                          D,   D,   D,     D,    D,  D,     A],
  ["ec2:CreateLaunchTemplateVersion",                      D,   D,   D,     D,    D,  D,     A],
  ["ec2:ModifyLaunchTemplate",                             D,   D,   D,     D,    D,  D,     A],
  ["ec2-instance-connect:SendSSHPublicKey",                D,   D,   D,     D,    D,  D,     A],
  ["ec2-instance-connect:SendSerialConsoleSSHPublicKey",   D,   D,   D,     D,    D,  D,     A],
  ["ec2:CreateReplaceRootVolumeTask",                    D,   D,   D,     D,    D,  D,     A],
  ["ec2:DetachVolume",                                   D,   D,   D,     D,    D,  D,     A],
  ["ec2:AttachVolume",                                   D,   D,   D,     D,    D,  D,     A],
  ["ec2 root volume swap (stop, detach, attach another, start)", D, D, D, D,    D,  D,     A],
  ["codebuild:StartBuild",                                 D,   D,   D,     D,    D,  D,     A],
  ["codebuild:StartBuildBatch",                            D,   D,   D,     D,    D,  D,     A],
  ["codebuild:RetryBuild",                                 D,   D,   D,     D,    D,  D,     A],
  ["codebuild:RetryBuildBatch",                            D,   D,   D,     D,    D,  D,     A],
  ["codebuild:UpdateProject",                              D,   D,   D,     D,    D,  D,     A],
  ["codebuild:CreateWebhook",                              D,   D,   D,     D,    D,  D,     A],
  ["codebuild:UpdateWebhook",                              D,   D,   D,     D,    D,  D,     A],
  ["codebuild:StartSandbox",                               D,   D,   D,     D,    D,  D,     A],
  ["codebuild:StartSandboxConnection",                     D,   D,   D,     D,    D,  D,     A],
  ["codebuild:StartCommandExecution",                      D,   D,   D,     D,    D,  D,     A],
  ["codepipeline:StartPipelineExecution",                  D,   D,   D,     D,    D,  D,     A],
  ["codepipeline:PutActionRevision",                       D,   D,   D,     D,    D,  D,     A],
  ["batch:SubmitJob",                                      D,   D,   D,     D,    D,  D,     A],
  ["codecommit:GitPush",                                   D,   D,   D,     D,    D,  D,     A],
  ["codecommit:PutFile",                                   D,   D,   D,     D,    D,  D,     A],
  ["codecommit:DeleteFile",                                D,   D,   D,     D,    D,  D,     A],
  ["codecommit:CreateCommit",                              D,   D,   D,     D,    D,  D,     A],
  ["codecommit:CreateBranch",                              D,   D,   D,     D,    D,  D,     A],
  ["codecommit:MergeBranchesByFastForward",                D,   D,   D,     D,    D,  D,     A],
  ["codecommit:MergeBranchesBySquash",                     D,   D,   D,     D,    D,  D,     A],
  ["codecommit:MergeBranchesByThreeWay",                   D,   D,   D,     D,    D,  D,     A],
  ["codecommit:MergePullRequestByFastForward",             D,   D,   D,     D,    D,  D,     A],
  ["codecommit:MergePullRequestBySquash",                  D,   D,   D,     D,    D,  D,     A],
  ["codecommit:MergePullRequestByThreeWay",                D,   D,   D,     D,    D,  D,     A],
  ["codecommit:UpdateDefaultBranch",                       D,   D,   D,     D,    D,  D,     A],
  ["states:UpdateStateMachine",                            D,   D,   D,     D,    D,  D,     A],
  ["states:StartExecution",                                D,   D,   D,     D,    D,  D,     A],
  ["states:StartSyncExecution",                            D,   D,   D,     D,    D,  D,     A],
  ["cloudformation:UpdateStack",                           D,   D,   D,     D,    D,  D,     A],
  ["cloudformation:CreateChangeSet",                       D,   D,   D,     D,    D,  D,     A],
  ["cloudformation:ExecuteChangeSet",                      D,   D,   D,     D,    D,  D,     A],
  ["cloudformation:UpdateStackSet",                        D,   D,   D,     D,    D,  D,     A],
  ["cloudformation:CreateStackInstances",                  D,   D,   D,     D,    D,  D,     A],
  ["cloudformation:UpdateStackInstances",                  D,   D,   D,     D,    D,  D,     A],
  ["glue:UpdateJob",                                       D,   D,   D,     D,    D,  D,     A],
  ["glue:StartJobRun",                                     D,   D,   D,     D,    D,  D,     A],
  ["glue:UpdateJobFromSourceControl",                    D,   D,   D,     D,    D,  D,     A],
  ["glue:CreateTrigger",                                 D,   D,   D,     D,    D,  D,     A],
  ["glue:UpdateTrigger",                                 D,   D,   D,     D,    D,  D,     A],
  ["glue:StartTrigger",                                  D,   D,   D,     D,    D,  D,     A],
  ["glue:UpdateDevEndpoint",                               D,   D,   D,     D,    D,  D,     A],
  ["glue:RunStatement",                                    D,   D,   D,     D,    D,  D,     A],
  ["glue:GetSessionEndpoint",                              D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:CreatePresignedNotebookInstanceUrl",         D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:CreatePresignedDomainUrl",                   D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:UpdateNotebookInstanceLifecycleConfig",      D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:UpdateNotebookInstance",                     D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:UpdateDomain",                               D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:UpdateUserProfile",                          D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:UpdatePipeline",                             D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:StartPipelineExecution",                     D,   D,   D,     D,    D,  D,     A],
  ["imagebuilder:UpdateImagePipeline",                     D,   D,   D,     D,    D,  D,     A],
  ["imagebuilder:StartImagePipelineExecution",             D,   D,   D,     D,    D,  D,     A],
  ["imagebuilder:CreateImage",                             D,   D,   D,     D,    D,  D,     A],
  ["bedrock-agentcore:InvokeCodeInterpreter",              D,   D,   D,     D,    D,  D,     A],
  ["bedrock-agentcore:InvokeAgentRuntimeCommand",          D,   D,   D,     D,    D,  D,     A],
  ["bedrock-agentcore:InvokeAgentRuntimeCommandShell",     D,   D,   D,     D,    D,  D,     A],
  ["apprunner:UpdateService",                              D,   D,   D,     D,    D,  D,     A],
  ["apprunner:StartDeployment",                            D,   D,   D,     D,    D,  D,     A],
  ["amplify:UpdateApp",                                    D,   D,   D,     D,    D,  D,     A],
  ["amplify:UpdateBranch",                                 D,   D,   D,     D,    D,  D,     A],
  ["amplify:StartJob",                                     D,   D,   D,     D,    D,  D,     A],
  ["amplify:StartDeployment",                              D,   D,   D,     D,    D,  D,     A],
  ["elasticbeanstalk:UpdateEnvironment",                   D,   D,   D,     D,    D,  D,     A],
  ["emr-containers:StartJobRun",                           D,   D,   D,     D,    D,  D,     A],
  ["servicecatalog:ProvisionProduct",                      D,   D,   D,     D,    D,  D,     A],
  ["servicecatalog:CreateProvisioningArtifact",            D,   D,   D,     D,    D,  D,     A],
  ["airflow:UpdateEnvironment",                            D,   D,   D,     D,    D,  D,     A],
  ["greengrass:CreateDeployment",                          D,   D,   D,     D,    D,  D,     A],
  ["kinesisanalytics:UpdateApplication",                   D,   D,   D,     D,    D,  D,     A],
  // Code other services fetch from S3 (S3_CODE_WRITES): no bucket but the deploy role's own state.
  ["s3:PutObject in another bucket (a Glue job's script)", D,   D,   D,     D,    D,  D,     A],
  ["s3:DeleteObject in another bucket",                    D,   D,   D,     D,    D,  D,     A],
  ["s3:PutObjectAcl in another bucket",                    D,   D,   D,     D,    D,  D,     A],
  ["s3:PutBucketPolicy of another bucket",                 D,   D,   D,     D,    D,  D,     A],
  ["s3:DeleteBucketPolicy of another bucket",              D,   D,   D,     D,    D,  D,     A],
  ["s3:PutBucketAcl of another bucket",                    D,   D,   D,     D,    D,  D,     A],
  ["s3:PutAccessPointPolicy",                              D,   D,   D,     D,    D,  D,     A],
  // New code as a runtime role through a call that passes it, and passing other roles.
  ["ec2:RunInstances passing a runtime role",              D,   D,   D,     D,    D,  D,     A],
  ["lambda:CreateFunction passing a runtime role",         D,   D,   D,     D,    D,  D,     A],
  ["ecs:RegisterTaskDefinition passing a runtime role",    D,   D,   D,     D,    D,  D,     A],
  ["scheduler:CreateSchedule passing a runtime role",      D,   D,   D,     D,    D,  D,     A],
  ["events:PutTargets passing a runtime role",             D,   D,   D,     D,    D,  D,     A],
  ["cloudformation:CreateStack passing a runtime role",    D,   D,   D,     D,    D,  D,     A],
  ["states:CreateStateMachine passing a runtime role",     D,   D,   D,     D,    D,  D,     A],
  ["codebuild:CreateProject passing a runtime role",       D,   D,   D,     D,    D,  D,     A],
  ["glue:CreateJob passing a runtime role",                D,   D,   D,     D,    D,  D,     A],
  ["sagemaker:CreateTrainingJob passing a runtime role",   D,   D,   D,     D,    D,  D,     A],
  ["eks:CreatePodIdentityAssociation passing a runtime role", D, D,  D,     D,    D,  D,     A],
  ["eks:UpdatePodIdentityAssociation passing a runtime role", D, D,  D,     D,    D,  D,     A],
  ["ec2:AssociateIamInstanceProfile passing a runtime role", D, D,   D,     D,    D,  D,     A],
  ["ec2:ReplaceIamInstanceProfileAssociation passing a runtime role", D, D, D, D, D,  D,     A],
  ["pass an administrator's role",                         D,   D,   D,     D,    D,  D,     A],
  ["pass the deploy role",                                 D,   D,   D,     D,    D,  D,     A],
  // What golive's stacks call: allowed for the role that deploys them.
  ["email stack: SES identity, configuration set, event destination", D, D, A, D, D,  D,     A],
  ["email and monitoring stacks: topic, its policy, a subscription",  D, D, A, D, D,  D,     A],
  ["email and monitoring stacks: a topic key",             D,   D,   A,     D,    D,  D,     A],
  ["monitoring stack: health check and alarm",             D,   D,   A,     D,    D,  D,     A],
  ["intended to the deploy role: silence alerting (alarms, the alert topic, health checks)", D, D, A, D, D, D, A],
  ["intended to the deploy role: the SES identity's DKIM signing, its deletion, mail sent as the domain", D, D, A, D, D, D, A],
  // Other systems of the account, which the deploying roles' managed policies reach and their stacks
  // never call (reachChecks): denied by deploy-reach, admin-deploy-reach and NoUntaggedTopicsButOwn.
  ["s3:GetObject of another system's bucket",              D,   D,   D,     D,    D,  D,     A],
  ["rds:ModifyDBSnapshotAttribute (share a database snapshot)", D, D, D,   D,    D,  D,     A],
  ["ec2:ModifySnapshotAttribute (share a volume snapshot)", D,  D,   D,     D,    D,  D,     A],
  ["cloudtrail:StopLogging",                               D,   D,   D,     D,    D,  D,     A],
  ["guardduty:DeleteDetector",                             D,   D,   D,     D,    D,  D,     A],
  ["config:StopConfigurationRecorder",                     D,   D,   D,     D,    D,  D,     A],
  ["sso:CreateAccountAssignment",                          D,   D,   D,     D,    D,  D,     A],
  ["backup:StartRestoreJob",                               D,   D,   D,     D,    D,  D,     A],
  ["sns:Subscribe to another team's untagged topic",       D,   D,   D,     D,    D,  D,     A],
  ["sns:TagResource of another team's untagged topic (to take it over)", D, D, D, D, D, D,  A],
  ["own alert topic, not yet tagged: tag it, subscribe to it", D, D, A,     D,    D,  D,     A],
  // Other teams' keys, zones, alarms and SES identities, untagged (foreignResourceChecks): denied by
  // deploy-reach's NoKeysButGolives, NoRoute53ButHealthChecks, NoAlarmsButOwn and NoMailButOwn.
  ["another team's key (alias/payments-data): kms:ScheduleKeyDeletion", D, D, D, D, D, D,  A],
  ["another team's key (alias/payments-data): kms:DisableKey", D, D,  D,     D,    D,  D,     A],
  ["another team's key (alias/payments-data): kms:PutKeyPolicy", D, D, D,    D,    D,  D,     A],
  ["another team's key (alias/payments-data): kms:CreateGrant", D, D,  D,     D,    D,  D,     A],
  ["another team's key (alias/payments-data): kms:Decrypt", D,  D,   D,     D,    D,  D,     A],
  ["another team's hosted zone: route53:ChangeResourceRecordSets", D, D, D, D,   D,  D,     A],
  ["another team's hosted zone: route53:DeleteHostedZone", D,   D,   D,     D,    D,  D,     A],
  ["another team's hosted zone: route53:DisableHostedZoneDNSSEC", D, D, D,  D,    D,  D,     A],
  ["another team's alarm (payments-api-5xx): cloudwatch:DeleteAlarms", D, D, D, D, D, D,    A],
  ["another team's alarm (payments-api-5xx): cloudwatch:DisableAlarmActions", D, D, D, D, D, D, A],
  ["another team's SES identity (payments.example.org): ses:DeleteEmailIdentity", D, D, D, D, D, D, A],
  ["another team's SES identity (payments.example.org): ses:SendEmail", D, D, D, D, D, D,   A],
  // What the deploy role's stacks do with their own of each, which those denies leave alone. The topic
  // keys' policies name their administrators (the deploy role), not every administrator of the account.
  ["own topic keys: policy, rotation, description, tags, alias", D, D, A,   D,    D,  D,     D],
  ["a new topic key before its alias: rotation on, read back, aliased", D, D, A, D, D, D,     D],
  ["monitoring stack: its health checks tagged, updated, read, deleted", D, D, A, D, D, D,    A],
  ["monitoring stack: its alarms (synthesized names) put, tagged, read, deleted", D, D, A, D, D, D, A],
  ["email stack: its SES identity and configuration set (synthesized names), as Terraform applies them", D, D, A, D, D, D, A],
  // The state bucket lets in the CI roles and secrets.administrators only (not this administrator).
  ["deploy stacks: their state written, their lock files taken and freed", D, D, A, D, D, D, D],
  ["plan of email: an SES feedback subscription",          A,   A,   A,     D,    D,  D,     A],
  ["plan of monitoring: an alert subscription",            D,   A,   A,     D,    D,  D,     A],
  ["another team's topic: a subscription's endpoint",      D,   D,   D,     D,    D,  D,     A],
  ["secrets stack: a secret without a value, its rotation", D,  D,   D,     A,    D,  D,     A],
  ["secrets stack: the secrets key, tagged",               D,   D,   A,     A,    D,  D,     A],
  // What the plan roles read (planReadChecks): application data of services no stack they plan
  // declares, which ReadOnlyAccess handed them, and people's data of those it does
  // (PLANNED_SERVICE_DATA_READS). The deploy role reads no SES resource but its identity and
  // configuration set (NoMailButOwn); the suppression list's reads, asked on `*` (their one resource
  // type, a tenant, is optional), the simulator does not hold to a NotResource deny.
  ["dynamodb:Scan (data)",                                 D,   D,   D,     D,    D,  D,     A],
  ["dynamodb:GetItem (data)",                              D,   D,   D,     D,    D,  D,     A],
  ["sqs:ReceiveMessage (data)",                            D,   D,   D,     D,    D,  D,     A],
  ["kinesis:GetRecords (data)",                            D,   D,   D,     D,    D,  D,     A],
  ["ecr:BatchGetImage (data)",                             D,   D,   D,     D,    D,  D,     A],
  ["ecr:GetDownloadUrlForLayer (data)",                    D,   D,   D,     D,    D,  D,     A],
  ["codecommit:GitPull (data)",                            D,   D,   D,     D,    D,  D,     A],
  ["states:DescribeExecution (data)",                      D,   D,   D,     D,    D,  D,     A],
  ["es:ESHttpGet (data)",                                  D,   D,   D,     D,    D,  D,     A],
  ["ses:GetArchiveMessageContent (data)",                  D,   D,   D,     D,    D,  D,     A],
  ["ses:ListMembersOfAddressList (data)",                  D,   D,   D,     D,    D,  D,     A],
  ["ses:GetExportJob (data)",                              D,   D,   D,     D,    D,  D,     A],
  ["cloudwatch:GetRecords (data)",                         D,   D,   A,     D,    D,  D,     A],
  ["cloudwatch:GetInsightRuleReport (data)",               D,   D,   A,     D,    D,  D,     A],
  ["ses:ListContacts (data)",                              D,   D,   D,     D,    D,  D,     A],
  ["ses:GetContact (data)",                                D,   D,   D,     D,    D,  D,     A],
  ["ses:ListSuppressedDestinations (data)",                D,   D,   A,     D,    D,  D,     A],
  ["ses:GetSuppressedDestination (data)",                  D,   D,   A,     D,    D,  D,     A],
  ["ses:GetMessageInsights (data)",                        D,   D,   D,     D,    D,  D,     A],
  ["sns:ListPhoneNumbersOptedOut (data)",                  D,   D,   D,     D,    D,  D,     A],
  ["sns:ListSMSSandboxPhoneNumbers (data)",                D,   D,   D,     D,    D,  D,     A],
  ["sns:GetEndpointAttributes (data)",                     D,   D,   D,     D,    D,  D,     A],
  ["sns:ListEndpointsByPlatformApplication (data)",        D,   D,   D,     D,    D,  D,     A],
  // Terraform's refresh of what the stacks declare, for the roles that plan them: the pull request
  // plans access, secrets, email and traffic (no alarm, no health check), main every stack but
  // bootstrap, whose state is local and which an administrator plans and applies by hand. The deploy
  // role changes no IAM and reads no secret but the webhook URLs (NoIamChanges, NoSecretsButWebhookUrls).
  ["refresh of a role: iam:GetRole, iam:ListRolePolicies", A,   A,   D,     A,    D,  D,     A],
  ["refresh of a key: kms:DescribeKey, kms:GetKeyPolicy, kms:GetKeyRotationStatus", A, A, A, A, D, D, A],
  ["refresh of a secret: secretsmanager:DescribeSecret, secretsmanager:GetResourcePolicy", A, A, D, A, D, D, A],
  ["refresh of a topic: sns:GetTopicAttributes",           A,   A,   A,     D,    D,  D,     A],
  ["refresh of an SES identity: ses:GetEmailIdentity",     A,   A,   A,     D,    D,  D,     A],
  ["refresh of an SES configuration set: ses:GetConfigurationSet, ses:GetConfigurationSetEventDestinations, ses:ListTagsForResource", A, A, A, D, D, D, A],
  ["refresh of an alarm: cloudwatch:DescribeAlarms, cloudwatch:ListTagsForResource", D, A, A, D, D, D, A],
  ["refresh of a health check: route53:GetHealthCheck",    D,   A,   A,     D,    D,  D,     A],
  // AWS asks no permission for it (STS API reference); the simulator allows it to anyone.
  ["the provider's account check: sts:GetCallerIdentity",  A,   A,   A,     A,    A,  A,     A],
  // The state bucket lets in the CI roles and secrets.administrators only, each to its stacks' state.
  ["S3 backend: list the state bucket, read email state",  A,   A,   A,     D,    D,  D,     D],
  ["refresh of the state bucket: s3:GetBucketPolicy, s3:GetBucketVersioning", D, D, A, A, D, D, A],
];

/** The column's role, or the account administrator. */
const COLUMNS = ["plan", "plan-main", "deploy", "admin-deploy", "app", "worker", "account admin"] as const;

/** The statements behind the rows (lib/features/ci-access/policies.ts). */
const LIMIT_SIDS = [
  "NoSecretsOfOtherServices",
  "NoApiKeyValues",
  "NoCodeAsOtherRoles",
  "NoCodeThroughReads",
  "NoDataOfPlannedServices",
  "NoSecretValueCrypto",
  "NoSecretValueEncryption",
  "NoIamChanges",
];

/** The role's statements with these Sids, in order. */
function statementsOf(identity: readonly { readonly policy: unknown }[], sids: readonly string[]): unknown[] {
  return identity.flatMap(({ policy }) => {
    const statements = isRecord(policy) && Array.isArray(policy.Statement) ? policy.Statement : [];
    return statements.filter((s) => isRecord(s) && sids.includes(String(s.Sid)));
  });
}

/** Rows that ask about S3 state, which staging (local state) does not have. */
const ONLY_WITH_S3_STATE = [
  "deploy stacks: their state written, their lock files taken and freed",
  "S3 backend: list the state bucket, read email state",
  "refresh of the state bucket: s3:GetBucketPolicy, s3:GetBucketVersioning",
];

// Both example environments, each against its own synthesized policies, so every deny is proven where
// it is deployed. Staging has no worker role and keeps its state locally: its table is production's
// without that column and the S3 state row.
describe.each(["production", "staging"])("limits of the CI roles of the example %s environment", (env) => {
  const world = buildWorld(exampleConfig([], env));
  const checks = new Map([...roleLimitChecks(world), ...planReadChecks(world), ...reachChecks(world), ...foreignResourceChecks(world)]);
  const columns = COLUMNS.map((column, index) => ({ column, index })).filter(
    ({ column }) => column === "account admin" || world.roles.has(`opsbot-${env}-${column}`),
  );
  const actors = columns.map(({ column }) =>
    column === "account admin"
      ? [adminActor("account administrator", world.accountId, "someone-admin")]
      : [roleActor(world, `opsbot-${env}-${column}`)],
  );
  const rows = ROWS.filter(([check]) => checks.has(check));

  test("the table asks every question the checks define, and only those", () => {
    expect(rows.map(([check]) => check).sort()).toEqual([...checks.keys()].sort());
    const skipped = ROWS.filter(([check]) => !checks.has(check)).map(([check]) => check);
    expect(skipped).toEqual(world.bucket ? [] : ONLY_WITH_S3_STATE);
    expect(columns.length).toBe(env === "production" ? COLUMNS.length : COLUMNS.length - 1);
  });

  test.each(rows.map((row) => [row[0], row] as const))("%s", async (check, [, ...cells]) => {
    const steps = checks.get(check) ?? [];
    const verdicts = await Promise.all(actors.map((a) => verdict(a, steps)));
    expect([check, ...verdicts]).toEqual([check, ...columns.map(({ index }) => cells[index])]);
  });
});

describe("the deny statements of both example environments", () => {
  test("staging's roles carry the same denies (they depend on no setting of the environment)", () => {
    const denies = (env: string) =>
      [...buildWorld(exampleConfig([], env)).roles.values()]
        .filter((r) => /-(plan|plan-main|deploy|admin-deploy)$/.test(r.name))
        .map((r) => [r.name.replace(`-${env}-`, "-"), statementsOf(r.identity, LIMIT_SIDS)] as const)
        .sort(([a], [b]) => a.localeCompare(b));
    const production = denies("production");
    // admin-deploy, deploy, plan, plan-main
    expect(production.map(([, statements]) => statements.length)).toEqual([4, 5, 5, 5]);
    expect(denies("staging")).toEqual(production);
  });
});

/** The reads of the deny lists that PowerUserAccess grants and ReadOnlyAccess does not (the lists' comments say "PowerUserAccess only"). */
const POWER_USER_ONLY =
  /^(lightsail:(Get(Relational|Instance)|DownloadDefaultKeyPair)|redshift|ivs:|glue:GetConnection|cloudtrail:StartQuery|macie2:|acm:ExportCertificate|rds-db:|dsql:|route53globalresolver:)/;

describe("the deny lists behind the rows", () => {
  const world = buildWorld(exampleConfig());
  const checks = new Map([...roleLimitChecks(world), ...planReadChecks(world)]);
  const asked = new Set([...checks.values()].flatMap((steps) => steps.map((s) => s.action)));

  test.each([
    ["OTHER_SECRET_READS", OTHER_SECRET_READS],
    ["API_KEY_VALUE_READS", [API_KEY_VALUE_READS.action]],
    ["RUN_AS_OTHER_ROLES", RUN_AS_OTHER_ROLES],
    ["READS_THAT_RUN_CODE", READS_THAT_RUN_CODE],
    ["PLANNED_SERVICE_DATA_READS", PLANNED_SERVICE_DATA_READS],
  ] as const)("every action of %s has a row", (_name, actions) => {
    expect(actions.filter((a) => !asked.has(a))).toEqual([]);
  });

  test("the pinned managed policies grant each of those reads: ReadOnlyAccess (admin-deploy) all but a few, PowerUserAccess (deploy) the rest", async () => {
    const world = buildWorld(exampleConfig());
    const only = (name: string): Actor[] => [
      {
        label: name,
        principal: `arn:aws:sts::${world.accountId}:assumed-role/only-${name}/golive`,
        principalArn: `arn:aws:iam::${world.accountId}:role/only-${name}`,
        accountId: world.accountId,
        identity: [{ name, policy: managedPolicy(`arn:aws:iam::aws:policy/${name}`) }],
      },
    ];
    const reads = [...checks].filter(([check, steps]) =>
      steps.some(
        (s) => [...OTHER_SECRET_READS, API_KEY_VALUE_READS.action].some((a) => a === s.action) && !check.includes("left by the deny lists"),
      ),
    );
    const grants = async (actors: Actor[]) =>
      (await Promise.all(reads.map(async ([check, steps]) => ((await verdict(actors, steps)) === "allowed" ? [check] : [])))).flat();
    const all = reads.map(([check]) => check);
    expect(all.filter((c) => !POWER_USER_ONLY.test(c))).toEqual(await grants(only("ReadOnlyAccess")));
    expect(await grants(only("PowerUserAccess"))).toEqual(all);
  });

  test("ReadOnlyAccess alone would hand out the alert webhook URLs through SNS (what NoSubscriptionListings and NoSubscriptionEndpoints deny)", async () => {
    const world = buildWorld(exampleConfig());
    const topic = world.alertTopic?.arn ?? "";
    const readOnly = managedOnlyActor(world.accountId, "ReadOnlyAccess");
    expect(topic).toMatch(/^arn:aws:sns:us-east-1:\d{12}:opsbot-production-alerts$/);
    const paths = subscriptionEndpointReads(world, topic);
    expect(await Promise.all(paths.map((steps) => verdict([readOnly], steps)))).toEqual(["allowed", "allowed", "allowed"]);
  });

  // The largest config that loads: __tests__/ci-access/policy-sizes.spec.ts.
  test("each CI role's inline policies fit IAM's 10,240 characters per role and each customer-managed policy its 6,144 (whitespace aside)", () => {
    const access = synthKind(exampleConfig(), "access");
    const size = (policy: unknown) => String(policy).replace(/\s/g, "").length;
    const sizes = new Map<string, number>();
    for (const [, p] of resourcesOf(access, "aws_iam_role_policy"))
      sizes.set(String(p.role), (sizes.get(String(p.role)) ?? 0) + size(p.policy));
    expect(sizes.size).toBe(4);
    for (const [role, total] of sizes) expect([role, total < 10240]).toEqual([role, true]);
    const managed = resourcesOf(access, "aws_iam_policy");
    expect(managed).toHaveLength(5);
    for (const [, p] of managed) expect([p.name, size(p.policy) < 6144]).toEqual([p.name, true]);
  });
});
