import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { crossEnvironmentIssues } from "../../lib/engines/config/cross-env";
import { ConfigErrors } from "../../lib/config/errors";
import { formatPath } from "../../lib/core/issues";
import { golive, tempDir } from "../helpers/cli";
import { loadEnvironments, validateConfigData } from "../../lib/engines/config/load";
import { type ConfigEdit, EXAMPLE_CONFIG_DIR, editedInput, exampleConfig } from "../helpers/example-config";

const PROD = "config/production.yaml";
const STAGING = "config/staging.yaml";

/** The conflicts of production (as in the examples) and staging after `edits`, one line each as errors print them. */
function conflicts(staging: readonly ConfigEdit[], production: readonly ConfigEdit[] = []): string[] {
  return crossEnvironmentIssues([
    { file: PROD, cfg: exampleConfig(production) },
    { file: STAGING, cfg: exampleConfig(staging, "staging") },
  ]).map((c) => `${c.file}: ${formatPath(c.issue.path)}: ${c.issue.message}`);
}

/**
 * Production's example renamed staging, with its own state and AWS account: everything in it is in
 * production's zone, so only the zone conflicts.
 */
const ON_PROD_ZONE: ConfigEdit[] = [
  [["environment"], "staging"],
  [["state"], { backend: "local" }],
  [["secrets", "github", "oidcProvider"], "existing"],
  // production is deployed after staging; staging deploys first.
  [["secrets", "github", "deployAfter"], undefined],
  // production alerts on the account's service tokens (one policy per Cloudflare account).
  [["monitoring", "cloudflare", "serviceTokenExpiry"], false],
];
const stagingOnProdZone = () => editedInput(ON_PROD_ZONE, "production");

/** Staging's AWS side moved into production's account (111111111111). */
const STAGING_IN_PROD_ACCOUNT: ConfigEdit[] = [
  [["secrets", "accountId"], "111111111111"],
  [["secrets", "writers"], ["arn:aws:iam::111111111111:role/opsbot-secret-operators"]],
];
const SHARED_BUCKET = { backend: "s3", bucket: "opsbot-production-tfstate", region: "eu-west-1", accountId: "111111111111" };

describe("conflicts between environments", () => {
  test("the example environments do not conflict", () => {
    expect(conflicts([])).toEqual([]);
    expect(loadEnvironments(EXAMPLE_CONFIG_DIR).size).toBe(2);
  });

  test("fails when staging is configured on production's zone: both edge stacks would own it", () => {
    const [line, ...rest] = crossEnvironmentIssues([
      { file: PROD, cfg: exampleConfig() },
      { file: STAGING, cfg: validateConfigData(STAGING, stagingOnProdZone()) },
    ]).map((c) => `${c.file}: ${formatPath(c.issue.path)}: ${c.issue.message}`);
    expect(rest).toEqual([]);
    expect(line).toMatch(
      /^config\/staging\.yaml: cloudflare\.zone\.name: "example\.com" is also config\/production\.yaml's zone \(cloudflare\.zone\.name\); .*allowed: a zone of its own$/,
    );
  });

  test("fails when two environments adopt the same zone id", () => {
    const id = "fedcba9876543210fedcba9876543210";
    expect(conflicts([[["cloudflare", "zone", "id"], id]], [[["cloudflare", "zone", "id"], id]])).toEqual([
      expect.stringMatching(
        /^config\/staging\.yaml: cloudflare\.zone\.id: "fedcba9876543210fedcba9876543210" is also config\/production\.yaml's zone \(cloudflare\.zone\.id\)/,
      ),
    ]);
  });

  test("fails when two bootstrap stacks would create the same state bucket; bootstrap: false on the second is allowed", () => {
    // Staging in production's account (its own bootstrap must admit its CI roles), sharing its bucket name.
    const sameAccount: ConfigEdit[] = [...STAGING_IN_PROD_ACCOUNT, [["secrets", "github", "oidcProvider"], "existing"]];
    expect(conflicts([...sameAccount, [["state"], SHARED_BUCKET]])).toEqual([
      expect.stringMatching(
        /^config\/staging\.yaml: state\.bucket: "opsbot-production-tfstate" is also bootstrapped by config\/production\.yaml \(state\.bucket, state\.bootstrap: true\); .*allowed: state\.bootstrap: false here/,
      ),
    ]);
    expect(conflicts([...sameAccount, [["state"], { ...SHARED_BUCKET, bootstrap: false }]])).toEqual([]);
  });

  test("fails when environments sharing a state bucket disagree on its region or account", () => {
    expect(conflicts([[["state"], { ...SHARED_BUCKET, bootstrap: false, region: "eu-central-1", accountId: "222222222222" }]])).toEqual([
      `${STAGING}: state.region: "eu-central-1", but ${PROD} (state.region) puts the same state bucket "opsbot-production-tfstate" in "eu-west-1"; allowed: "eu-west-1", or a bucket of its own`,
      `${STAGING}: state.accountId: "222222222222", but ${PROD} (state.accountId) puts the same state bucket "opsbot-production-tfstate" in "111111111111"; allowed: "111111111111", or a bucket of its own`,
    ]);
  });

  test("fails when two environments in one AWS account each create the GitHub OIDC provider; existing is allowed", () => {
    expect(conflicts(STAGING_IN_PROD_ACCOUNT)).toEqual([
      expect.stringMatching(
        /^config\/staging\.yaml: secrets\.github\.oidcProvider: "create" in AWS account 111111111111, where config\/production\.yaml \(secrets\.github\.oidcProvider\) already creates the GitHub OIDC provider; .*allowed: "existing" here/,
      ),
    ]);
    expect(conflicts([...STAGING_IN_PROD_ACCOUNT, [["secrets", "github", "oidcProvider"], "existing"]])).toEqual([]);
  });

  test("loading a config folder reports every conflict on the later file, naming the earlier one, and loads nothing", () => {
    const dir = tempDir("golive-cross-env-");
    writeFileSync(join(dir, "production.yaml"), stringify(editedInput()));
    writeFileSync(
      join(dir, "staging.yaml"),
      stringify(editedInput([...ON_PROD_ZONE, [["secrets", "github", "oidcProvider"], "create"]], "production")),
    );
    const errorLines = (only?: string[]): string[] => {
      try {
        loadEnvironments(dir, only, dir);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigErrors);
        return String((err as Error).message).split("\n");
      }
      return [];
    };
    const expected = [
      expect.stringMatching(/^staging\.yaml: cloudflare\.zone\.name: "example\.com" is also production\.yaml's zone/),
      expect.stringMatching(/^staging\.yaml: secrets\.github\.oidcProvider: "create" in AWS account 111111111111, where production\.yaml/),
    ];
    expect(errorLines()).toEqual(expected);
    // Naming one environment checks it against every other file of the folder: the same conflicts.
    expect(errorLines(["staging"])).toEqual(expected);
  });

  test("fails golive synth <env> on a conflict with another file (nothing written); another file's own error does not block it", async () => {
    const cwd = tempDir("golive-cross-env-synth-");
    const config = join(cwd, "config");
    mkdirSync(config);
    writeFileSync(join(config, "production.yaml"), stringify(editedInput()));
    writeFileSync(join(config, "staging.yaml"), stringify(stagingOnProdZone()));
    const run = await golive(["synth", "staging"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^config\/staging\.yaml: cloudflare\.zone\.name: "example\.com" is also config\/production\.yaml's zone/m);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
    // A file that does not load takes no part in the checks: loading its own environment reports it.
    writeFileSync(join(config, "staging.yaml"), "app: [\n");
    expect([...loadEnvironments(config, ["production"], cwd).keys()]).toEqual(["production"]);
  });
});
