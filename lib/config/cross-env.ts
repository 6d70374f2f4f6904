import type { ConfigIssue } from "../core/issues";
import { adminEnvironmentOf, defaultAdminEnvironment, githubEnvironmentKey, sameGithubEnvironment } from "../features/ci-access/schema";
import { promotionIssues } from "./promotion";
import type { AppConfig } from "./schema";
import { foreignNameIssues, nestedZoneIssues } from "./zone-overlap";

/** One environment's validated config and the file it came from (as errors name it). */
export interface LoadedEnvironment {
  readonly file: string;
  readonly cfg: AppConfig;
}

/** A conflict between environments, reported on the later file's field; the message names the earlier file's. */
export interface CrossEnvIssue {
  readonly file: string;
  readonly issue: ConfigIssue;
}

/**
 * Something only one environment may create (a zone, a bucket name, an account's GitHub OIDC provider):
 * `key` identifies it, `path` is the field that claims it.
 */
interface Claim {
  readonly key: string;
  readonly path: readonly (string | number)[];
  readonly value: string;
}

function at(path: readonly (string | number)[]): string {
  return path.join(".");
}

/** The later claims of a key an earlier environment already made, each as an issue built by `message`. */
function secondClaims(
  envs: readonly LoadedEnvironment[],
  claimsOf: (cfg: AppConfig) => readonly Claim[],
  message: (claim: Claim, first: LoadedEnvironment, firstClaim: Claim) => string,
): CrossEnvIssue[] {
  const first = new Map<string, { env: LoadedEnvironment; claim: Claim }>();
  const out: CrossEnvIssue[] = [];
  for (const env of envs) {
    for (const claim of claimsOf(env.cfg)) {
      const prev = first.get(claim.key);
      if (!prev) first.set(claim.key, { env, claim });
      else out.push({ file: env.file, issue: { path: claim.path, message: message(claim, prev.env, prev.claim) } });
    }
  }
  return out;
}

/**
 * The zone an environment's edge stack owns: by name, and by id when adopted. Each `edge-<env>` owns its
 * whole zone (the zone, its plan, settings, phase rulesets, DNSSEC and records), so two environments on
 * one zone would each create it, then overwrite each other's rulesets and records on every deploy. A
 * zone inside another environment's is refused too (zone-overlap.ts).
 */
function zoneClaims(cfg: AppConfig): Claim[] {
  const zone = cfg.cloudflare.zone;
  return [
    { key: `name:${zone.name}`, path: ["cloudflare", "zone", "name"], value: zone.name },
    ...(zone.id ? [{ key: `id:${zone.id}`, path: ["cloudflare", "zone", "id"], value: zone.id }] : []),
  ];
}

/** S3 bucket names are global: two bootstrap stacks creating one name make the second apply fail. */
function bucketClaims(cfg: AppConfig): Claim[] {
  const state = cfg.state;
  return state?.backend === "s3" && state.bootstrap ? [{ key: state.bucket, path: ["state", "bucket"], value: state.bucket }] : [];
}

/** IAM allows one OIDC provider per URL in an account: the second `create` fails with EntityAlreadyExists. */
function oidcClaims(cfg: AppConfig): Claim[] {
  const secrets = cfg.secrets;
  return secrets?.github?.oidcProvider === "create"
    ? [{ key: secrets.accountId, path: ["secrets", "github", "oidcProvider"], value: secrets.accountId }]
    : [];
}

const ADMIN_ENVIRONMENT = ["secrets", "github", "adminEnvironment"] as const;

/**
 * The GitHub environment whose jobs may assume an environment's admin-deploy role (`adminEnvironment`,
 * @default `<env>-admin`), keyed as GitHub tells environments apart, for environments with CI roles.
 */
function adminClaims(cfg: AppConfig): Claim[] {
  const github = cfg.secrets?.github;
  if (!github) return [];
  const admin = adminEnvironmentOf(github, cfg.environment);
  return [{ key: githubEnvironmentKey(admin), path: ADMIN_ENVIRONMENT, value: admin }];
}

/**
 * An admin environment that another environment deploys from: every environment's deploy jobs run in
 * the GitHub environment named like it (deploy.yml, deploy-environment.yml), so that environment's
 * deploys could administer this one's secrets. Its own name is validate.ts's (ci-access).
 */
function adminEnvironmentIsADeployEnvironment(envs: readonly LoadedEnvironment[], configured: readonly string[]): CrossEnvIssue[] {
  return envs.flatMap((e) =>
    adminClaims(e.cfg).flatMap((claim) => {
      const deployerOf = (name: string) => configured.find((other) => other !== e.cfg.environment && sameGithubEnvironment(other, name));
      const deployer = deployerOf(claim.value);
      if (deployer === undefined) return [];
      const byDefault = defaultAdminEnvironment(e.cfg.environment);
      const allowed = deployerOf(byDefault) ? "set secrets.github.adminEnvironment" : `such as ${byDefault} (the default)`;
      return [
        {
          file: e.file,
          issue: {
            path: claim.path,
            message: `"${claim.value}" is ${deployer}'s deploy environment (${deployer}.yaml: its deploy jobs run there), whose jobs would then administer this environment's secrets (GitHub environment names ignore case); allowed: an environment of its own with required reviewers, ${allowed}`,
          },
        },
      ];
    }),
  );
}

/**
 * Environments sharing a state bucket must agree on where it is: the backend of each stack names the
 * region, and the KMS key alias ARN names the account.
 */
function bucketPlacement(envs: readonly LoadedEnvironment[]): CrossEnvIssue[] {
  const placed = new Map<string, { env: LoadedEnvironment; region: string; accountId: string }>();
  const out: CrossEnvIssue[] = [];
  for (const env of envs) {
    const state = env.cfg.state;
    if (state?.backend !== "s3") continue;
    const prev = placed.get(state.bucket);
    if (!prev) {
      placed.set(state.bucket, { env, region: state.region, accountId: state.accountId });
      continue;
    }
    for (const [field, mine, theirs] of [
      ["region", state.region, prev.region],
      ["accountId", state.accountId, prev.accountId],
    ] as const) {
      if (mine !== theirs)
        out.push({
          file: env.file,
          issue: {
            path: ["state", field],
            message: `"${mine}", but ${prev.env.file} (state.${field}) puts the same state bucket "${state.bucket}" in "${theirs}"; allowed: "${theirs}", or a bucket of its own`,
          },
        });
    }
  }
  return out;
}

/**
 * Conflicts no single file shows: two environments owning one zone, or a zone inside another's (with a
 * name one environment declares in another's zone, zone-overlap.ts), bootstrapping one bucket name,
 * placing one bucket in two regions or accounts, or both creating their account's GitHub OIDC provider;
 * an admin environment (`secrets.github.adminEnvironment`) that another environment deploys from or
 * administers from;
 * a promotion order (`secrets.github.deployAfter`) naming an environment without a config file among
 * `configured` (@default the environments given), or making a cycle or a branch (promotion.ts).
 * Every issue is on the later environment's field (environments in the order given) and names the
 * earlier file and field; a name in another environment's zone is on the field that declares it.
 */
export function crossEnvironmentIssues(
  envs: readonly LoadedEnvironment[],
  configured: readonly string[] = envs.map((e) => e.cfg.environment),
): CrossEnvIssue[] {
  return [
    ...secondClaims(
      envs,
      zoneClaims,
      (c, first, fc) =>
        `"${c.value}" is also ${first.file}'s zone (${at(fc.path)}); each environment's edge stack owns its whole zone (the zone, its settings, rulesets and records), so both would create it and overwrite each other's; allowed: a zone of its own`,
    ),
    ...nestedZoneIssues(envs),
    ...foreignNameIssues(envs),
    ...secondClaims(
      envs,
      bucketClaims,
      (c, first) =>
        `"${c.value}" is also bootstrapped by ${first.file} (state.bucket, state.bootstrap: true); bucket names are global, so the second bootstrap apply fails; allowed: state.bootstrap: false here (its stacks then deploy after bootstrap-${first.cfg.environment}), or another bucket name`,
    ),
    ...bucketPlacement(envs),
    ...secondClaims(
      envs,
      oidcClaims,
      (c, first) =>
        `"create" in AWS account ${c.value}, where ${first.file} (secrets.github.oidcProvider) already creates the GitHub OIDC provider; an account holds one, so the second access apply fails; allowed: "existing" here (access-<env> then deploys after access-${first.cfg.environment})`,
    ),
    ...adminEnvironmentIsADeployEnvironment(envs, configured),
    ...secondClaims(
      envs,
      adminClaims,
      (c, first) =>
        `"${c.value}" is also ${first.file}'s admin environment (secrets.github.adminEnvironment, default <env>-admin); the admin deploys of one environment would then administer the other's secrets; allowed: an environment of its own with required reviewers`,
    ),
    ...promotionIssues(envs, configured),
  ];
}

/** The environment that creates what `cfg` shares with it, if it is among `envs`. */
export interface SharedCreator {
  /** The stack kind of `cfg` that needs the creator's stack first. */
  readonly kinds: "all" | readonly string[];
  readonly creatorEnvironment: string;
  readonly creatorKind: string;
  readonly reason: string;
}

/**
 * What an environment uses but another one creates: the state bucket another environment bootstraps
 * (every stack keeps its state there), the GitHub OIDC provider another environment creates (the CI
 * roles' trust names it). Deploying them first is what makes `bootstrap: false` and `existing` work.
 */
export function sharedCreators(cfg: AppConfig, envs: readonly AppConfig[]): SharedCreator[] {
  const out: SharedCreator[] = [];
  const state = cfg.state;
  if (state?.backend === "s3" && !state.bootstrap) {
    const creator = envs.find((e) => e.state?.backend === "s3" && e.state.bootstrap && e.state.bucket === state.bucket);
    if (creator)
      out.push({
        kinds: "all",
        creatorEnvironment: creator.environment,
        creatorKind: "bootstrap",
        reason: `state bucket ${state.bucket}`,
      });
  }
  const github = cfg.secrets?.github;
  if (cfg.secrets && github?.oidcProvider === "existing") {
    const account = cfg.secrets.accountId;
    const creator = envs.find((e) => e.secrets?.accountId === account && e.secrets.github?.oidcProvider === "create");
    if (creator)
      out.push({
        kinds: ["access"],
        creatorEnvironment: creator.environment,
        creatorKind: "access",
        reason: `GitHub OIDC provider of account ${account}`,
      });
  }
  return out;
}
