import { check, clone, envConfig, exampleEnv, messages, removeAll, ruleById } from "./support";

// GL-REL-004: the blue/green load balancer rolls back release.hostname only; every other app hostname
// is a proxied record to one origin, rolled back only by redeploying it.
describe("GL-REL-004 names every app hostname the load balancer does not serve", () => {
  const example = exampleEnv();
  const rule = ruleById("GL-REL-004");
  const config = envConfig(example.cfg);
  const redeployOnly = (host: string, via: string) =>
    `${host} is not behind the load balancer (${via}): a bad release there is rolled back only by a redeploy of its origin`;
  const lbOnly = "the load balancer serves only app.example.com";

  test("is a warning on the rollback row", () => {
    expect([rule.severity, rule.row]).toEqual(["warning", "rollback-handover"]);
  });

  test("fails the example's edge hostnames, not the load-balanced one or the redirect-only old.example.com", () => {
    const found = messages(check(rule, example.stacks, { config }));
    expect([...found].sort()).toEqual(
      [redeployOnly("api.example.com", lbOnly), redeployOnly("chat.example.com", lbOnly), redeployOnly("example.com", lbOnly)].sort(),
    );
  });

  test("passes when the load balancer's hostname is the only app hostname", () => {
    const stacks = clone(example.stacks);
    removeAll(stacks, "cloudflare_dns_record", (attrs) => attrs.proxied !== true);
    expect(check(rule, stacks, { config })).toEqual({ kind: "compliant" });
  });

  test("fails every app hostname when no load balancer is declared", () => {
    const stacks = clone(example.stacks);
    removeAll(stacks, "cloudflare_load_balancer");
    const found = messages(check(rule, stacks, { config }));
    expect(found).toHaveLength(3);
    expect(found).toContain(redeployOnly("chat.example.com", "no load balancer is declared"));
  });
});
