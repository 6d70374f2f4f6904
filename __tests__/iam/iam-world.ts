import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createValidatedPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { AppConfig } from "../../lib/config/schema";
import { stateObjectKey } from "../../lib/platform/backend-model";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, githubOidcProviderArn } from "../../lib/features/ci-access/model";
import { REPO_ROOT } from "../helpers/example-config";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";

/**
 * The synthesized IAM of one environment (access, secrets and bootstrap stacks), with every
 * Terraform reference resolved to the ARN it will have, ready for the IAM simulator.
 */

// biome-ignore lint/suspicious/noExplicitAny: policy documents are arbitrary JSON, handed to the simulator as they are.
export type Doc = any;

/** An AWS managed policy pinned under __tests__/fixtures/iam (see each file's `scope`). */
export function managedPolicy(arn: string): Doc {
  const name = arn.split("/").pop() ?? arn;
  const file = JSON.parse(readFileSync(join(REPO_ROOT, "__tests__", "fixtures", "iam", `${name}.json`), "utf8")) as {
    arn: string;
    document: Doc;
  };
  if (file.arn !== arn) throw new Error(`fixture ${name}.json is ${file.arn}, not ${arn}`);
  return file.document;
}

export interface RoleInfo {
  readonly name: string;
  readonly arn: string;
  readonly trust: Doc;
  /** Inline policies and managed-policy documents, by name. */
  readonly identity: { readonly name: string; readonly policy: Doc }[];
  readonly boundary?: Doc;
}

export interface KeyInfo {
  readonly arn: string;
  readonly alias: string;
  readonly policy: Doc;
  readonly tags: Readonly<Record<string, string>>;
}

export interface World {
  readonly cfg: AppConfig;
  readonly accountId: string;
  readonly region: string;
  readonly roles: ReadonlyMap<string, RoleInfo>;
  readonly keys: { readonly secrets: KeyInfo; readonly state?: KeyInfo };
  /** Secret name (`<app>/<env>/<name>`) -> ARN and resource policy. */
  readonly secrets: ReadonlyMap<string, { readonly arn: string; readonly policy: Doc }>;
  /** The state bucket, with S3 state. */
  readonly bucket?: { readonly arn: string; readonly policy: Doc };
  /** Managed policies golive declares, by ARN (the boundary). */
  readonly policies: ReadonlyMap<string, Doc>;
  readonly stateObject: (kind: string) => string;
}

type Resources = [string, string, Record<string, unknown>][];

function str(value: unknown): string {
  if (typeof value !== "string") throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** What each referenced attribute will be after apply, for the resource types these stacks declare. */
function attributeOf(type: string, id: string, attrs: Record<string, unknown>, accountId: string, region: string): Record<string, string> {
  switch (type) {
    case "aws_iam_role":
      return { arn: `arn:aws:iam::${accountId}:role/${str(attrs.name)}`, id: str(attrs.name), name: str(attrs.name) };
    case "aws_iam_policy":
      return { arn: `arn:aws:iam::${accountId}:policy/${str(attrs.name)}` };
    case "aws_iam_openid_connect_provider":
      return { arn: githubOidcProviderArn(accountId) };
    case "aws_kms_key": {
      // A fixed, distinct key id per key: the simulator only needs an ARN of the right shape.
      const n = id.startsWith("State") ? "b" : "a";
      const keyId = `00000000-0000-4000-8000-00000000000${n}`;
      return { arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`, key_id: keyId };
    }
    case "aws_secretsmanager_secret": {
      // Secrets Manager appends six random characters to the name.
      const arn = `arn:aws:secretsmanager:${region}:${accountId}:secret:${str(attrs.name)}-AbCdEf`;
      return { arn, id: arn };
    }
    case "aws_s3_bucket":
      return { arn: `arn:aws:s3:::${str(attrs.bucket)}`, id: str(attrs.bucket), bucket: str(attrs.bucket) };
    default:
      return {};
  }
}

/** Every `${type.id.attr}` replaced by its value; fails on a reference it cannot resolve. */
function resolver(resources: Resources, accountId: string, region: string): (text: string) => string {
  const values = new Map<string, string>();
  for (const [type, id, attrs] of resources)
    for (const [attr, value] of Object.entries(attributeOf(type, id, attrs, accountId, region))) values.set(`${type}.${id}.${attr}`, value);
  return (text) =>
    text.replace(/\$\{([^}]+)\}/g, (_, ref: string) => {
      const value = values.get(ref);
      if (value === undefined) throw new Error(`cannot resolve \${${ref}}`);
      return value;
    });
}

function parse(text: unknown, resolve: (t: string) => string): Doc {
  return JSON.parse(resolve(str(text)));
}

/** Synthesizes the access, secrets and (with S3 state) bootstrap stacks of `cfg` and reads their IAM. */
export function buildWorld(cfg: AppConfig): World {
  const secretsCfg = cfg.secrets;
  if (!secretsCfg) throw new Error("the matrix needs a secrets section");
  const accountId = secretsCfg.accountId;
  const region = secretsCfg.region;
  const s3 = cfg.state?.backend === "s3" && cfg.state.bootstrap;
  const stacks: SynthJson[] = ["access", "secrets", ...(s3 ? ["bootstrap"] : [])].map((kind) => synthKind(cfg, kind));
  const resources: Resources = stacks.flatMap((json) =>
    Object.keys(json.resource).flatMap((type) =>
      resourcesOf(json, type).map(([id, attrs]): [string, string, Record<string, unknown>] => [type, id, attrs]),
    ),
  );
  const resolve = resolver(resources, accountId, region);
  const ofType = (type: string) => resources.filter(([t]) => t === type).map(([, id, attrs]) => ({ id, attrs }));
  const policies = new Map<string, Doc>(
    ofType("aws_iam_policy").map(({ attrs }) => [`arn:aws:iam::${accountId}:policy/${str(attrs.name)}`, parse(attrs.policy, resolve)]),
  );
  const roles = new Map<string, RoleInfo>();
  for (const { attrs } of ofType("aws_iam_role")) {
    const name = str(attrs.name);
    const inline = ofType("aws_iam_role_policy")
      .filter((p) => resolve(str(p.attrs.role)) === name)
      .map((p) => ({ name: str(p.attrs.name), policy: parse(p.attrs.policy, resolve) }));
    const managed = ofType("aws_iam_role_policy_attachment")
      .filter((a) => resolve(str(a.attrs.role)) === name)
      .map((a) => ({ name: str(a.attrs.policy_arn), policy: managedPolicy(str(a.attrs.policy_arn)) }));
    const boundaryArn = attrs.permissions_boundary === undefined ? undefined : resolve(str(attrs.permissions_boundary));
    const boundary = boundaryArn === undefined ? undefined : policies.get(boundaryArn);
    if (boundaryArn !== undefined && boundary === undefined) throw new Error(`role ${name}: boundary ${boundaryArn} is not declared`);
    roles.set(name, {
      name,
      arn: `arn:aws:iam::${accountId}:role/${name}`,
      trust: parse(attrs.assume_role_policy, resolve),
      identity: [...inline, ...managed],
      ...(boundary ? { boundary } : {}),
    });
  }
  const aliasOf = (keyArn: string) =>
    str(ofType("aws_kms_alias").find((a) => resolve(str(a.attrs.target_key_id)) === keyArn.split("/").pop())?.attrs.name);
  const tags = { app: cfg.app, environment: cfg.environment, "managed-by": "golive" };
  const key = (prefix: string): KeyInfo => {
    const found = ofType("aws_kms_key").find((k) => k.id.startsWith(prefix));
    if (!found) throw new Error(`no ${prefix} key`);
    const arn = attributeOf("aws_kms_key", found.id, found.attrs, accountId, region).arn ?? "";
    return { arn, alias: aliasOf(arn), policy: parse(found.attrs.policy, resolve), tags };
  };
  const secrets = new Map(
    ofType("aws_secretsmanager_secret").map(({ id, attrs }) => {
      const arn = attributeOf("aws_secretsmanager_secret", id, attrs, accountId, region).arn ?? "";
      const policy = ofType("aws_secretsmanager_secret_policy").find((p) => resolve(str(p.attrs.secret_arn)) === arn);
      if (!policy) throw new Error(`secret ${str(attrs.name)} has no policy`);
      return [str(attrs.name), { arn, policy: parse(policy.attrs.policy, resolve) }];
    }),
  );
  const bucket = ofType("aws_s3_bucket")[0];
  const bucketPolicy = ofType("aws_s3_bucket_policy")[0];
  const bucketArn = bucket ? `arn:aws:s3:::${str(bucket.attrs.bucket)}` : "";
  return {
    cfg,
    accountId,
    region,
    roles,
    keys: { secrets: key("Key"), ...(s3 ? { state: key("State_Key") } : {}) },
    secrets,
    ...(bucketPolicy ? { bucket: { arn: bucketArn, policy: parse(bucketPolicy.attrs.policy, resolve) } } : {}),
    policies,
    stateObject: (kind) => `${bucketArn}/${stateObjectKey(cfg, kind)}`,
  };
}

// ---- principals ----

/** Someone making a request: a role session, the account's root user, or another account's role. */
export interface Actor {
  readonly label: string;
  /** The request's principal (a role session, or the root user). */
  readonly principal: string;
  /** `aws:PrincipalArn` (the role, for a session). */
  readonly principalArn: string;
  readonly accountId: string;
  readonly identity: { readonly name: string; readonly policy: Doc }[];
  readonly boundary?: Doc;
}

export function roleActor(world: World, name: string): Actor {
  const role = world.roles.get(name);
  if (!role) throw new Error(`no role ${name}`);
  return {
    label: name,
    principal: `arn:aws:sts::${world.accountId}:assumed-role/${name}/golive`,
    principalArn: role.arn,
    accountId: world.accountId,
    identity: role.identity,
    ...(role.boundary ? { boundary: role.boundary } : {}),
  };
}

/** A role no golive policy names, with AdministratorAccess, in `accountId`. */
export function adminActor(label: string, accountId: string, roleName: string): Actor {
  return {
    label,
    principal: `arn:aws:sts::${accountId}:assumed-role/${roleName}/someone`,
    principalArn: `arn:aws:iam::${accountId}:role/${roleName}`,
    accountId,
    identity: [{ name: "AdministratorAccess", policy: managedPolicy("arn:aws:iam::aws:policy/AdministratorAccess") }],
  };
}

/** The account's root user: no identity policy limits it; resource and key policies still do. */
export function rootUserActor(world: World): Actor {
  const arn = `arn:aws:iam::${world.accountId}:root`;
  return {
    label: "account root user",
    principal: arn,
    principalArn: arn,
    accountId: world.accountId,
    identity: [{ name: "AdministratorAccess", policy: managedPolicy("arn:aws:iam::aws:policy/AdministratorAccess") }],
  };
}

// ---- requests ----

/** One API call; a check is allowed when every one of its calls is. */
export interface Step {
  readonly action: string;
  readonly resource: string;
  /** The resource's owner (S3 ARNs do not name it). */
  readonly resourceAccount: string;
  readonly resourcePolicy?: Doc;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type Verdict = "allowed" | "denied";

async function simulate(actor: Actor, step: Step): Promise<boolean> {
  const simulation: Simulation = {
    request: {
      principal: actor.principal,
      action: step.action,
      resource: { resource: step.resource, accountId: step.resourceAccount },
      contextVariables: {
        "aws:PrincipalArn": actor.principalArn,
        "aws:PrincipalAccount": actor.accountId,
        "aws:SecureTransport": "true",
        ...Object.fromEntries(Object.entries(step.context ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : [...v]])),
      },
    },
    identityPolicies: actor.identity.map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(step.resourcePolicy ? { resourcePolicy: step.resourcePolicy } : {}),
    ...(actor.boundary ? { permissionBoundaryPolicies: [{ name: "boundary", policy: actor.boundary }] } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") throw new Error(`${actor.label} ${step.action}: ${JSON.stringify(result.errors)}`);
  if (result.resultType === "single" && (result.result.ignoredContextKeys ?? []).length > 0)
    throw new Error(`${step.action}: the simulator ignored ${result.result.ignoredContextKeys?.join(", ")}`);
  return result.overallResult === "Allowed";
}

export async function verdict(actors: readonly Actor[], steps: readonly Step[]): Promise<Verdict> {
  if (steps.length === 0) throw new Error("a check without a request would pass for anyone");
  // An identity that can become several roles may do what any one of them may.
  for (const actor of actors) {
    let all = true;
    for (const step of steps) if (!(await simulate(actor, step))) all = false;
    if (all) return "allowed";
  }
  return "denied";
}

/**
 * The roles a GitHub Actions OIDC token with this `sub` can assume (trust policies evaluated by the
 * simulator; its action data lacks GitHub's `sub`/`aud` keys, so the unvalidated entry point is used
 * with a policy validated here).
 */
export function rolesAssumableBy(world: World, sub: string, aud = GITHUB_OIDC_AUDIENCE): string[] {
  const provider = githubOidcProviderArn(world.accountId);
  return [...world.roles.values()]
    .filter((role) => {
      const validated = createValidatedPolicy(role.trust, validateTrustPolicy, { name: `${role.name} trust` });
      if (validated.errors.length > 0) throw new Error(`${role.name} trust: ${JSON.stringify(validated.errors)}`);
      const result = runUnsafeSimulation(
        {
          request: {
            principal: provider,
            action: "sts:AssumeRoleWithWebIdentity",
            resource: { resource: role.arn, accountId: world.accountId },
            contextVariables: { [`${GITHUB_OIDC_HOST}:aud`]: aud, [`${GITHUB_OIDC_HOST}:sub`]: sub },
          },
          identityPolicies: [],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy: validated,
        },
        {},
      );
      return result === "Allowed";
    })
    .map((role) => role.name);
}
