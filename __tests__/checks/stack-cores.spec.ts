import type { RuleResult } from "../../lib/engines/check/engine";
import { FEATURES } from "../../lib/features";
import type { StackInput } from "../../lib/core/readiness/model";
import { clone, envConfig, exampleEnv, removeAll, resultsFor } from "./support";

const example = exampleEnv();

/** The rule ids of a concern, from the registry. */
function ruleIdsOf(concern: string): string[] {
  return (FEATURES.find((f) => f.name === concern)?.rules ?? []).map((r) => r.id);
}

/** The example's stacks with `stack` (such as edge-production) replaced by what the audit wrote there. */
function hollowed(stacks: readonly StackInput[], ...names: string[]): StackInput[] {
  return clone(stacks).map((s) => (names.includes(s.name) ? { ...s, json: { terraform: {} } } : s));
}

const byRule = (results: readonly RuleResult[], ids: readonly string[]) => results.filter((r) => ids.includes(r.rule.id));

const EDGE_LACKS =
  "edge-production declares no cloudflare_zone or cloudflare_zone_setting, though config/production.yaml asks for zone example.com (cloudflare.zone.name): it is not the stack golive synth writes; run golive synth production";

describe("a stack missing what its config asks for fails its concern's rules (FeatureStack.core)", () => {
  test("the example passes: every concern's stack declares its core", () => {
    const results = resultsFor(example.stacks, envConfig(example.cfg));
    for (const concern of ["edge", "email", "secrets"])
      expect(byRule(results, ruleIdsOf(concern)).filter((r) => r.findings.some((f) => f.message.includes("golive synth writes")))).toEqual(
        [],
      );
  });

  test("fails every edge rule, naming the stack and the resource, when edge-production is hollowed out (was n/a: no Cloudflare zone)", () => {
    const results = byRule(resultsFor(hollowed(example.stacks, "edge-production"), envConfig(example.cfg)), ruleIdsOf("edge"));
    expect(results).toHaveLength(14);
    for (const r of results) {
      expect({ id: r.rule.id, status: r.status, messages: r.findings.map((f) => f.message) }).toEqual({
        id: r.rule.id,
        status: "fail",
        messages: [EDGE_LACKS],
      });
      expect(r.findings[0]?.location).toEqual({
        kind: "stack",
        stack: "edge-production",
        file: expect.stringContaining("edge-production"),
      });
    }
  });

  test("fails every secrets and mail rule when those stacks are hollowed out, the blockers among them", () => {
    const results = resultsFor(hollowed(example.stacks, "secrets-production", "email-production"), envConfig(example.cfg));
    const failing = [...ruleIdsOf("secrets"), ...ruleIdsOf("email")].map((id) => {
      const r = results.find((x) => x.rule.id === id);
      return { id, status: r?.status, message: r?.findings[0]?.message.split(",")[0] };
    });
    expect(failing).toEqual([
      ...["GL-SEC-001", "GL-SEC-002", "GL-SEC-003", "GL-SEC-007"].map((id) => ({
        id,
        status: "fail",
        message: "secrets-production declares no aws_secretsmanager_secret",
      })),
      ...["GL-MAIL-001", "GL-MAIL-002", "GL-MAIL-003", "GL-MAIL-004", "GL-MAIL-005"].map((id) => ({
        id,
        status: "fail",
        message: "email-production declares no aws_sesv2_email_identity or aws_ses_domain_identity",
      })),
    ]);
    expect(results.find((r) => r.rule.id === "GL-SEC-001")?.findings[0]?.message).toContain("asks for 3 secrets (secrets.items)");
    expect(results.some((r) => r.status === "fail" && r.rule.severity === "blocker" && ruleIdsOf("email").includes(r.rule.id))).toBe(true);
  });

  test("fails when only the core resources were taken out of a stack that still declares others", () => {
    const stacks = clone(example.stacks);
    removeAll(stacks, "cloudflare_zone");
    removeAll(stacks, "cloudflare_zone_setting");
    const r = resultsFor(stacks, envConfig(example.cfg)).find((x) => x.rule.id === "GL-EDGE-004");
    expect(r).toMatchObject({ status: "fail", findings: [{ message: EDGE_LACKS }] });
  });

  test("a stack missing from the output is named, the finding on the config field asking for it", () => {
    const stacks = clone(example.stacks).filter((s) => s.name !== "email-production");
    const r = resultsFor(stacks, envConfig(example.cfg)).find((x) => x.rule.id === "GL-MAIL-003");
    expect(r).toMatchObject({
      status: "fail",
      findings: [
        {
          message:
            "email-production is missing from the synth output, though config/production.yaml asks for mail sent as example.com (email), which it declares (aws_sesv2_email_identity or aws_ses_domain_identity); run golive synth production",
          location: { kind: "config", file: "config/production.yaml", path: "email" },
        },
      ],
    });
  });

  test("no exemption hides it: an unscoped exemption of the rule leaves the hollowed stack failing", () => {
    const config = envConfig(example.cfg);
    const exemptions = [{ rule: "GL-EDGE-004", reason: "DNSSEC waits for the registrar transfer (ticket OPS-7)", expires: "2027-01-31" }];
    const r = resultsFor(hollowed(example.stacks, "edge-production"), { ...config, readiness: { ...config.readiness, exemptions } }).find(
      (x) => x.rule.id === "GL-EDGE-004",
    );
    expect(r).toMatchObject({ status: "fail", findings: [{ message: EDGE_LACKS }] });
    expect(r?.exemption).toBeUndefined();
  });

  test("a config that does not ask for the concern keeps its rules n/a: no email section, no email stack", () => {
    const { cfg, stacks } = exampleEnv([[["email"], undefined]]);
    expect(stacks.some((s) => s.name.startsWith("email-"))).toBe(false);
    const results = byRule(resultsFor(stacks, envConfig(cfg)), ruleIdsOf("email"));
    expect(results.map((r) => r.status)).toEqual(["n/a", "n/a", "n/a", "n/a", "n/a"]);
  });

  test("an adopted zone (cloudflare.zone.id), which the stack reads instead of declaring, still counts by its settings", () => {
    const { cfg, stacks } = exampleEnv([[["cloudflare", "zone", "id"], "0123456789abcdef0123456789abcdef"]]);
    const results = byRule(resultsFor(stacks, envConfig(cfg)), ruleIdsOf("edge"));
    expect(results.flatMap((r) => r.findings.filter((f) => f.message.includes("golive synth writes")))).toEqual([]);
  });
});
