import type { AppConfig } from "../../../config/schema";
import { FEATURE_STACKS } from "../../../features";
import { CI_ROLE_KINDS } from "../../../core/ci-roles";
import { stackName } from "../../../core/names";
import { desiredSecrets } from "../../../features/secrets/model";
import { stateKindsOf } from "../../../features/state/bucket-policy";
import type { Grantee, Identity } from "./identities";

/**
 * Who is meant to read each secret and each state object, from config and the same model the
 * policies are built from: a secret's `readers` (runtime roles), plus the deploy role and
 * `secrets.administrators` for an alert webhook URL; a state object, the CI roles that plan or apply
 * its stack (stateKindsOf) and the administrators. The one statement of intent: `golive check`
 * blocks on any reader outside it, and the access-matrix test expects exactly it.
 */
export interface IntendedReaders {
  /** By secret name (`<app>/<env>/<name>`). */
  readonly secrets: ReadonlyMap<string, readonly Grantee[]>;
  /** By stack kind (`edge`). */
  readonly state: ReadonlyMap<string, readonly Grantee[]>;
  /**
   * The alert webhook URLs as SNS returns them (subscription endpoints of the alert topic): those
   * who read them anyway (the deploy role, which subscribes them, and the administrators, from their
   * secrets; the main-branch plan role, from monitoring state), and whoever administers the account,
   * since SNS takes no resource policy for a subscription's attributes or the account's listing.
   */
  readonly webhookEndpoints: readonly Grantee[];
}

/** The stacks with a state object, as the registry declares them (the one creating the state backend keeps its state local). */
const STATE_STACKS = FEATURE_STACKS.filter((s) => !s.createsStateBackend);

function administratorsOf(cfg: AppConfig): Grantee[] {
  return (cfg.secrets?.administrators ?? []).map((arn): Grantee => ({ kind: "administrator", arn }));
}

export function intendedReaders(cfg: AppConfig): IntendedReaders {
  const ci = cfg.secrets?.github !== undefined;
  const administrators = administratorsOf(cfg);
  const secrets = new Map(
    desiredSecrets(cfg).map((s) => [
      s.secretName,
      [
        ...s.readers.map((name): Grantee => ({ kind: "runtime", name })),
        ...(s.webhookUrl ? [...(ci ? [{ kind: "ci", role: "deploy" } as const] : []), ...administrators] : []),
      ],
    ]),
  );
  const state = new Map(
    STATE_STACKS.map(({ kind }) => [
      kind,
      [
        ...(ci
          ? CI_ROLE_KINDS.filter((role) => stateKindsOf(role, FEATURE_STACKS).includes(kind)).map((role): Grantee => ({ kind: "ci", role }))
          : []),
        ...administrators,
      ],
    ]),
  );
  const webhookEndpoints: Grantee[] = [
    ...(ci ? (["deploy", "plan-main"] as const).map((role): Grantee => ({ kind: "ci", role })) : []),
    ...administrators,
    { kind: "account-wide" },
  ];
  return { secrets, state, webhookEndpoints };
}

/**
 * Who applies each stack kind, and so must be able to write its state (its `appliedBy`): its CI role,
 * or, for a stack applied by hand (`access`; every stack without `secrets.github`), the
 * administrators. Empty: config names nobody who could deploy the stack, which `golive check` blocks on.
 */
export function intendedAppliers(cfg: AppConfig): ReadonlyMap<string, readonly Grantee[]> {
  const ci = cfg.secrets?.github !== undefined;
  const administrators = administratorsOf(cfg);
  return new Map(
    STATE_STACKS.map(({ kind, appliedBy }) => [
      kind,
      ci && appliedBy !== "administrator" ? [{ kind: "ci", role: appliedBy } as const] : administrators,
    ]),
  );
}

/**
 * Whether config means an identity to be able to take over (takeover.ts) a golive role declared by
 * the stack `stack` (`<kind>-<env>`), and so to read what the role reads: whoever administers the
 * account, since IAM takes no resource policy on a role and no policy golive writes can stop
 * AdministratorAccess (an SCP can: docs/secrets-and-credentials.md), and whoever applies that stack,
 * who writes the role's trust by deploying it (the admin-deploy role over the runtime roles
 * `secrets-<env>` declares). Anyone else able to is a leak `golive check` blocks on.
 */
export function intendedTakeovers(cfg: AppConfig): (identity: Identity, stack: string) => boolean {
  const appliers = intendedAppliers(cfg);
  const kindOf = new Map(STATE_STACKS.map(({ kind }) => [stackName(kind, cfg.environment), kind]));
  return (identity, stack) =>
    identity.as.some((g) => g.kind === "account-wide" || g.kind === "administrator") ||
    isIntended(identity, appliers.get(kindOf.get(stack) ?? "") ?? []);
}

function same(a: Grantee, b: Grantee): boolean {
  if (a.kind === "ci" && b.kind === "ci") return a.role === b.role;
  if (a.kind === "runtime" && b.kind === "runtime") return a.name === b.name;
  if (a.kind === "administrator" && b.kind === "administrator") return a.arn === b.arn;
  return a.kind === "account-wide" && b.kind === "account-wide";
}

/** An identity is meant to read what any principal it is meant to be may read. */
export function isIntended(identity: Identity, grantees: readonly Grantee[]): boolean {
  return identity.as.some((a) => grantees.some((g) => same(a, g)));
}
