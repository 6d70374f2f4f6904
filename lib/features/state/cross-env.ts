import type { AppConfig } from "../../config/schema";
import { type Claim, secondClaims } from "../../core/claims";
import type { CrossEnvIssue, LoadedEnvironment, SharedCreator } from "../../platform/feature";

/** S3 bucket names are global: two bootstrap stacks creating one name make the second apply fail. */
function bucketClaims(cfg: AppConfig): Claim[] {
  const state = cfg.state;
  return state?.backend === "s3" && state.bootstrap ? [{ key: state.bucket, path: ["state", "bucket"], value: state.bucket }] : [];
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

/** Two environments bootstrapping one bucket name, or placing one bucket in two regions or accounts. */
export function stateCrossEnvironmentIssues(envs: readonly LoadedEnvironment[]): CrossEnvIssue[] {
  return [
    ...secondClaims(
      envs,
      bucketClaims,
      (c, first) =>
        `"${c.value}" is also bootstrapped by ${first.file} (state.bucket, state.bootstrap: true); bucket names are global, so the second bootstrap apply fails; allowed: state.bootstrap: false here (its stacks then deploy after bootstrap-${first.cfg.environment}), or another bucket name`,
    ),
    ...bucketPlacement(envs),
  ];
}

/** The environment that bootstraps the state bucket `cfg` keeps its state in without bootstrapping it. */
export function stateBucketCreator(cfg: AppConfig, envs: readonly AppConfig[]): SharedCreator | undefined {
  const state = cfg.state;
  if (state?.backend !== "s3" || state.bootstrap) return undefined;
  const creator = envs.find((e) => e.state?.backend === "s3" && e.state.bootstrap && e.state.bucket === state.bucket);
  return creator ? { environment: creator.environment, reason: `state bucket ${state.bucket}` } : undefined;
}
