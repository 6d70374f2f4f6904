import { z } from "zod";
import { EnvironmentName, limitedList } from "../../core/fields";

/**
 * A managed policy of the standard partition: golive builds every other ARN of these roles (trust,
 * boundary, denies) as `arn:aws:` (lib/core/aws-fields.ts), so a GovCloud or China policy would sit in
 * roles whose other ARNs never match its partition.
 */
const ManagedPolicyArn = z
  .string()
  .refine((arn) => !/^arn:aws-[a-z-]+:/.test(arn), {
    message:
      "is not in the standard aws partition; golive builds ARNs of the standard aws partition only (GovCloud and China are not supported); allowed: an ARN beginning arn:aws:iam::",
    abort: true,
  })
  // The pattern is the JSON Schema's too (config/golive.schema.json): the refine above refuses other partitions.
  .regex(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[A-Za-z0-9+=,.@_/-]{1,512}$/, "must be an IAM policy ARN");

/** `secrets.github`: GitHub Actions OIDC credentials (`access-<env>` stack). Omit to create no CI roles. */
export const GithubConfig = z.strictObject({
  /**
   * `<org>/<repo>` whose workflows may assume the plan and deploy roles. GitHub's owner names: 1-39
   * letters, digits and single hyphens, neither first nor last; repository names: letters, digits, `.`,
   * `_`, `-`, at most 100, never `.` or `..`. Another shape is a trust no token's `sub` ever matches.
   */
  repository: z
    .string()
    .regex(
      /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/,
      "must be <org>/<repo> such as example-org/opsbot (a GitHub owner: letters, digits and single hyphens inside, at most 39; a repository: letters, digits, . _ -, at most 100)",
    ),
  /**
   * The GitHub OIDC provider exists once per AWS account: `create` it here, or use the `existing`
   * one (when another environment in the same account created it). @default "create"
   */
  oidcProvider: z.enum(["create", "existing"]).default("create"),
  /**
   * Where deploys run from: the protected GitHub `environment` named like this env (reviewers, wait
   * timers), the only choice. `main` is refused: deploy-environment.yml, rollback.yml and release.yml
   * run in that environment (their tokens' `sub` is `environment:<env>`, which a main-branch trust
   * never matches), and a main-branch trust lets every job on main without an environment (drift.yml)
   * assume the deploy role. @default "environment"
   */
  deployFrom: z
    .literal("environment", {
      error:
        "allowed: environment; the deploy workflows run in the GitHub environment named like this environment (their token never says main), and a main-branch trust would let every job on main deploy",
    })
    .default("environment"),
  /**
   * The promotion order: the deploy workflow deploys this environment only after this other
   * environment's deploy succeeded (production: `deployAfter: staging`). With more than one
   * environment, all but the first name the one before them, one chain; the order is in the reviewed
   * config, not in a repository setting. Must be another environment with a config file, no cycle
   * (lib/config/promotion.ts). @default none: deployed first
   */
  deployAfter: EnvironmentName.optional(),
  /**
   * The GitHub environment the `<app>-<env>-admin-deploy` role trusts (it applies `secrets-<env>`:
   * key, secret and runtime-role policies). Give it required reviewers. Not an environment other
   * jobs run in: a deploy environment (this one's or another's, named like an environment with a
   * config file), `plan-review`, or another environment's admin environment (validate.ts,
   * lib/config/cross-env.ts). @default "<env>-admin"
   */
  adminEnvironment: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "must be a GitHub environment name such as production-admin")
    .optional(),
  /**
   * Managed policies of the admin-deploy role, which refreshes `secrets-<env>` with them. The plan roles
   * carry none: they read only the services of the stacks they plan (FeatureStack.awsServices,
   * plan-reads.ts), so a pull request reads no application data. @default ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
   */
  adminDeployPolicyArns: limitedList(ManagedPolicyArn, 20, "managed policies (IAM attaches at most 20 to a role)").default([
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
  ]),
  /**
   * Renamed `adminDeployPolicyArns`, refused by name: its policies were the admin-deploy role's, not the
   * plan roles', so a policy added here for plans widened the role that applies secrets instead.
   */
  planPolicyArns: z
    .never({
      error:
        "renamed adminDeployPolicyArns: these are the admin-deploy role's managed policies (the plan roles carry none; they read only what their stacks plan); allowed: rename the key, and move any policy meant for plans out of it",
    })
    .optional(),
  /** Managed policies of the deploy role (IAM for this app's roles is added inline). @default ["arn:aws:iam::aws:policy/PowerUserAccess"] */
  deployPolicyArns: limitedList(ManagedPolicyArn, 20, "managed policies (IAM attaches at most 20 to a role)").default([
    "arn:aws:iam::aws:policy/PowerUserAccess",
  ]),
});
export type GithubConfig = z.infer<typeof GithubConfig>;

/** `<env>-admin`: the admin environment unless `adminEnvironment` names another (deploy-admin.yml uses this one). */
export function defaultAdminEnvironment(env: string): string {
  return `${env}-admin`;
}

/** The GitHub environment the admin-deploy role trusts. */
export function adminEnvironmentOf(github: GithubConfig, env: string): string {
  return github.adminEnvironment ?? defaultAdminEnvironment(env);
}

/**
 * One GitHub environment, however its name is cased: GitHub environment names ignore case
 * (docs.github.com, "Managing environments for deployment": "Environment names are not case
 * sensitive"), so `Staging` is staging's environment, with its reviewers and rules.
 */
export function githubEnvironmentKey(name: string): string {
  return name.toLowerCase();
}

export function sameGithubEnvironment(a: string, b: string): boolean {
  return githubEnvironmentKey(a) === githubEnvironmentKey(b);
}
