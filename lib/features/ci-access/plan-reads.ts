import { policyDocument, type PolicyDocument, type PolicyStatement } from "../../core/iam";
import type { StackDeclaration } from "../../platform/feature";
import { stateKindsOf } from "../state/bucket-policy";
import type { CiScope } from "./scope";

// What the plan roles may read: the AWS services of the stacks they plan, as each stack declares them
// (FeatureStack.awsServices), and their state. An allow list in place of ReadOnlyAccess, which let a
// pull request that edits pr.yml read every table's items, take every queue's messages, pull every
// image and repository. The denies of policies.ts stay on top.

/** The read verbs Terraform refreshes a resource or reads a data source with. */
const READ_VERBS = ["Get*", "List*", "Describe*"] as const;

/**
 * Services whose read verbs reach data beyond the configuration of golive's resources: only the reads
 * Terraform refreshes those resources with (terraform-provider-aws v6: sesv2 configuration_set.go,
 * configuration_set_event_destination.go, email_identity.go and email_identity_mail_from_attributes.go
 * read GetConfigurationSet, GetConfigurationSetEventDestinations and GetEmailIdentity; cloudwatch
 * metric_alarm.go DescribeAlarms; tags through ListTagsForResource). SES's Get and List reads also reach Mail
 * Manager's archived messages (GetArchiveMessageContent) and address lists, and export jobs whose
 * answer carries a pre-signed URL of message insights (GetExportJob); CloudWatch's reach logs and
 * traces (GetRecords, GetTelemetryQueryResults) and contributor reports of log fields.
 */
const NARROW_READS: Readonly<Record<string, readonly string[]>> = {
  ses: ["GetConfigurationSet", "GetConfigurationSetEventDestinations", "GetEmailIdentity", "ListTagsForResource"],
  cloudwatch: ["DescribeAlarms", "ListTagsForResource"],
};

/** The actions a plan role may call on `service`: its narrow reads, else every read verb. */
function readsOf(service: string): string[] {
  return (NARROW_READS[service] ?? READ_VERBS).map((verb) => `${service}:${verb}`);
}

/** The plan roles: the pull request's and the main branch's. */
export type PlanRole = "plan" | "plan-main";

/**
 * The AWS services of the stacks `role` plans (the kinds stateKindsOf names: the pull request's the
 * secret-free ones, main's every stack with state in the backend), sorted, each once.
 */
export function plannedServices(role: PlanRole, stacks: readonly StackDeclaration[]): string[] {
  const planned = new Set(stateKindsOf(role, stacks));
  const services = stacks.filter((s) => planned.has(s.kind)).flatMap((s) => s.awsServices);
  return [...new Set(services)].sort();
}

/**
 * Reads inside the planned services that return people rather than configuration, which no golive
 * stack manages or reads: SES contact lists, the suppression list (addresses that bounced or
 * complained) and a message's insights (its recipients and what happened to each), SNS's opted-out
 * and sandbox phone numbers and push endpoints (a device's token and its user data).
 */
export const PLANNED_SERVICE_DATA_READS = [
  "ses:ListContacts",
  "ses:GetContact",
  "ses:ListSuppressedDestinations",
  "ses:GetSuppressedDestination",
  "ses:GetMessageInsights",
  "sns:ListPhoneNumbersOptedOut",
  "sns:ListSMSSandboxPhoneNumbers",
  "sns:GetEndpointAttributes",
  "sns:ListEndpointsByPlatformApplication",
] as const;

/** A plan role's deny of PLANNED_SERVICE_DATA_READS (with the plan guard's other denies). */
export function noDataOfPlannedServices(): PolicyStatement {
  return { Sid: "NoDataOfPlannedServices", Effect: "Deny", Action: [...PLANNED_SERVICE_DATA_READS], Resource: "*" };
}

/**
 * Everything a plan role is allowed: the read verbs of the services it plans, who it is
 * (`sts:GetCallerIdentity`: the provider checks `allowed_account_ids` with it), and with S3 state the
 * state bucket's listing (the backend lists the state's key) and the state objects of the stacks it
 * plans, never their lock files (both plan with `--no-lock`). Decrypting state is the `state-lock`
 * policy's (stateLockPolicy).
 */
export function planReadsPolicy(scope: CiScope, role: PlanRole): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadPlannedServices",
      Effect: "Allow",
      Action: [...scope.plannedServices(role).flatMap(readsOf), "sts:GetCallerIdentity"],
      Resource: "*",
    },
  ];
  const state = scope.state;
  if (!state) return policyDocument(statements);
  const objects = state.kindsOf(role).map((k) => state.objectArn(k));
  statements.push({ Sid: "StateBucketListing", Effect: "Allow", Action: "s3:ListBucket", Resource: state.bucketArn });
  if (objects.length > 0) statements.push({ Sid: "PlannedState", Effect: "Allow", Action: "s3:GetObject", Resource: objects });
  return policyDocument(statements);
}
