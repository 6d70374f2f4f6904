import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AppConfig } from "../../lib/config/schema";
import { check, clone, envConfig, exampleEnv, messages, removeAll, ruleById } from "./support";

const DEPLOY_RUNBOOK = join(__dirname, "..", "..", "runbooks", "deploy.md");

// GL-REL-005: the load balancer's monitor (release.monitor.path, no probe_zone) and Route 53's origin
// checks (monitoring.healthPath) call the origins directly, with no client certificate or Access token.
describe("GL-REL-005 warns when the monitor and the origin checks request two paths an origin must leave unlocked", () => {
  const rule = ruleById("GL-REL-005");
  const apart = exampleEnv([[["release", "monitor", "path"], "/status"]]);
  const withLockdown = (cfg: AppConfig, originLockdown: AppConfig["edge"]["originLockdown"]) =>
    envConfig({ ...cfg, edge: { ...cfg.edge, originLockdown } });

  test("is a warning on the monitoring row", () => {
    expect([rule.severity, rule.row]).toEqual(["warning", "monitoring"]);
  });

  test("passes the example, whose monitor and origin checks both request /healthz", () => {
    const example = exampleEnv();
    expect(check(rule, example.stacks, { config: envConfig(example.cfg) })).toEqual({ kind: "compliant" });
  });

  test("fails under authenticated-origin-pulls when release.monitor.path differs, naming both paths and the monitor", () => {
    const out = check(rule, apart.stacks, { config: envConfig(apart.cfg) });
    expect(messages(out)).toEqual([
      "the load balancer's monitor requests /status (release.monitor.path) and Route 53's origin checks /healthz (monitoring.healthPath): under edge.originLockdown authenticated-origin-pulls neither presents a client certificate, so every pool origin must answer both paths without one, or the monitor marks both pools unhealthy; set the two to one path",
    ]);
    expect(out.kind === "non-compliant" && out.findings[0]?.location).toMatchObject({
      kind: "resource",
      address: expect.stringMatching(/^cloudflare_load_balancer_monitor\./),
    });
  });

  test("fails under access-jwt too, naming the Access token", () => {
    const out = check(rule, apart.stacks, { config: withLockdown(apart.cfg, "access-jwt") });
    expect(messages(out).join("\n")).toContain("under edge.originLockdown access-jwt neither presents an Access token");
  });

  test("passes under tunnel, and without Route 53 origin checks (the monitor's path is then the only one)", () => {
    expect(check(rule, apart.stacks, { config: withLockdown(apart.cfg, "tunnel") }).kind).toBe("compliant");
    const noOriginChecks = { ...apart.cfg, monitoring: apart.cfg.monitoring && { ...apart.cfg.monitoring, checkOrigins: false } };
    expect(check(rule, apart.stacks, { config: envConfig(noOriginChecks) }).kind).toBe("compliant");
  });

  test("is not applicable without a load balancer monitor or without a config", () => {
    const noMonitor = clone(apart.stacks);
    removeAll(noMonitor, "cloudflare_load_balancer_monitor");
    expect(check(rule, noMonitor, { config: envConfig(apart.cfg) }).kind).toBe("not-applicable");
    expect(check(rule, apart.stacks).kind).toBe("not-applicable");
  });

  test("the runbook's authenticated-origin-pulls steps exempt both paths, and name the rule", () => {
    const text = readFileSync(DEPLOY_RUNBOOK, "utf8").replace(/\s+/g, " ");
    const step = text.slice(text.indexOf("Then, on each origin:"), text.indexOf("4. Prove it:"));
    expect(step).toContain("`monitoring.healthPath`");
    expect(step).toContain("`release.monitor.path`");
    expect(step).toContain("except those two paths");
    expect(step).toContain("GL-REL-005");
  });
});
