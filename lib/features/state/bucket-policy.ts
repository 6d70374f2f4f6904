import type { AppConfig } from "../../config/schema";
import {
  accountRootArn,
  denyInsecureTransport,
  policyDocument,
  type PolicyDocument,
  type PolicyStatement,
  principalIn,
  principalNotIn,
  unique,
} from "../../core/iam";
import { stateObjectKey } from "../../platform/backend-model";
import type { StackDeclaration } from "../../platform/feature";
import { CI_ROLE_KINDS, type CiRoleKind } from "../../core/ci-roles";
import { golivePrincipals, goliveRolePattern, managersOf } from "../secrets/model";
import { keyAdministrationStatements, notAManager } from "../secrets/policies";
import type { S3StateConfig } from "./schema";

/** Reading and writing state objects (and their `.tflock` lock files), old versions included. */
export const STATE_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"] as const;
/**
 * Every other write to an object of the bucket: each S3 action on an object resource that is not Read
 * or List in the Service Authorization Reference ("Actions, resources, and condition keys for Amazon
 * S3"), but PutObject, DeleteObject (STATE_OBJECT_ACTIONS) and STATE_HISTORY_PROTECTIONS. Replication
 * writes objects and delete markers into a destination bucket as the source's replication role
 * (ReplicateObject, ReplicateDelete, ReplicateTags, ReplicateObjectAnnotation, and
 * ObjectOwnerOverrideToBucketOwner from another account), so an administrator could configure it on a
 * bucket of their own and replicate crafted state in: the replication configuration is the source
 * bucket's (PutReplicationConfiguration), which no policy of this bucket can refuse, but these writes
 * into it it can. The others restore, re-encrypt, pin, tag or annotate an object, or abort an upload.
 * Only the state users make them, each CI role on its own stacks' objects only. A test holds this list
 * to the simulator's IAM data (__tests__/iam/state-object-writes.spec.ts).
 */
export const STATE_OBJECT_SIDE_WRITES = [
  "s3:ReplicateObject",
  "s3:ReplicateDelete",
  "s3:ReplicateTags",
  "s3:ReplicateObjectAnnotation",
  "s3:ObjectOwnerOverrideToBucketOwner",
  "s3:InitiateReplication",
  "s3:RestoreObject",
  "s3:UpdateObjectEncryption",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "s3:BypassGovernanceRetention",
  "s3:PutObjectTagging",
  "s3:PutObjectVersionTagging",
  "s3:DeleteObjectTagging",
  "s3:DeleteObjectVersionTagging",
  "s3:PutObjectAnnotation",
  "s3:PutObjectVersionAnnotation",
  "s3:DeleteObjectAnnotation",
  "s3:DeleteObjectVersionAnnotation",
  "s3:AbortMultipartUpload",
] as const;
/** What the state users, and only they, do with the bucket's objects: StateUsersOnly and each CI role's own-stacks statement. */
const STATE_USER_ACTIONS = [...STATE_OBJECT_ACTIONS, ...STATE_OBJECT_SIDE_WRITES];
/**
 * Every change to the state bucket itself, so only its managers make one: each S3 action on a bucket
 * resource that is not Read or List in the Service Authorization Reference ("Actions, resources, and
 * condition keys for Amazon S3"), CreateBucket aside (the bucket exists; a deleted one's policy goes
 * with it). Its policy, versioning, public access, encryption, ownership and ACL keep state private
 * and recoverable; logging, notifications, inventory, replication and metadata tables would copy
 * object keys or objects elsewhere (an inventory or replica may go to another account); lifecycle,
 * Object Lock and deletion erase or pin state; tags and ABAC (with it, tags decide access), CORS,
 * website, acceleration, request payment, analytics, metrics and tiering are nobody else's either. Each `Delete*` call of
 * S3's API not listed here is authorized by its `Put*` action (DeleteBucketLifecycle by
 * PutLifecycleConfiguration, DeleteBucketTagging by PutBucketTagging...). A test holds this list to
 * the simulator's IAM data (__tests__/iam/state-bucket-configuration.spec.ts).
 */
export const STATE_BUCKET_PROTECTIONS = [
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketVersioning",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutEncryptionConfiguration",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketAcl",
  "s3:PutBucketAbac",
  "s3:PutLifecycleConfiguration",
  "s3:PutReplicationConfiguration",
  "s3:PauseReplication",
  "s3:PutBucketObjectLockConfiguration",
  "s3:DeleteBucket",
  "s3:PutBucketLogging",
  "s3:PutBucketNotification",
  "s3:PutInventoryConfiguration",
  "s3:CreateBucketMetadataTableConfiguration",
  "s3:UpdateBucketMetadataAnnotationTableConfiguration",
  "s3:UpdateBucketMetadataInventoryTableConfiguration",
  "s3:UpdateBucketMetadataJournalTableConfiguration",
  "s3:DeleteBucketMetadataTableConfiguration",
  "s3:PutBucketTagging",
  "s3:TagResource",
  "s3:UntagResource",
  "s3:PutBucketCORS",
  "s3:PutBucketWebsite",
  "s3:DeleteBucketWebsite",
  "s3:PutAccelerateConfiguration",
  "s3:PutBucketRequestPayment",
  "s3:PutAnalyticsConfiguration",
  "s3:PutMetricsConfiguration",
  "s3:PutIntelligentTieringConfiguration",
] as const;
/** Erasing or re-permissioning state history. */
export const STATE_HISTORY_PROTECTIONS = ["s3:DeleteObjectVersion", "s3:PutObjectAcl", "s3:PutObjectVersionAcl"] as const;

/** One CI role's share of the state: the stacks it plans (reads; locks, but from pull requests) and those it applies (writes). */
export interface StateUser {
  readonly kind: CiRoleKind;
  readonly arn: string;
  readonly reads: readonly string[];
  readonly writes: boolean;
}

/** Who may use which state object of this environment, from config. */
export interface StateAccess {
  readonly bucketArn: string;
  readonly accountId: string;
  readonly region: string;
  /** `arn:aws:s3:::<bucket>/<prefix>/<kind>-<env>.tfstate` */
  readonly objectArn: (kind: string) => string;
  /** The CI roles, each limited to its stacks; empty without `secrets.github`. */
  readonly ci: readonly StateUser[];
  /** `secrets.administrators`: every object. */
  readonly administrators: readonly string[];
  /** Who may change the bucket's protections and the key's policy; undefined: IAM, but golive's roles. */
  readonly managers: readonly string[] | undefined;
  /** `role/<app>-<env>-*` */
  readonly goliveRoles: string;
}

/**
 * The stacks whose state a CI role uses, from what `stacks` (the registry's, passed down: this sits
 * below it) declare: pull requests plan the stacks whose state holds no secret (`stateHoldsSecrets`);
 * the main-branch plan role plans all of them; each applying role the stacks it applies (`appliedBy`).
 * The stack creating the state backend (bootstrap) keeps its state local.
 */
export function stateKindsOf(role: CiRoleKind, stacks: readonly StackDeclaration[]): string[] {
  const inBucket = (holds: (s: StackDeclaration) => boolean) => stacks.filter((s) => !s.createsStateBackend && holds(s)).map((s) => s.kind);
  if (role === "plan") return inBucket((s) => !s.stateHoldsSecrets);
  if (role === "plan-main") return inBucket(() => true);
  return inBucket((s) => s.appliedBy === role);
}

/** Who may use which state object of this environment, from config and the stacks the registry declares. */
export function stateAccess(cfg: AppConfig, s3: S3StateConfig, stacks: readonly StackDeclaration[]): StateAccess {
  const principals = golivePrincipals(cfg);
  const arns = principals?.ci;
  const ci: StateUser[] = arns
    ? CI_ROLE_KINDS.map((kind) => ({
        kind,
        arn: arns[kind],
        reads: stateKindsOf(kind, stacks),
        writes: kind === "deploy" || kind === "admin-deploy",
      }))
    : [];
  const bucketArn = `arn:aws:s3:::${s3.bucket}`;
  return {
    bucketArn,
    accountId: s3.accountId,
    region: s3.region,
    objectArn: (kind) => `${bucketArn}/${stateObjectKey(cfg, kind)}`,
    ci,
    administrators: principals?.administrators ?? [],
    managers: principals ? managersOf(principals, false) : undefined,
    goliveRoles: principals?.goliveRoles ?? goliveRolePattern(cfg, s3.accountId),
  };
}

/** Everyone the state policies name as a state user; empty: nobody is named, IAM decides (as before). */
export function stateUsers(access: StateAccess): string[] {
  return unique([...access.ci.map((u) => u.arn), ...access.administrators]);
}

const SIDS: Readonly<Record<CiRoleKind, string>> = {
  plan: "PullRequestPlansSecretFreeStateOnly",
  "plan-main": "MainPlansOwnEnvironmentOnly",
  deploy: "DeployOwnStacksOnly",
  "admin-deploy": "AdminDeployOwnStacksOnly",
};

/** Denies `principals` (none: no statement) writing or deleting the bucket objects `resource` names. */
function denyObjectWrites(sid: string, resource: string, principals: readonly string[]): PolicyStatement[] {
  if (principals.length === 0) return [];
  return [
    {
      Sid: sid,
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: resource,
      Condition: principalIn([...principals]),
    },
  ];
}

/**
 * The state bucket's policy names who may use which state object: TLS only; no principal but the
 * state users touches an object (reads, writes, and the writes besides PutObject: a replica written
 * in, a restore, a tag); each CI role only the state (and lock files) of its stacks, so a
 * pull request's plan never reads edge or monitoring state (Access service-token secrets, webhook
 * URLs); plans never write state nor take a lock; only the managers change the
 * bucket's configuration (STATE_BUCKET_PROTECTIONS), delete it or old versions.
 */
export function stateBucketPolicy(access: StateAccess): PolicyDocument {
  const objects = `${access.bucketArn}/*`;
  const users = stateUsers(access);
  const own = (reads: readonly string[]) => reads.flatMap((k) => [access.objectArn(k), `${access.objectArn(k)}.tflock`]);
  const plans = access.ci.filter((u) => !u.writes).map((u) => u.arn);
  const statements: PolicyStatement[] = [
    denyInsecureTransport("s3:*", [access.bucketArn, objects]),
    ...(users.length > 0
      ? [
          {
            Sid: "StateUsersOnly",
            Effect: "Deny" as const,
            Principal: "*" as const,
            Action: [...STATE_USER_ACTIONS],
            Resource: objects,
            Condition: principalNotIn(users),
          },
        ]
      : []),
    ...access.ci.map(
      (u): PolicyStatement => ({
        Sid: SIDS[u.kind],
        Effect: "Deny",
        Principal: "*",
        Action: [...STATE_USER_ACTIONS],
        NotResource: own(u.reads),
        Condition: principalIn([u.arn]),
      }),
    ),
    ...denyObjectWrites("PlansNeverWriteState", `${access.bucketArn}/*.tfstate`, plans),
    // Both plan roles plan with `--no-lock` (pr.yml, drift.yml): a lock file a plan writes would block a
    // deploy, and one it removes would let two applies in. Denied here too, whatever the roles' policies say.
    ...denyObjectWrites("PlansTakeNoStateLock", `${access.bucketArn}/*.tflock`, plans),
    {
      Sid: "ProtectStateBucket",
      Effect: "Deny",
      Principal: "*",
      Action: [...STATE_BUCKET_PROTECTIONS, ...STATE_HISTORY_PROTECTIONS],
      Resource: [access.bucketArn, objects],
      Condition: notAManager(access.managers, access.goliveRoles),
    },
  ];
  return policyDocument(statements);
}

/** What the state key's description starts with, the bucket's name after it: how plan review tells the state key from others. */
export const STATE_KEY_DESCRIPTION = "Terraform state in s3://";

/**
 * Key of the state bucket. The account may look at it; its managers administer it (no one decrypts
 * by being an administrator: no statement gives the account `kms:Decrypt` or `kms:CreateGrant`); the
 * state users, and only they, use it, and only through S3 in the bucket's region.
 */
export function stateKeyPolicy(access: StateAccess): PolicyDocument {
  const users = stateUsers(access);
  return policyDocument([
    ...keyAdministrationStatements({
      accountId: access.accountId,
      managers: access.managers,
      goliveRoles: access.goliveRoles,
      goliveAdministrators: [],
    }),
    {
      Sid: "StateThroughS3",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(access.accountId) },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": access.accountId, "kms:ViaService": `s3.${access.region}.amazonaws.com` },
        ...(users.length > 0 ? principalIn(users) : {}),
      },
    },
  ]);
}
