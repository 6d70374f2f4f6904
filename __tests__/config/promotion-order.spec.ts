import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { crossEnvironmentIssues } from "../../lib/engines/config/cross-env";
import { formatPath } from "../../lib/core/issues";
import { loadEnvironments, validateConfigData } from "../../lib/engines/config/load";
import { tempDir } from "../helpers/cli";
import { type ConfigEdit, configErrorText, EXAMPLE_CONFIG_DIR, editedInput, REPO_ROOT } from "../helpers/example-config";

const DEPLOY_AFTER = ["secrets", "github", "deployAfter"] as const;
const setDeployAfter = (env: string | undefined): ConfigEdit => [DEPLOY_AFTER, env];

/** A project whose config/ holds production and staging (the examples) after the edits; returns its root. */
function project(production: readonly ConfigEdit[], staging: readonly ConfigEdit[] = []): string {
  const root = tempDir("golive-promotion-");
  mkdirSync(join(root, "config"));
  writeFileSync(join(root, "config", "production.yaml"), stringify(editedInput(production)));
  writeFileSync(join(root, "config", "staging.yaml"), stringify(editedInput(staging, "staging")));
  return root;
}

/** The error lines of loading `root`/config (named as from `root`), or [] when it loads. */
function loadErrors(root: string, only?: readonly string[]): string[] {
  try {
    loadEnvironments(join(root, "config"), only, root);
    return [];
  } catch (err) {
    return String(err instanceof Error ? err.message : err).split("\n");
  }
}

/** The promotion issues among the given environments, one line each as errors print them. */
function promotionLines(envs: readonly { file: string; input: unknown }[]): string[] {
  return crossEnvironmentIssues(envs.map((e) => ({ file: e.file, cfg: validateConfigData(e.file, e.input) })))
    .filter((c) => formatPath(c.issue.path) === DEPLOY_AFTER.join("."))
    .map((c) => `${c.file}: ${formatPath(c.issue.path)}: ${c.issue.message}`);
}

describe("the promotion order: secrets.github.deployAfter", () => {
  test("the examples are one chain, staging first, production after it, and load as they are", () => {
    const envs = loadEnvironments(EXAMPLE_CONFIG_DIR);
    expect(envs.get("production")?.secrets?.github?.deployAfter).toBe("staging");
    expect(envs.get("staging")?.secrets?.github?.deployAfter).toBeUndefined();
  });

  test("no deployAfter anywhere is valid: one environment needs none, and only the deploy workflow needs the order", () => {
    expect(
      promotionLines([
        { file: "config/production.yaml", input: editedInput([setDeployAfter(undefined)]) },
        { file: "config/staging.yaml", input: editedInput([], "staging") },
      ]),
    ).toEqual([]);
  });

  test("fails when it names an environment without a config file, in the line docs/configuration.md shows", () => {
    const lines = loadErrors(project([setDeployAfter("qa")]));
    expect(lines).toEqual([
      'config/production.yaml: secrets.github.deployAfter: "qa" has no config file (qa.yaml next to this one); allowed: staging (the environment deployed before this one)',
    ]);
    expect(readFileSync(join(REPO_ROOT, "docs", "configuration.md"), "utf8")).toContain(`\n${lines[0]}\n`);
  });

  test("an environment loaded alone may name one that has a config file, loaded or not (golive synth production)", () => {
    const root = project([setDeployAfter("staging")]);
    expect(loadErrors(root, ["production"])).toEqual([]);
    expect(loadErrors(project([setDeployAfter("qa")]), ["production"])).toEqual([
      expect.stringMatching(/^config\/production\.yaml: secrets\.github\.deployAfter: "qa" has no config file/),
    ]);
  });

  test("fails when an environment is deployed after itself (one file is enough to tell)", () => {
    expect(configErrorText([setDeployAfter("production")])).toBe(
      'config/production.yaml: secrets.github.deployAfter: "production" is this environment; allowed: another environment, the one whose deploy must succeed first (none for the environment deployed first)',
    );
  });

  test("fails on a cycle across files, once, on the later file, naming every link and file", () => {
    expect(loadErrors(project([setDeployAfter("staging")], [setDeployAfter("production")]))).toEqual([
      'config/staging.yaml: secrets.github.deployAfter: "production" closes a cycle: production after staging (config/production.yaml), staging after production (config/staging.yaml); allowed: no deployAfter on the one environment deployed first, each other one after the one before it',
    ]);
  });

  test("fails when two environments are deployed after the same one, proposing the end of the first one's chain", () => {
    // qa: staging's example renamed, also deployed after staging (its zone conflict is another rule's).
    const qa = editedInput([[["environment"], "qa"], setDeployAfter("staging")], "staging");
    expect(
      promotionLines([
        { file: "config/production.yaml", input: editedInput() },
        { file: "config/qa.yaml", input: qa },
        { file: "config/staging.yaml", input: editedInput([], "staging") },
      ]),
    ).toEqual([
      'config/qa.yaml: secrets.github.deployAfter: "staging", as config/production.yaml (secrets.github.deployAfter) already is; the deploy workflow deploys one environment after another, so allowed: "production" (the end of staging -> production), or another order that makes one chain',
    ]);
  });

  test("fails on a schema-invalid name before any cross-file rule", () => {
    expect(configErrorText([setDeployAfter("Staging")])).toMatch(
      /^config\/production\.yaml: secrets\.github\.deployAfter: must be a lower-case name such as production \(2-21 letters, digits, dashes, starting with a letter\); got "Staging"$/,
    );
  });
});
