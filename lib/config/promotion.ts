import type { CrossEnvIssue, LoadedEnvironment } from "./cross-env";
import { type DeployAfter, promotionBranches, promotionChain, promotionCycles } from "./promotion-order";

const FIELD = ["secrets", "github", "deployAfter"] as const;

function deployAfterOf(envs: readonly LoadedEnvironment[]): DeployAfter {
  return new Map(envs.map((e) => [e.cfg.environment, e.cfg.secrets?.github?.deployAfter ?? null]));
}

/** A name with no config file: the deploy workflow could never deploy this environment. */
function unknownNames(envs: readonly LoadedEnvironment[], configured: readonly string[]): CrossEnvIssue[] {
  return envs.flatMap((e) => {
    const after = e.cfg.secrets?.github?.deployAfter;
    if (after === undefined || after === e.cfg.environment || configured.includes(after)) return [];
    const others = configured.filter((n) => n !== e.cfg.environment);
    const allowed =
      others.length > 0
        ? `allowed: ${others.join(", ")} (the environment deployed before this one)`
        : "no other environment has a config file, so remove the field";
    return [
      { file: e.file, issue: { path: FIELD, message: `"${after}" has no config file (${after}.yaml next to this one); ${allowed}` } },
    ];
  });
}

/** A cycle (two or more environments; one after itself is a rule of its own file): none of them could be deployed first. */
function cycles(envs: readonly LoadedEnvironment[], deployAfter: DeployAfter): CrossEnvIssue[] {
  const fileOf = new Map(envs.map((e) => [e.cfg.environment, e.file]));
  return promotionCycles(deployAfter)
    .filter((cycle) => cycle.length > 1)
    .flatMap((cycle) => {
      // On the later file, as every cross-environment issue: the one that closed the cycle.
      const last = envs.filter((e) => cycle.includes(e.cfg.environment)).at(-1);
      if (!last) return [];
      const links = cycle.map((env) => `${env} after ${deployAfter.get(env)} (${fileOf.get(env)})`).join(", ");
      return [
        {
          file: last.file,
          issue: {
            path: FIELD,
            message: `"${deployAfter.get(last.cfg.environment)}" closes a cycle: ${links}; allowed: no deployAfter on the one environment deployed first, each other one after the one before it`,
          },
        },
      ];
    });
}

/**
 * Two environments deployed after the same one: the deploy workflow runs one environment at a time, so
 * it could not tell which goes next. Reported on each later follower, proposing the end of the first
 * follower's chain.
 */
function branches(envs: readonly LoadedEnvironment[], deployAfter: DeployAfter): CrossEnvIssue[] {
  return promotionBranches(deployAfter).flatMap((branch) => {
    const [first, ...later] = envs.filter((e) => branch.followers.includes(e.cfg.environment));
    if (!first) return [];
    const chain = [branch.after, ...promotionChain(deployAfter, first.cfg.environment)];
    return later.map((e) => ({
      file: e.file,
      issue: {
        path: FIELD,
        message: `"${branch.after}", as ${first.file} (secrets.github.deployAfter) already is; the deploy workflow deploys one environment after another, so allowed: "${chain.at(-1)}" (the end of ${chain.join(" -> ")}), or another order that makes one chain`,
      },
    }));
  });
}

/**
 * The promotion order across environments (`secrets.github.deployAfter`): each name has a config file
 * (`configured`: every environment with one, loaded or not), and among the loaded environments no
 * cycle and no two deployed after the same one. A missing order is not refused here: one environment
 * needs none, and the deploy workflow's matrix job names the field to set when it cannot tell.
 */
export function promotionIssues(envs: readonly LoadedEnvironment[], configured: readonly string[]): CrossEnvIssue[] {
  const deployAfter = deployAfterOf(envs);
  return [...unknownNames(envs, configured), ...cycles(envs, deployAfter), ...branches(envs, deployAfter)];
}
