import type { AppConfig } from "../../../config/schema";
import { STACK_APPLIERS } from "../../../platform/backend-model";
import { CI_ROLE_KINDS, desiredSecrets } from "../../../features/secrets/model";
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
}

export function intendedReaders(cfg: AppConfig): IntendedReaders {
  const ci = cfg.secrets?.github !== undefined;
  const administrators = (cfg.secrets?.administrators ?? []).map((arn): Grantee => ({ kind: "administrator", arn }));
  const secrets = new Map(
    desiredSecrets(cfg).map((s) => [
      s.secretName,
      [
        ...s.readers.map((name): Grantee => ({ kind: "runtime", name })),
        ...(s.webhookUrl ? [...(ci ? [{ kind: "ci", role: "deploy" } as const] : []), ...administrators] : []),
      ],
    ]),
  );
  const kinds = Object.keys(STACK_APPLIERS).filter((k) => k !== "bootstrap");
  const state = new Map(
    kinds.map((kind) => [
      kind,
      [
        ...(ci ? CI_ROLE_KINDS.filter((role) => stateKindsOf(role).includes(kind)).map((role): Grantee => ({ kind: "ci", role })) : []),
        ...administrators,
      ],
    ]),
  );
  return { secrets, state };
}

function same(a: Grantee, b: Grantee): boolean {
  if (a.kind === "ci" && b.kind === "ci") return a.role === b.role;
  if (a.kind === "runtime" && b.kind === "runtime") return a.name === b.name;
  return a.kind === "administrator" && b.kind === "administrator" && a.arn === b.arn;
}

/** An identity is meant to read what any principal it is meant to be may read. */
export function isIntended(identity: Identity, grantees: readonly Grantee[]): boolean {
  return identity.as.some((a) => grantees.some((g) => same(a, g)));
}
