/**
 * The GitHub Actions roles of `access-<env>`, by blast radius: `plan` (pull requests: read-only, no
 * secret-holding state), `plan-main` (main: read-only, all state), `deploy` (the everyday stacks) and
 * `admin-deploy` (`secrets-<env>`, from a GitHub environment with reviewers). The ci-access concern
 * creates them and the secrets and state policies name them, while ci-access imports both of those:
 * so the list sits here, below every concern, and no two concerns import each other round a loop.
 * ciRoleName (lib/features/ci-access/model.ts) names them.
 */
export const CI_ROLE_KINDS = ["plan", "plan-main", "deploy", "admin-deploy"] as const;
export type CiRoleKind = (typeof CI_ROLE_KINDS)[number];
