import { accountRootArn, roleArn } from "../../../core/iam";
import { isRecord, list } from "../../../core/json";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, githubOidcProviderArn } from "../../../features/ci-access/model";
import { managedPolicy, type Statement, type World } from "./world";

/**
 * Asks the IAM simulator (@cloud-copilot/iam-simulate) whether a principal may make a request, given
 * every policy that applies: identity and managed policies, the permissions boundary, the resource
 * or key policy. The simulator and its IAM data (about 20 MB) load on the first question, never when
 * this module is imported: only environments with golive IAM pay for them.
 */

type Simulator = typeof import("@cloud-copilot/iam-simulate");
type PolicyParser = typeof import("@cloud-copilot/iam-policy");

let loaded: { simulate: Simulator; policy: PolicyParser } | undefined;
function simulator(): { simulate: Simulator; policy: PolicyParser } {
  // require, not import(): bin/golive.js resolves modules through its require hook (lib/runtime/register-ts.js).
  loaded ??= {
    simulate: require("@cloud-copilot/iam-simulate") as Simulator,
    policy: require("@cloud-copilot/iam-policy") as PolicyParser,
  };
  return loaded;
}

/** Someone making a request: a role session, the account's root user, or another account's role. */
export interface Actor {
  readonly label: string;
  /** The request's principal (a role session, or the root user). */
  readonly principal: string;
  /** `aws:PrincipalArn` (the role, for a session). */
  readonly principalArn: string;
  readonly accountId: string;
  readonly identity: readonly Statement[];
  readonly boundary?: unknown;
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

const ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

/** A principal no golive policy grants anything, with AdministratorAccess: a role (or user) ARN in `accountId`. */
export function adminActor(label: string, accountId: string, roleOrArn: string): Actor {
  const arn = roleOrArn.startsWith("arn:") ? roleOrArn : roleArn(accountId, roleOrArn);
  const role = /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  return {
    label,
    principal: role ? `arn:aws:sts::${accountId}:assumed-role/${role}/someone` : arn,
    principalArn: arn,
    accountId,
    identity: [{ name: "AdministratorAccess", policy: managedPolicy(ADMINISTRATOR_ACCESS) }],
  };
}

/** The account's root user: no identity policy limits it; resource and key policies still do. */
export function rootUserActor(world: World): Actor {
  const arn = accountRootArn(world.accountId);
  return {
    label: "account root user",
    principal: arn,
    principalArn: arn,
    accountId: world.accountId,
    identity: [{ name: "AdministratorAccess", policy: managedPolicy(ADMINISTRATOR_ACCESS) }],
  };
}

/** One API call; a question is answered "allowed" when every one of its calls is. */
export interface Step {
  readonly action: string;
  readonly resource: string;
  /** The resource's owner (S3 ARNs do not name it). */
  readonly resourceAccount: string;
  readonly resourcePolicy?: unknown;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type Verdict = "allowed" | "denied";

const validatedCache = { identity: new WeakMap<object, Map<string, unknown>>(), resource: new WeakMap<object, Map<string, unknown>>() };

/** Whether an Action entry can match an action of `service`: it names the service, or is `*`. */
function ofService(action: unknown, service: string): boolean {
  const prefix = String(action).split(":")[0]?.toLowerCase() ?? "";
  return prefix === "*" || prefix === service;
}

/** Whether a statement can apply to an action of `service`: it names the service, `*`, or uses NotAction. */
function mayApply(statement: unknown, service: string): boolean {
  if (!isRecord(statement) || statement.Action === undefined) return true;
  return list(statement.Action).some((a) => ofService(a, service));
}

/** The statement with only the Action entries that can match `service` (ReadOnlyAccess lists ~2,700 in two statements). */
function forService(statement: unknown, service: string): unknown {
  if (!isRecord(statement) || !Array.isArray(statement.Action)) return statement;
  return { ...statement, Action: statement.Action.filter((a) => ofService(a, service)) };
}

/**
 * A policy validated once per service, however many questions it takes part in: the simulator
 * reuses a ValidatedPolicy instead of validating and parsing the document on every call, and a
 * managed policy's statements and Action entries for other services (most of ReadOnlyAccess) are
 * left out, which cannot change an answer: an action that does not match the request does not apply.
 */
function validated(doc: unknown, kind: "identity" | "resource", service: string): unknown {
  if (!isRecord(doc)) return doc;
  const cache = validatedCache[kind];
  let byService = cache.get(doc);
  if (!byService) {
    byService = new Map();
    cache.set(doc, byService);
  }
  let hit = byService.get(service);
  if (hit === undefined) {
    const { policy } = simulator();
    const statements = doc.Statement;
    const trimmed = Array.isArray(statements)
      ? { ...doc, Statement: statements.filter((s) => mayApply(s, service)).map((s) => forService(s, service)) }
      : doc;
    hit = policy.createValidatedPolicy(trimmed, kind === "identity" ? policy.validateIdentityPolicy : policy.validateResourcePolicy);
    byService.set(service, hit);
  }
  return hit;
}

async function allows(actor: Actor, step: Step): Promise<boolean> {
  const { runSimulation } = simulator().simulate;
  const service = step.action.split(":")[0]?.toLowerCase() ?? "";
  const result = await runSimulation(
    {
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
      identityPolicies: actor.identity.map((p) => ({ name: p.name, policy: validated(p.policy, "identity", service) })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(step.resourcePolicy !== undefined ? { resourcePolicy: validated(step.resourcePolicy, "resource", service) } : {}),
      ...(actor.boundary !== undefined
        ? { permissionBoundaryPolicies: [{ name: "boundary", policy: validated(actor.boundary, "identity", service) }] }
        : {}),
    },
    {},
  );
  if (result.resultType === "error") throw new Error(`${actor.label} ${step.action}: ${JSON.stringify(result.errors)}`);
  // A context key the simulator ignored would make a condition pass or fail by accident.
  if (result.resultType === "single" && (result.result.ignoredContextKeys ?? []).length > 0)
    throw new Error(`${step.action}: the simulator ignored ${result.result.ignoredContextKeys?.join(", ")}`);
  return result.overallResult === "Allowed";
}

/** Answers already simulated, by actor and request: questions share calls (the same key's decrypt). */
export type Answers = Map<string, Promise<boolean>>;

function answer(actor: Actor, step: Step, answers: Answers | undefined): Promise<boolean> {
  if (!answers) return allows(actor, step);
  const key = JSON.stringify([actor.label, actor.principal, step.action, step.resource, step.context ?? {}]);
  let hit = answers.get(key);
  if (!hit) {
    hit = allows(actor, step);
    answers.set(key, hit);
  }
  return hit;
}

/**
 * Allowed when any one of the actors (the roles one identity can become) may make every call; the
 * first denied call ends an actor's turn. `answers` reuses calls shared between questions (pass one
 * map per world: a key is found by the actor's label and the request).
 */
export async function verdict(actors: readonly Actor[], steps: readonly Step[], answers?: Answers): Promise<Verdict> {
  if (steps.length === 0) throw new Error("a question without a request would be allowed for anyone");
  for (const actor of actors) {
    let all = true;
    for (const step of steps) {
      if (await answer(actor, step, answers)) continue;
      all = false;
      break;
    }
    if (all) return "allowed";
  }
  return "denied";
}

/**
 * The roles a GitHub Actions OIDC token with this `sub` can assume, by evaluating every trust policy
 * (the simulator's action data lacks GitHub's `sub`/`aud` keys, so the unvalidated entry point runs
 * with a policy validated here).
 */
export function rolesAssumableBy(world: World, sub: string, aud = GITHUB_OIDC_AUDIENCE): string[] {
  const { simulate, policy } = simulator();
  const provider = githubOidcProviderArn(world.accountId);
  return [...world.roles.values()]
    .filter((role) => {
      const validated = policy.createValidatedPolicy(role.trust, policy.validateTrustPolicy, { name: `${role.name} trust` });
      if (validated.errors.length > 0) throw new Error(`${role.name} trust: ${JSON.stringify(validated.errors)}`);
      const result = simulate.runUnsafeSimulation(
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
