import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigErrors } from "../../lib/config/errors";
import { loadEnvironments } from "../../lib/engines/config/load";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

const ALLOWED =
  "allowed: a lower-case name such as production (2-21 letters, digits, dashes, starting with a letter), neither plan-review nor ending in -admin";

/** A project whose config folder holds the staging example saved as `name`, its `environment` set to `environment`. */
function project(name: string, environment = "staging"): string {
  const cwd = tempDir("golive-file-name-");
  mkdirSync(join(cwd, "config"));
  const text = readFileSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), "utf8").replace(/^environment: .*$/m, `environment: ${environment}`);
  writeFileSync(join(cwd, "config", name), text);
  return cwd;
}

function loadError(cwd: string): string {
  try {
    loadEnvironments(join(cwd, "config"), undefined, cwd);
  } catch (err) {
    if (err instanceof ConfigErrors) return err.message;
    throw err;
  }
  throw new Error("expected a ConfigErrors");
}

describe("a config file's name is its environment's name", () => {
  test("fails naming the file when its name is no environment name, with the rename that works, in one line", async () => {
    const cwd = project("Staging.yaml");
    const run = await golive(["synth"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `config/Staging.yaml: (root): the file name "Staging" is not an environment name; ${ALLOWED}, so rename it to staging.yaml\nNo stack was written.\n`,
    );
    // Following the advice is enough: no second error.
    renameSync(join(cwd, "config", "Staging.yaml"), join(cwd, "config", "staging.yaml"));
    expect([...loadEnvironments(join(cwd, "config"), undefined, cwd).keys()]).toEqual(["staging"]);
  });

  test("fails on a name with a space, suggesting the name its environment field gives", () => {
    expect(loadError(project("qa env.yml"))).toBe(
      `config/qa env.yml: (root): the file name "qa env" is not an environment name; ${ALLOWED}, so rename it to staging.yml`,
    );
  });

  test("fails on the name and the field together when neither is an environment name, never advising the invalid name", () => {
    const message = loadError(project("QA.yaml", "QA"));
    expect(message).toBe(
      [
        `config/QA.yaml: (root): the file name "QA" is not an environment name; ${ALLOWED}`,
        'config/QA.yaml: environment: must be a lower-case name such as production (2-21 letters, digits, dashes, starting with a letter); got "QA"',
      ].join("\n"),
    );
    expect(message).not.toContain("does not match the file name");
  });

  test("fails on names the workflows reserve: <env>-admin (deploy-admin.yml's environments) and plan-review (the review key's)", () => {
    expect(loadError(project("ops-admin.yaml", "ops-admin"))).toBe(
      [
        `config/ops-admin.yaml: (root): the file name "ops-admin" is not an environment name; a name ending in -admin is an admin GitHub environment (<env>-admin, where deploy-admin.yml runs), and deploy-admin.yml refuses to deploy one; ${ALLOWED}`,
        `config/ops-admin.yaml: environment: a name ending in -admin is an admin GitHub environment (<env>-admin, where deploy-admin.yml runs), and deploy-admin.yml refuses to deploy one; ${ALLOWED}; got "ops-admin"`,
      ].join("\n"),
    );
    expect(loadError(project("plan-review.yaml", "plan-review"))).toContain(
      `config/plan-review.yaml: (root): the file name "plan-review" is not an environment name; plan-review is the plan review's GitHub environment (it holds PLAN_REVIEW_HMAC_KEY and has no reviewers), where this environment's deploy jobs would run; ${ALLOWED}`,
    );
    // A name that only contains the words is an environment like any other.
    expect([...loadEnvironments(join(project("admin-tools.yaml", "admin-tools"), "config"), undefined, undefined).keys()]).toEqual([
      "admin-tools",
    ]);
  });

  test("a valid name that differs from the environment field is still refused as a mismatch", () => {
    const cwd = tempDir("golive-file-name-");
    cpSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(cwd, "config", "qa.yaml"));
    expect(loadError(cwd)).toBe('config/qa.yaml: environment: "staging" does not match the file name; allowed: "qa"');
  });
});
