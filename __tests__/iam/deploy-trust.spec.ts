import { configErrorText } from "../helpers/example-config";

/*
 * The deploy workflows (deploy-environment.yml, rollback.yml, release.yml) run in the GitHub
 * environment <env>, so the deploy role trusts that environment's token only: a main-branch trust
 * (`deployFrom: main`, once allowed) let no deploy in and every job on main (drift.yml) assume the
 * PowerUserAccess role. The trust table of access-matrix.spec.ts proves who assumes what.
 */
describe("secrets.github.deployFrom", () => {
  test("fails on main, in one line naming the field, what is allowed and why", () => {
    expect(configErrorText([[["secrets", "github", "deployFrom"], "main"]], "staging")).toBe(
      'config/staging.yaml: secrets.github.deployFrom: allowed: environment; the deploy workflows run in the GitHub environment named like this environment (their token never says main), and a main-branch trust would let every job on main deploy; got "main"',
    );
  });

  test("environment, and no setting at all, still load", () => {
    expect(configErrorText([[["secrets", "github", "deployFrom"], "environment"]], "staging")).toBe("");
    expect(configErrorText([[["secrets", "github", "deployFrom"], undefined]])).toBe("");
  });
});
