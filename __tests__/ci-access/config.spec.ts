import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { crossEnvironmentIssues } from "../../lib/engines/config/cross-env";
import { formatPath } from "../../lib/core/issues";
import { validateConfigData } from "../../lib/engines/config/load";
import { golive, tempDir } from "../helpers/cli";
import { type ConfigEdit, configErrorText, editedInput, exampleConfig, inputErrorText } from "../helpers/example-config";

const PROD = "config/production.yaml";
const STAGING = "config/staging.yaml";
const ADMIN = ["secrets", "github", "adminEnvironment"] as const;

/** Cross-environment issues of production and staging (the examples after `edits`), one line each as errors print them. */
function conflicts(production: readonly ConfigEdit[], staging: readonly ConfigEdit[] = [], configured?: readonly string[]): string[] {
  return crossEnvironmentIssues(
    [
      { file: PROD, cfg: exampleConfig(production) },
      { file: STAGING, cfg: exampleConfig(staging, "staging") },
    ],
    configured,
  ).map((c) => `${c.file}: ${formatPath(c.issue.path)}: ${c.issue.message}`);
}

/*
 * The admin-deploy role (it administers the secrets key and the secrets' policies) trusts every job
 * of its GitHub environment: one where other jobs run, a deploy environment above all, would hand
 * those jobs this environment's secrets.
 */
describe("secrets.github.adminEnvironment", () => {
  test("fails on this environment's own deploy environment, in any case, in one line naming the field", () => {
    const line = (given: string) =>
      `config/production.yaml: secrets.github.adminEnvironment: "${given}" is this environment's deploy environment (deploy-environment.yml, rollback.yml and release.yml run there; the deploy role trusts it), whose jobs would then administer this environment's secrets (GitHub environment names ignore case); allowed: an environment of its own with required reviewers, such as production-admin (the default)`;
    expect(configErrorText([[ADMIN, "production"]])).toBe(line("production"));
    expect(configErrorText([[ADMIN, "Production"]])).toBe(line("Production"));
  });

  test("fails on the plan review's environment", () => {
    expect(configErrorText([[ADMIN, "plan-review"]], "staging")).toBe(
      `config/staging.yaml: secrets.github.adminEnvironment: "plan-review" is the plan review's environment (pr-review.yml and review.yml run there, without reviewers), whose jobs would then administer this environment's secrets (GitHub environment names ignore case); allowed: an environment of its own with required reviewers, such as staging-admin (the default)`,
    );
  });

  test("an environment of its own, and the default, still load", () => {
    expect(configErrorText([[ADMIN, "prod-approvals"]])).toBe("");
    expect(configErrorText([[ADMIN, undefined]])).toBe("");
    expect(conflicts([])).toEqual([]);
  });

  test("fails when production's admin environment is staging's deploy environment (staging's deploys would administer production's secrets)", () => {
    expect(conflicts([[ADMIN, "staging"]])).toEqual([
      `${PROD}: secrets.github.adminEnvironment: "staging" is staging's deploy environment (staging.yaml: its deploy jobs run there), whose jobs would then administer this environment's secrets (GitHub environment names ignore case); allowed: an environment of its own with required reviewers, such as production-admin (the default)`,
    ]);
    expect(conflicts([[ADMIN, "STAGING"]])).toHaveLength(1);
  });

  test("fails when the default <env>-admin is another environment's deploy environment, asking for a name", () => {
    expect(conflicts([], [], ["production", "staging", "production-admin"])).toEqual([
      expect.stringMatching(
        /^config\/production\.yaml: secrets\.github\.adminEnvironment: "production-admin" is production-admin's deploy environment .*allowed: an environment of its own with required reviewers, set secrets\.github\.adminEnvironment$/,
      ),
    ]);
  });

  test("fails when two environments share an admin environment", () => {
    expect(conflicts([], [[ADMIN, "production-admin"]])).toEqual([
      `${STAGING}: secrets.github.adminEnvironment: "production-admin" is also ${PROD}'s admin environment (secrets.github.adminEnvironment, default <env>-admin); the admin deploys of one environment would then administer the other's secrets; allowed: an environment of its own with required reviewers`,
    ]);
  });

  test("fails golive synth production when its admin environment is staging: exit 1, one line, nothing written", async () => {
    const cwd = tempDir("golive-admin-environment-");
    mkdirSync(join(cwd, "config"));
    writeFileSync(join(cwd, "config", "production.yaml"), stringify(editedInput([[ADMIN, "staging"]])));
    writeFileSync(join(cwd, "config", "staging.yaml"), stringify(editedInput([], "staging")));
    const run = await golive(["synth", "production"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter((l) => l.includes("adminEnvironment"))).toEqual([
      expect.stringMatching(/^config\/production\.yaml: secrets\.github\.adminEnvironment: "staging" is staging's deploy environment /),
    ]);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });
});

/*
 * An audit (iam-simulate 0.1.173) found that with production and production-eu in one account,
 * production's admin-deploy role could give production-eu's roles its own boundary and then re-trust,
 * rewrite or delete them: role writes are scoped by `role/<app>-<env>-*`, which takes in the longer prefix.
 */
describe("role prefixes of environments in one AWS account", () => {
  /** Staging moved into production's account (111111111111), under the environment name `env`. */
  const inProdAccount = (env: string, app = "opsbot"): ConfigEdit[] => [
    [["app"], app],
    [["environment"], env],
    [["secrets", "accountId"], "111111111111"],
    [["secrets", "writers"], ["arn:aws:iam::111111111111:role/opsbot-secret-operators"]],
    [["secrets", "github", "oidcProvider"], "existing"],
  ];
  /** Each environment loaded from a file named after it, as the config folder holds them. */
  const loaded = (edits: readonly ConfigEdit[], example: string) => {
    const input = editedInput(edits, example);
    const file = `config/${String((input as { environment: unknown }).environment)}.yaml`;
    return { file, cfg: validateConfigData(file, input) };
  };
  const prefixLines = (staging: readonly ConfigEdit[], production: readonly ConfigEdit[] = []) =>
    crossEnvironmentIssues([loaded(production, "production"), loaded(staging, "staging")])
      .map((c) => `${c.file}: ${formatPath(c.issue.path)}: ${c.issue.message}`)
      .filter((l) => l.includes(": environment: "));

  test("fails when one environment's <app>-<env>- prefix starts the other's, in one line naming both environments and the field", () => {
    const EU = "config/production-eu.yaml";
    expect(prefixLines(inProdAccount("production-eu"))).toEqual([
      `${EU}: environment: "production-eu": in AWS account 111111111111 (secrets.accountId), roles opsbot-production-eu-* of production-eu (${EU}) fall under opsbot-production-* of production (${PROD}), whose admin-deploy role and boundary allow role writes there: it could re-trust, rewrite or delete the other's CI and runtime roles; allowed: another AWS account, or environment names where neither <app>-<env>- prefix starts the other`,
    ]);
  });

  test("fails when the app names make the prefixes overlap: app opsbot env eu-west beside app opsbot-eu env west", () => {
    expect(prefixLines(inProdAccount("west", "opsbot-eu"), [[["environment"], "eu-west"]])).toEqual([
      expect.stringMatching(
        /^config\/west\.yaml: environment: "west": in AWS account 111111111111 \(secrets\.accountId\), roles opsbot-eu-west-\* of /,
      ),
    ]);
  });

  test("names that only share letters (productions beside production), and the same names in other accounts, load", () => {
    expect(prefixLines(inProdAccount("productions"))).toEqual([]);
    expect(prefixLines(inProdAccount("staging"))).toEqual([]);
    expect(prefixLines([[["environment"], "production-eu"]])).toEqual([]);
  });
});

describe("CI role names", () => {
  // 31 characters (the longest app) and 21 (the longest environment): `<app>-<env>-admin-deploy` has 66.
  const APP = "opsbot-customer-support-chatbot";
  const ENV = "eu-production-primary";
  const longNames = (app: string, edits: readonly ConfigEdit[] = []) =>
    inputErrorText(editedInput([[["app"], app], [["environment"], ENV], ...edits]), `config/${ENV}.yaml`)
      .split("\n")
      .filter((l) => l.startsWith(`config/${ENV}.yaml: app:`));

  test("fails when app and environment make a CI role name longer than IAM's 64 characters, naming app and the longest", () => {
    expect(longNames(APP)).toEqual([
      `config/${ENV}.yaml: app: "${APP}" with environment "${ENV}" makes the CI role name "${APP}-${ENV}-admin-deploy" 66 characters; IAM allows at most 64; allowed: an app name of at most 29 characters`,
    ]);
  });

  test("64 characters load, and without secrets.github there is no CI role to name", () => {
    expect(longNames(APP.slice(0, 29))).toEqual([]);
    expect(longNames(APP, [[["secrets", "github"], undefined]])).toEqual([]);
  });
});

describe("managed policies of the CI roles", () => {
  test("fail outside the standard partition, in one line naming the field", () => {
    const govCloud = "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess";
    expect(configErrorText([[["secrets", "github", "adminDeployPolicyArns"], [govCloud]]])).toBe(
      `config/production.yaml: secrets.github.adminDeployPolicyArns[0]: is not in the standard aws partition; golive builds ARNs of the standard aws partition only (GovCloud and China are not supported); allowed: an ARN beginning arn:aws:iam::; got "${govCloud}"`,
    );
    expect(configErrorText([[["secrets", "github", "deployPolicyArns"], ["arn:aws-cn:iam::aws:policy/PowerUserAccess"]]])).toMatch(
      /^config\/production\.yaml: secrets\.github\.deployPolicyArns\[0\]: is not in the standard aws partition;/,
    );
  });

  test("planPolicyArns, renamed adminDeployPolicyArns, is refused by name: its policies never reached the plan roles", () => {
    expect(configErrorText([[["secrets", "github", "planPolicyArns"], ["arn:aws:iam::aws:policy/ReadOnlyAccess"]]])).toMatch(
      /^config\/production\.yaml: secrets\.github\.planPolicyArns: renamed adminDeployPolicyArns: these are the admin-deploy role's managed policies \(the plan roles carry none; [^\n]*allowed: rename the key/,
    );
  });

  test("the standard partition's managed and customer policies load", () => {
    const arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::111111111111:policy/admin-extra"];
    expect(configErrorText([[["secrets", "github", "adminDeployPolicyArns"], arns]])).toBe("");
  });
});

describe("secrets.github.repository", () => {
  test.each(["-org/repo", "org-/repo", "o--rg/repo", `${"a".repeat(40)}/repo`, "org/.", "org/..", "org/re po", "org/"])(
    "fails for %j, naming the field and GitHub's name rules",
    (repository) => {
      expect(configErrorText([[["secrets", "github", "repository"], repository]])).toMatch(
        /^config\/production\.yaml: secrets\.github\.repository: must be <org>\/<repo> such as example-org\/opsbot \(a GitHub owner: /,
      );
    },
  );

  test.each(["example-org/opsbot", "a/b", "A1-b2/.github", `${"a".repeat(39)}/${"r".repeat(100)}`, "org/re.po_x-1"])(
    "loads %j",
    (repository) => {
      expect(configErrorText([[["secrets", "github", "repository"], repository]])).toBe("");
    },
  );
});
