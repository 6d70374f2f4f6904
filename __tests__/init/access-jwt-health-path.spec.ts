import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfigText, validateConfigData } from "../../lib/engines/config/load";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";
import { initArgs } from "./init-args";

/** The comment init writes above `edge.originLockdown: access-jwt`, joined into one line. */
function accessJwtComment(text: string): string {
  const lines = text.split("\n");
  const end = lines.indexOf("  originLockdown: access-jwt");
  const start = lines.findIndex((l) => l.startsWith("  # access-jwt:"));
  expect(start).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return lines
    .slice(start, end)
    .map((l) => l.replace(/^ {2}# /, ""))
    .join(" ");
}

/** The runbook's paragraphs on access-jwt in "Origin lockdown", up to the next section. */
function runbookAccessJwt(): string {
  const runbook = readFileSync(join(REPO_ROOT, "runbooks", "deploy.md"), "utf8");
  const section = runbook.slice(runbook.indexOf("## Origin lockdown"));
  const from = section.indexOf("`access-jwt` (");
  expect(from).toBeGreaterThan(-1);
  return section.slice(from, section.indexOf("\n## ", from)).replace(/\s+/g, " ");
}

describe("access-jwt and the health checks: the one path the app answers without an Access token", () => {
  let text: string;
  let file: string;

  beforeAll(async () => {
    const cwd = tempDir("golive-init-health-");
    expect(await golive(initArgs(), { cwd })).toMatchObject({ code: 0, stderr: "" });
    file = join(cwd, "config", "zz.yaml");
    text = readFileSync(file, "utf8");
  });

  test("init's comment exempts exactly the path every origin health check and the load balancer's monitor request", () => {
    const cfg = validateConfigData("config/zz.yaml", parseConfigText("config/zz.yaml", text));
    expect(cfg.edge.originLockdown).toBe("access-jwt");
    const comment = accessJwtComment(text);
    const exempted = [...comment.matchAll(/on every path but (\/\S*)/g)].map((m) => m[1]);
    expect(exempted).toEqual([cfg.monitoring?.healthPath]);
    expect(comment).toContain(`the app answers ${exempted[0]} without the token, and that answer holds nothing sensitive`);
    expect(comment).not.toMatch(/every request/);
    // What Route 53 requests of each origin (IP origins: ip_address set), and what the latency alarm times.
    const origins = resourcesOf(synthKind(cfg, "monitoring"), "aws_route53_health_check").filter(([, c]) => c.ip_address !== undefined);
    expect(origins.length).toBeGreaterThan(0);
    expect(new Set(origins.map(([, c]) => c.resource_path))).toEqual(new Set(exempted));
    expect(cfg.monitoring?.latency.target).toBe("origin");
    // The load balancer's monitor calls the pool origins directly too.
    const monitors = resourcesOf(synthKind(cfg, "traffic"), "cloudflare_load_balancer_monitor");
    expect(monitors.map(([, m]) => m.path)).toEqual(exempted);
  });

  test("init's comment is right that checkOrigins: false is no way out here: config load refuses it, naming the latency target", () => {
    expect(accessJwtComment(text)).toContain(
      "monitoring.checkOrigins: false would drop those checks, but the latency alarm below needs them",
    );
    const without = text.replace(/^ {2}healthPath: (.*)$/m, "  healthPath: $1\n  checkOrigins: false");
    expect(() => validateConfigData("config/zz.yaml", parseConfigText("config/zz.yaml", without))).toThrow(
      /monitoring\.latency\.target: "origin" needs origin checks, but monitoring\.checkOrigins is false/,
    );
  });

  test("runbooks/deploy.md names the same exception under access-jwt, and the alternative", () => {
    const runbook = runbookAccessJwt();
    expect(runbook).toContain("refuses a request without a valid one, on every path but the health check's");
    expect(runbook).toContain(
      "Answer `monitoring.healthPath` and `release.monitor.path` (both `/healthz` in a config from `golive init`) without the token, and no other path",
    );
    expect(runbook).toContain("let its answer hold nothing sensitive");
    expect(runbook).toContain("Set `monitoring.checkOrigins` to false");
    // The init config's path is the one the runbook quotes.
    expect(runbook).toContain(`\`${accessJwtComment(text).match(/on every path but (\/\S*)/)?.[1]}\` in a config from \`golive init\``);
  });
});
