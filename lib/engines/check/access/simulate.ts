import { dirname, join } from "node:path";
import { accountRootArn, roleArn } from "../../../core/iam";
import { isRecord } from "../../../core/json";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, githubOidcProviderArn } from "../../../features/ci-access/model";
import { contentId, memoTable, remember } from "./memo";
import { forAction, forService, serviceOf } from "./trim";
import { managedPolicy, type Statement, type World } from "./world";

/**
 * Asks the IAM simulator (@cloud-copilot/iam-simulate) whether a principal may make a request, given
 * every policy that applies: identity and managed policies, the permissions boundary, the resource
 * or key policy. The simulator and its IAM data (about 20 MB) load on the first question, never when
 * this module is imported: only environments with golive IAM pay for them. Each distinct request is
 * simulated once per process (memo.ts), with only the statements that can match its action (trim.ts).
 */

type Simulator = typeof import("@cloud-copilot/iam-simulate");
type PolicyParser = typeof import("@cloud-copilot/iam-policy");

let loaded: { simulate: Simulator; policy: PolicyParser } | undefined;
function simulator(): { simulate: Simulator; policy: PolicyParser } {
  if (!loaded) {
    // require, not import(): bin/golive.js resolves modules through its require hook (lib/runtime/register-ts.js).
    loaded = {
      simulate: require("@cloud-copilot/iam-simulate") as Simulator,
      policy: require("@cloud-copilot/iam-policy") as PolicyParser,
    };
    rememberResourceTypes(require.resolve("@cloud-copilot/iam-simulate"));
  }
  return loaded;
}

/**
 * Every simulated call looks up the resource types of its action and resource twice (the request's
 * type, then its context keys: `getResourceTypesForAction` in iam-simulate 0.1.x
 * dist/cjs/simulation_engine/resourceTypes.js), intersecting ARN pattern automata each time: a third
 * of a check's simulation. The answer depends only on the action and the resource, so it is kept per
 * pair: the simulator's own module is given a remembering version of the function, as its callers
 * read it from the module at each call. If a later version moves the function, nothing is replaced and
 * answers stay the same, only slower.
 */
function rememberResourceTypes(simulateIndex: string): void {
  let types: unknown;
  try {
    types = require(join(dirname(simulateIndex), "simulation_engine", "resourceTypes.js"));
  } catch {
    return;
  }
  if (!isRecord(types)) return;
  const original = types.getResourceTypesForAction;
  if (typeof original !== "function") return;
  const known = memoTable<unknown>();
  const remembering = (service: string, action: string, resource: string): unknown =>
    remember(known, JSON.stringify([service, action, resource]), () => original(service, action, resource));
  Object.assign(types, { getResourceTypesForAction: remembering });
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

/** One validator per kind of policy (a trust policy has its own rules). */
type PolicyKind = "identity" | "resource" | "trust";

function validator(kind: PolicyKind) {
  const { policy } = simulator();
  return kind === "identity"
    ? policy.validateIdentityPolicy
    : kind === "resource"
      ? policy.validateResourcePolicy
      : policy.validateTrustPolicy;
}

const validations = memoTable<{ readonly errors: readonly unknown[] }>();
const answers = memoTable<Promise<boolean>>();
const assumable = memoTable<boolean>();

/**
 * A policy validated once per action (and content), however many questions it takes part in: the
 * simulator reuses a ValidatedPolicy instead of validating and parsing the document on every call, and
 * is given only the statements that can match the action (forAction). What counts as an error is what
 * the statements of the action's service hold (unchanged from validating per service): a malformed
 * statement of that service fails every question about it, whichever action it names.
 */
function validated(doc: unknown, kind: "identity" | "resource", action: string): unknown {
  if (!isRecord(doc)) return doc;
  const id = contentId(doc);
  const { policy } = simulator();
  const ofTheService = remember(validations, JSON.stringify([kind, id, serviceOf(action)]), () =>
    policy.createValidatedPolicy(forService(doc, action), validator(kind)),
  );
  if (ofTheService.errors.length > 0) return ofTheService;
  return remember(validations, JSON.stringify([kind, id, action]), () =>
    policy.createValidatedPolicy(forAction(doc, action), validator(kind)),
  );
}

async function allows(actor: Actor, step: Step): Promise<boolean> {
  const { runSimulation } = simulator().simulate;
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
      identityPolicies: actor.identity.map((p) => ({ name: p.name, policy: validated(p.policy, "identity", step.action) })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(step.resourcePolicy !== undefined ? { resourcePolicy: validated(step.resourcePolicy, "resource", step.action) } : {}),
      ...(actor.boundary !== undefined
        ? { permissionBoundaryPolicies: [{ name: "boundary", policy: validated(actor.boundary, "identity", step.action) }] }
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

/** One simulated call per distinct request: questions share calls (the same key's decrypt), and so do checks of equal policies. */
function answer(actor: Actor, step: Step): Promise<boolean> {
  const key = JSON.stringify([
    actor.label,
    actor.principal,
    actor.principalArn,
    actor.accountId,
    actor.identity.map((p) => [p.name, contentId(p.policy)]),
    actor.boundary === undefined ? null : contentId(actor.boundary),
    step.action,
    step.resource,
    step.resourceAccount,
    step.resourcePolicy === undefined ? null : contentId(step.resourcePolicy),
    step.context ?? {},
  ]);
  return remember(answers, key, () => allows(actor, step));
}

/**
 * Allowed when any one of the actors (the roles one identity can become) may make every call; the
 * first denied call ends an actor's turn.
 */
export async function verdict(actors: readonly Actor[], steps: readonly Step[]): Promise<Verdict> {
  if (steps.length === 0) throw new Error("a question without a request would be allowed for anyone");
  for (const actor of actors) {
    let all = true;
    for (const step of steps) {
      if (await answer(actor, step)) continue;
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
      const trust = contentId(role.trust);
      const key = JSON.stringify([trust, role.name, role.arn, world.accountId, sub, aud]);
      return remember(assumable, key, () => {
        const validated = remember(validations, JSON.stringify(["trust", trust, role.name]), () =>
          policy.createValidatedPolicy(role.trust, validator("trust"), { name: `${role.name} trust` }),
        );
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
      });
    })
    .map((role) => role.name);
}
