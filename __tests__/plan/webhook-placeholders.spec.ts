import { writeSynthOutput } from "../helpers/synth-output";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WEBHOOK_PLAN_PLACEHOLDER } from "../../lib/features/monitoring/destinations";
import { webhookPlaceholders, webhookPlaceholdersIn } from "../../lib/features/monitoring/webhook-placeholders";
import { golive, tempDir } from "../helpers/cli";
import { exampleConfig } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";

const production = synthKind(exampleConfig(), "monitoring");

describe("golive plan: alert webhook placeholders", () => {
  test("every alert_webhook_* variable of the synthesized monitoring stack gets the placeholder, and nothing else does", () => {
    const withOther = {
      ...production,
      variable: { ...(production as unknown as { variable: object }).variable, region: { type: "string" } },
    };
    expect(webhookPlaceholders(withOther)).toEqual({ TF_VAR_alert_webhook_pagerduty: WEBHOOK_PLAN_PLACEHOLDER });
  });

  test("the placeholder is an https URL that can never resolve (.invalid)", () => {
    expect(new URL(WEBHOOK_PLAN_PLACEHOLDER)).toMatchObject({ protocol: "https:", hostname: "placeholder.invalid" });
  });

  test("stacks without webhooks, and missing or broken synth output, get no placeholders", () => {
    expect(webhookPlaceholders(synthKind(exampleConfig([], "staging"), "monitoring"))).toEqual({});
    expect(webhookPlaceholders("not a stack")).toEqual({});
    const dir = tempDir("golive-placeholders-");
    const stack = { name: "monitoring-production", dir, file: join(dir, "cdk.tf.json") };
    expect(webhookPlaceholdersIn(stack)).toEqual({});
    writeFileSync(stack.file, "{ broken");
    expect(webhookPlaceholdersIn(stack)).toEqual({});
  });

  const planted = "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue";

  /** `golive plan <args>` of the production monitoring stack, with a real URL in the environment; what terraform saw. */
  async function planWithRealUrl(
    args: readonly string[],
  ): Promise<{ run: { code: number; stdout: string; stderr: string }; seen: string }> {
    const cwd = tempDir("golive-plan-webhooks-");
    const bin = join(cwd, ".bin");
    mkdirSync(bin);
    writeSynthOutput(join(cwd, "cdktf.out"), { "monitoring-production": production });
    writeFileSync(
      join(bin, "terraform"),
      [
        "#!/bin/sh",
        'case "$1" in',
        "  init) exit 0 ;;",
        '  plan) printf %s "$TF_VAR_alert_webhook_pagerduty" > "$LOG"; for a in "$@"; do case "$a" in -out=*) echo plan > "${a#-out=}" ;; esac; done; exit 0 ;;',
        '  show) echo \'{"format_version":"1.2","resource_changes":[]}\'; exit 0 ;;',
        "esac",
        "exit 64",
      ].join("\n"),
    );
    chmodSync(join(bin, "terraform"), 0o755);
    const log = join(cwd, "seen");
    const run = await golive(["plan", ...args], {
      cwd,
      env: { PATH: `${bin}:/usr/bin:/bin`, LOG: log, TF_VAR_alert_webhook_pagerduty: planted },
    });
    return { run, seen: readFileSync(log, "utf8") };
  }

  test("terraform sees the placeholder even when the caller's environment holds a real URL", async () => {
    const { run, seen } = await planWithRealUrl([]);
    expect(run.code).toBe(0);
    expect(seen).toBe(WEBHOOK_PLAN_PLACEHOLDER);
    expect(run.stderr).toContain("monitoring-production: plan (placeholder URL for alert_webhook_pagerduty)");
    expect(`${run.stdout}${run.stderr}`).not.toContain(planted);
  });

  test("a plan kept to be applied (--keep-plan-file) gets the real URL, never the placeholder, and never prints it", async () => {
    const { run, seen } = await planWithRealUrl(["--keep-plan-file"]);
    expect(run.code).toBe(0);
    expect(seen).toBe(planted);
    expect(run.stderr).not.toContain("placeholder URL");
    expect(`${run.stdout}${run.stderr}`).not.toContain(planted);
  });
});
