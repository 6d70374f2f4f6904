import { exampleConfig } from "../helpers/example-config";
import { buildWorld, rolesAssumableBy } from "./iam-world";

/*
 * With `oidcProvider: existing` the trusts name the provider a data source reads; the simulator's world
 * resolves that reference to the account's provider ARN, and the tokens assume exactly what they did.
 */
describe("access matrix with the account's OIDC provider read, not created (oidcProvider: existing)", () => {
  const world = buildWorld(exampleConfig([[["secrets", "github", "oidcProvider"], "existing"]], "staging"));
  const repo = "repo:example-org/opsbot";

  test("each trust names the account's provider ARN, and each GitHub token assumes exactly its roles", () => {
    const ci = ["plan", "plan-main", "deploy", "admin-deploy"].map((kind) => world.roles.get(`opsbot-staging-${kind}`));
    const principals = ci.map((r) => JSON.stringify(r?.trust).match(/"Federated":"([^"]+)"/)?.[1]);
    expect(principals).toEqual(Array(4).fill("arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"));
    expect(rolesAssumableBy(world, `${repo}:pull_request`)).toEqual(["opsbot-staging-plan"]);
    expect(rolesAssumableBy(world, `${repo}:ref:refs/heads/main`)).toEqual(["opsbot-staging-plan-main"]);
    expect(rolesAssumableBy(world, `${repo}:environment:staging`)).toEqual(["opsbot-staging-deploy"]);
    expect(rolesAssumableBy(world, `${repo}:environment:staging-admin`)).toEqual(["opsbot-staging-admin-deploy"]);
    expect(rolesAssumableBy(world, "repo:example-org/fork:pull_request")).toEqual([]);
  });
});
