import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { crossEnvironmentIssues } from "../../lib/engines/config/cross-env";
import { formatPath } from "../../lib/core/issues";
import { golive, tempDir } from "../helpers/cli";
import { type ConfigEdit, editedInput, exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

const TOKEN_EXPIRY: ConfigEdit = [["monitoring", "cloudflare", "serviceTokenExpiry"], true];

/** Production and staging as in the examples (one Cloudflare account), staging after `edits`. */
function conflicts(staging: readonly ConfigEdit[]): string[] {
  return crossEnvironmentIssues([
    { file: "config/production.yaml", cfg: exampleConfig() },
    { file: "config/staging.yaml", cfg: exampleConfig(staging, "staging") },
  ]).map((c) => `${c.file}: ${formatPath(c.issue.path)}: ${c.issue.message}`);
}

const expiryAlerts = (env: string, edits: readonly ConfigEdit[] = []) =>
  resourcesOf(synthKind(exampleConfig(edits, env), "monitoring"), "cloudflare_notification_policy")
    .map(([, r]) => r)
    .filter((r) => r.alert_type === "expiring_service_token_alert");

describe("the service-token expiry alert: one per Cloudflare account (it has no token filter)", () => {
  test("the examples declare it once: production's covers the account, staging sets false", () => {
    expect(expiryAlerts("production")).toHaveLength(1);
    expect(expiryAlerts("staging")).toEqual([]);
    expect(conflicts([])).toEqual([]);
  });

  test("fails a second environment in the same account declaring it, naming the first", () => {
    expect(conflicts([TOKEN_EXPIRY])).toEqual([
      "config/staging.yaml: monitoring.cloudflare.serviceTokenExpiry: true in Cloudflare account 0123456789abcdef0123456789abcdef, where config/production.yaml (monitoring.cloudflare.serviceTokenExpiry) already alerts on every Access service token of the account, this environment's included (the alert has no token filter, so a second policy sends every expiry twice, to both environments' on-call); allowed: false here",
    ]);
  });

  test("another Cloudflare account, no service tokens or no monitoring: no second policy, no conflict", () => {
    expect(conflicts([TOKEN_EXPIRY, [["cloudflare", "accountId"], "fedcba9876543210fedcba9876543210"]])).toEqual([]);
    expect(conflicts([TOKEN_EXPIRY, [["edge", "access", "serviceTokens"], []]])).toEqual([]);
    expect(expiryAlerts("staging", [TOKEN_EXPIRY, [["edge", "access", "serviceTokens"], []]])).toEqual([]);
    expect(expiryAlerts("production", [[["monitoring", "cloudflare", "serviceTokenExpiry"], false]])).toEqual([]);
  });

  test("fails golive synth on the second policy, on the later file's field, writing nothing", async () => {
    const cwd = tempDir("golive-token-expiry-");
    const config = join(cwd, "config");
    mkdirSync(config);
    writeFileSync(join(config, "production.yaml"), stringify(editedInput()));
    writeFileSync(join(config, "staging.yaml"), stringify(editedInput([TOKEN_EXPIRY], "staging")));
    const run = await golive(["synth"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^config\/staging\.yaml: monitoring\.cloudflare\.serviceTokenExpiry: true in Cloudflare account /m);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });
});
