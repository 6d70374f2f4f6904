import type { AppConfig } from "../../../config/schema";
import { trustedSubjects } from "../../../features/ci-access/model";
import { CI_ROLE_KINDS, type CiRoleKind } from "../../../core/ci-roles";
import { adminEnvironmentOf } from "../../../features/ci-access/schema";
import { runtimeRoleName } from "../../../features/secrets/model";
import { type Actor, adminActor, roleActor, rolesAssumableBy, rootUserActor } from "./simulate";
import type { World } from "./world";

/** What config means a principal to be; intended access is granted to these (intended.ts). */
export type Grantee =
  | { readonly kind: "ci"; readonly role: CiRoleKind }
  | { readonly kind: "runtime"; readonly name: string }
  | { readonly kind: "administrator"; readonly arn: string }
  /** Whoever administers the account without a golive policy naming them: an AdministratorAccess principal, the root user. */
  | { readonly kind: "account-wide" };

/**
 * A principal golive knows, by what it is rather than by role: a GitHub Actions token becomes
 * whatever roles the synthesized trust policies let its `sub` assume (evaluated, so a widened trust
 * shows), while config says which roles it is meant to become (`as`).
 */
export interface Identity {
  /** Stable key: `pull-request`, `main-branch`, `deploy-environment`, `admin-environment`, `runtime:<name>`, `administrator:<arn>`, `account-administrator`, `root-user`, `other-account`. */
  readonly id: string;
  readonly label: string;
  readonly as: readonly Grantee[];
  readonly actors: (world: World) => Actor[];
}

/** Another account's administrator, for "nobody outside the account" (a documentation account id). */
export const OTHER_ACCOUNT = "999999999999";

function githubIdentities(cfg: AppConfig): Identity[] {
  const github = cfg.secrets?.github;
  if (!github) return [];
  const repo = `repo:${github.repository}`;
  const env = cfg.environment;
  const admin = adminEnvironmentOf(github, env);
  const tokens: [id: string, label: string, sub: string][] = [
    ["pull-request", "pull request", `${repo}:pull_request`],
    ["main-branch", "main branch", `${repo}:ref:refs/heads/main`],
    ["deploy-environment", `GitHub environment ${env}`, `${repo}:environment:${env}`],
    ["admin-environment", `GitHub environment ${admin}`, `${repo}:environment:${admin}`],
  ];
  return tokens.map(([id, label, sub]) => ({
    id,
    label,
    as: CI_ROLE_KINDS.filter((kind) => trustedSubjects(github, env, kind).includes(sub)).map((role) => ({ kind: "ci", role })),
    actors: (world) => rolesAssumableBy(world, sub).map((name) => roleActor(world, name)),
  }));
}

/** Every principal `golive check` asks about, from config. */
export function knownIdentities(cfg: AppConfig): Identity[] {
  const runtime = (cfg.secrets?.runtimeRoles ?? []).map(
    (r): Identity => ({
      id: `runtime:${r.name}`,
      label: `runtime role ${runtimeRoleName(cfg, r.name)}`,
      as: [{ kind: "runtime", name: r.name }],
      actors: (world) => (world.roles.has(runtimeRoleName(cfg, r.name)) ? [roleActor(world, runtimeRoleName(cfg, r.name))] : []),
    }),
  );
  const administrators = (cfg.secrets?.administrators ?? []).map(
    (arn): Identity => ({
      id: `administrator:${arn}`,
      label: `administrator ${arn}`,
      as: [{ kind: "administrator", arn }],
      actors: (world) => [adminActor(`administrator ${arn}`, world.accountId, arn)],
    }),
  );
  return [
    ...githubIdentities(cfg),
    ...runtime,
    ...administrators,
    {
      id: "account-administrator",
      label: "account administrator (AdministratorAccess, named by no golive policy)",
      as: [{ kind: "account-wide" }],
      actors: (world) => [adminActor("account administrator", world.accountId, "someone-admin")],
    },
    { id: "root-user", label: "account root user", as: [{ kind: "account-wide" }], actors: (world) => [rootUserActor(world)] },
    {
      id: "other-account",
      label: `another account (${OTHER_ACCOUNT}, AdministratorAccess)`,
      as: [],
      actors: () => [adminActor("another account's administrator", OTHER_ACCOUNT, "outsider")],
    },
  ];
}
