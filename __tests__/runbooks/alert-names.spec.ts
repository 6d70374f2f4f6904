import { readFileSync } from "node:fs";
import { join } from "node:path";
import { STACK_KINDS } from "../../lib/features";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

// The audit: handover-checklist put every Cloudflare notification under monitoring-production while
// traffic-production declares the pool health one, and incident-first-response gave origin alarms as
// `origin down: <host> (<ip>)` only, while an origin given as a hostname is `origin down: <origin>`.

const read = (file: string) => readFileSync(join(REPO_ROOT, "runbooks", file), "utf8");
const cfg = exampleConfig();
const stacks = STACK_KINDS.map((kind) => ({ kind, json: synthKind(cfg, kind) }));
const attribute = (type: string, key: string) => (json: ReturnType<typeof synthKind>) =>
  resourcesOf(json, type).map(([, r]) => String(r[key]));

describe("the handover checklist puts each Cloudflare notification under the stack that declares it", () => {
  const policies = attribute("cloudflare_notification_policy", "name");
  const rowOf = (kind: string) => read("handover-checklist.md").match(new RegExp(`^\\| \`${kind}-production\` \\|(.*)$`, "m"))?.[1] ?? "";

  test("the example declares them in monitoring and traffic", () => {
    const where = stacks.filter((s) => policies(s.json).length > 0).map((s) => s.kind);
    expect(where).toEqual(["monitoring", "traffic"]);
  });

  test.each(STACK_KINDS.map((kind) => [kind]))(
    "%s-production's row names Cloudflare notifications exactly when it declares one",
    (kind) => {
      const declares = policies(synthKind(cfg, kind)).length > 0;
      expect([kind, /Cloudflare notification/.test(rowOf(kind))]).toEqual([kind, declares]);
    },
  );
});

describe("incident-first-response's origin alarm patterns match every synthesized origin alarm", () => {
  const row = read("incident-first-response.md")
    .split("\n")
    .find((l) => l.startsWith("| `opsbot-production origin down:"));
  const head = "opsbot-production origin down: <host>";
  /** A pattern as written (`...` stands for `<app>-<env> origin down: <host>`), placeholders as any text without `(),`. */
  const patterns = [...(row ?? "").matchAll(/`((?:opsbot-production origin down:|\.\.\. )[^`]*)`/g)].map((m) => {
    const written = (m[1] ?? "").replace(/^\.\.\. /, `${head} `);
    const escaped = written.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/<[a-z]+>/g, "[^(),]+");
    return new RegExp(`^${escaped}$`);
  });
  const alarms = attribute(
    "aws_cloudwatch_metric_alarm",
    "alarm_name",
  )(synthKind(cfg, "monitoring")).filter((n) => n.includes(" origin down: "));

  test("the example has IP, hostname and pool origins", () => {
    expect(alarms).toEqual(
      expect.arrayContaining([
        "opsbot-production origin down: origin-api.example.net",
        "opsbot-production origin down: example.com (192.0.2.10)",
        "opsbot-production origin down: app.example.com (blue pool origin blue-1, 192.0.2.30)",
      ]),
    );
  });

  test("fails a name no pattern covers", () => {
    expect(patterns).toHaveLength(3);
    expect(patterns.some((p) => p.test("opsbot-production origin down: chat.example.com (origin, 192.0.2.11)"))).toBe(false);
  });

  test("each alarm matches a pattern", () => {
    expect(alarms.filter((n) => !patterns.some((p) => p.test(n)))).toEqual([]);
  });
});
