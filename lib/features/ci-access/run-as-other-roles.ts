// Side doors to a role already in place: the actions and S3 writes that run new code as a role someone
// else passed, which no iam:PassRole deny stops. Kept together because they close one gap, and apart
// from the policies that deny them (policies.ts) because each entry carries its own cited reason.

/**
 * Calls named like reads that run new code as a role already in place, which ReadOnlyAccess grants by
 * its wildcards: `athena:Get*` takes in `athena:GetSessionEndpoint` (access level Write in the service
 * authorization reference), the endpoint and token of a running Athena Spark session, to which a Spark
 * Connect client sends code that runs as the workgroup's execution role
 * (https://docs.aws.amazon.com/athena/latest/ug/notebooks-spark-connect.html). The only such call of
 * ReadOnlyAccess v188 (and of v178 before it): every CI role is denied it, the plan and admin-deploy
 * roles by NoCodeThroughReads.
 */
export const READS_THAT_RUN_CODE = ["athena:GetSessionEndpoint"] as const;

/**
 * Ways to run new code as a role that is already somewhere, without iam:PassRole: change, start or
 * reach into a function, task, service, instance, build, job, state machine, stack or app that
 * carries a role (the role was passed when it was made). Making one with a role takes iam:PassRole,
 * which no golive CI role may call (IAM_WRITE_ACTIONS in iam-write-actions.ts, the admin-deploy role's missing allow). No
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
  // ECS: a new revision of a family. RunTask, StartTask and CreateService given a family without a
  // revision run "the latest ACTIVE revision" (API reference, RunTask taskDefinition), so the schedules,
  // rules and state machines that start the family run it next; iam:PassRole keeps a task role off it,
  // but on EC2 capacity a task without one reaches the instance profile through instance metadata
  // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html).
  "ecs:RegisterTaskDefinition",
  // ECS daemons: "exactly one daemon task on each container instance" of the capacity providers
  // (API reference, CreateDaemon), from a daemon task definition someone else registered with its role,
  // or another revision; an Express service's new image, command or environment, rolled out under the
  // task role it was created with (API reference, UpdateExpressGatewayService: "Amazon ECS creates a new
  // service revision"). Creating an Express service takes its infrastructure role: iam:PassRole.
  "ecs:CreateDaemon",
  "ecs:UpdateDaemon",
  "ecs:UpdateExpressGatewayService",
  // ECS container agent: an agent the caller runs, registered into a cluster, is sent the task role
  // credentials of each task placed on it, a runtime role trusting ecs-tasks.amazonaws.com among them
  // (these are the container instance role's calls:
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html). golive runs
  // no agent and declares no cluster.
  "ecs:RegisterContainerInstance",
  "ecs:DiscoverPollEndpoint",
  "ecs:Poll",
  "ecs:StartTelemetrySession",
  "ecs:SubmitTaskStateChange",
  "ecs:SubmitContainerStateChange",
  "ecs:SubmitAttachmentStateChanges",
  // ECR: a new image under a tag that tasks or functions run, pushed here, or by another account a
  // repository or registry policy lets in, replicated from another repository, or pulled through a
  // cache rule from an upstream registry someone else controls.
  "ecr:PutImage",
  "ecr:SetRepositoryPolicy",
  "ecr:PutRegistryPolicy",
  "ecr:PutReplicationConfiguration",
  "ecr:CreatePullThroughCacheRule",
  // ECR Public: the same image pushed to a public repository (the layers and the manifest that names
  // them), which tasks, functions and builds pull by name (`public.ecr.aws/<alias>/<name>`); a new public
  // repository under a name they already pull from, or a policy letting another account push to one.
  "ecr-public:InitiateLayerUpload",
  "ecr-public:UploadLayerPart",
  "ecr-public:CompleteLayerUpload",
  "ecr-public:PutImage",
  "ecr-public:CreateRepository",
  "ecr-public:SetRepositoryPolicy",
  // CodeArtifact: a package version that builds and functions install, published here
  // (`PublishPackageVersion`: npm, PyPI, Maven, generic), copied in from another repository
  // (`CopyPackageVersions`), a dist-tag moved to another version (`PutPackageMetadata`: `npm dist-tag`),
  // an archived or unlisted version brought back (`UpdatePackageVersionsStatus`); or versions let in
  // from elsewhere: origin controls that allow upstream or external versions of a name
  // (`PutPackageOriginConfiguration`, a package group's `UpdatePackageGroupOriginConfiguration`: the
  // same name on a public registry, "dependency confusion"), a public registry or another repository
  // connected as an upstream (`AssociateExternalConnection`, `UpdateRepository`; the upstream's
  // `AssociateWithDownstreamRepository` is asked besides, so this deny is enough), a repository or domain
  // policy letting another account publish.
  // https://docs.aws.amazon.com/codeartifact/latest/ug/package-origin-controls.html
  "codeartifact:PublishPackageVersion",
  "codeartifact:CopyPackageVersions",
  "codeartifact:PutPackageMetadata",
  "codeartifact:UpdatePackageVersionsStatus",
  "codeartifact:PutPackageOriginConfiguration",
  "codeartifact:UpdatePackageGroupOriginConfiguration",
  "codeartifact:AssociateExternalConnection",
  "codeartifact:UpdateRepository",
  "codeartifact:PutRepositoryPermissionsPolicy",
  "codeartifact:PutDomainPermissionsPolicy",
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
  // EMR: a step (a script, a jar) on a running cluster, as its instances' role; a Spark Connect
  // session on one (without an execution role, which takes iam:PassRole, it runs as the cluster's) and
  // the endpoint and token a PySpark client sends its code to.
  "elasticmapreduce:AddJobFlowSteps",
  "elasticmapreduce:StartSession",
  "elasticmapreduce:GetSessionEndpoint",
  // Athena for Apache Spark: a session runs as its workgroup's execution role, set on the workgroup, and
  // takes code "as an inline code block" (API reference, StartCalculationExecution), from a Spark Connect
  // client (GetSessionEndpoint: READS_THAT_RUN_CODE) or in a notebook: its console (a presigned URL) or
  // its content, which whoever opens the notebook next runs (ImportNotebook, UpdateNotebook).
  "athena:StartSession",
  "athena:StartCalculationExecution",
  "athena:CreatePresignedNotebookUrl",
  "athena:ImportNotebook",
  "athena:UpdateNotebook",
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
  // CodeCommit: a commit, a merge or a new branch on a pipeline's source branch starts the pipeline, as
  // StartPipelineExecution would ("Starts the pipeline when a new commit is made on the configured
  // CodeCommit repository and branch": https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html).
  // The default branch is what a clone checks out, a CodeBuild build of the repository given no source
  // version among them: choosing another branch chooses the code it runs.
  "codecommit:GitPush",
  "codecommit:PutFile",
  "codecommit:DeleteFile",
  "codecommit:CreateCommit",
  "codecommit:CreateBranch",
  "codecommit:MergeBranchesByFastForward",
  "codecommit:MergeBranchesBySquash",
  "codecommit:MergeBranchesByThreeWay",
  "codecommit:MergePullRequestByFastForward",
  "codecommit:MergePullRequestBySquash",
  "codecommit:MergePullRequestByThreeWay",
  "codecommit:UpdateDefaultBranch",
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
  // endpoint's SSH key, a statement in an interactive session or the Spark Connect endpoint that takes
  // them (GetSessionEndpoint); a notebook's console, its start-up script or another one, Studio's (a
  // domain's or user profile's lifecycle configurations, run as its execution role). Scripts kept in S3
  // are the deploy role's S3 guard's (policies.ts).
  "glue:UpdateJob",
  "glue:StartJobRun",
  "glue:UpdateJobFromSourceControl",
  "glue:CreateTrigger",
  "glue:UpdateTrigger",
  "glue:StartTrigger",
  "glue:UpdateDevEndpoint",
  "glue:RunStatement",
  "glue:GetSessionEndpoint",
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
  // EMR on EKS: a job run's entry point (a script or jar the caller names) runs as the execution role
  // it names, which trusts EMR's service accounts through the cluster's OIDC provider, not a PassRole
  // (https://docs.aws.amazon.com/emr/latest/EMR-on-EKS-DevelopmentGuide/iam-execution-role.html).
  "emr-containers:StartJobRun",
  // Service Catalog: a product launched, or a new version (template) of one added, runs as the launch
  // constraint's role, which the caller does not pass.
  "servicecatalog:ProvisionProduct",
  "servicecatalog:CreateProvisioningArtifact",
  // MWAA: another DAG folder, plugins, requirements or start-up script, run as the environment's execution role.
  "airflow:UpdateEnvironment",
  // IoT Greengrass: components deployed to core devices, run with the devices' role.
  "greengrass:CreateDeployment",
  // Managed Service for Apache Flink (Kinesis Data Analytics): new application code, run as its service execution role.
  "kinesisanalytics:UpdateApplication",
  ...READS_THAT_RUN_CODE,
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
