import { ReadinessConfig } from "../../lib/features/readiness/schema";
import type { EnvConfig } from "../../lib/platform/readiness";
import { configErrorText } from "../helpers/example-config";
import { check, envConfig, exampleEnv, messages, resultsFor, ruleById, RUNBOOKS } from "./support";

const example = exampleEnv();
const base = envConfig(example.cfg);

/** The example config with a different readiness section. */
function withReadiness(input: unknown): EnvConfig {
  const readiness = ReadinessConfig.parse(input);
  return { ...base, app: { ...base.app, readiness }, readiness };
}

const attestations = base.readiness.attestations;
const without = (item: string) => withReadiness({ ...base.readiness, attestations: attestations.filter((a) => a.item !== item) });

describe("attestation rules", () => {
  test.each(["GL-APP-001", "GL-APP-002", "GL-APP-003", "GL-APP-004", "GL-APP-005"])("%s is attested by the example config", (id) => {
    const out = check(ruleById(id), example.stacks, { config: base });
    expect(out.kind).toBe("attested");
  });

  test.each([
    ["GL-APP-001", "prompt-injection-defence"],
    ["GL-APP-002", "app-rbac"],
    ["GL-APP-003", "log-redaction"],
    ["GL-APP-004", "input-validation"],
    ["GL-APP-005", "app-cors"],
  ])("%s fails when %s is not attested, pointing at the config file", (id, item) => {
    const out = check(ruleById(id), example.stacks, { config: without(item) });
    expect(messages(out)).toEqual([`"${item}" is not attested (readiness.attestations has no item "${item}")`]);
    expect(out.kind === "non-compliant" && out.findings[0]?.location).toEqual({
      kind: "config",
      file: "config/production.yaml",
      path: "readiness.attestations",
    });
  });

  test("fails for every attestation when the environment has no config", () => {
    const out = check(ruleById("GL-APP-001"), example.stacks);
    expect(messages(out)).toEqual(['no config for environment production, so "prompt-injection-defence" is not attested']);
  });

  test("fails when an attestation is dated in the future", () => {
    const config = withReadiness({ ...base.readiness, attestations: attestations.map((a) => ({ ...a, date: "2027-01-01" })) });
    expect(messages(check(ruleById("GL-APP-003"), example.stacks, { config })).join()).toContain("a date in the future");
  });

  test("GL-READY-003 passes while attestations are younger than attestationMaxAgeDays", () => {
    expect(check(ruleById("GL-READY-003"), example.stacks, { config: base, today: "2026-12-01" }).kind).toBe("compliant");
  });

  test("fails GL-READY-003 (a warning) for stale attestations, judged against the injected today", () => {
    const config = withReadiness({ ...base.readiness, attestationMaxAgeDays: 30 });
    const out = check(ruleById("GL-READY-003"), example.stacks, { config, today: "2027-03-01" });
    expect(messages(out)).toContain('"app-rbac" was attested on 2026-11-20, 101 days ago; stale after 30 days');
    expect(ruleById("GL-READY-003").severity).toBe("warning");
    const stale = check(ruleById("GL-APP-002"), example.stacks, { config, today: "2027-03-01" });
    expect(stale.kind === "attested" && stale.note).toContain("stale: 101 days old");
  });
});

describe("exemptions", () => {
  const owaspOff = (() => {
    const out = exampleEnv([[["edge", "waf", "managed", "owasp"], false]]);
    return out.stacks;
  })();
  const exempt = (expires: string, rule = "GL-EDGE-007") =>
    withReadiness({ ...base.readiness, exemptions: [{ rule, reason: "Free plan until the contract renews in Q1", expires }] });

  test("an exempted failing rule is reported as exempt, with its reason and findings", () => {
    const results = resultsFor(owaspOff, exempt("2027-01-31"));
    const r = results.find((x) => x.rule.id === "GL-EDGE-007");
    expect(r?.status).toBe("exempt");
    expect(r?.exemption).toEqual({
      reason: "Free plan until the contract renews in Q1",
      expires: "2027-01-31",
      unscoped: true,
      exempted: 1,
    });
    expect(r?.findings.length).toBe(1);
    expect(results.find((x) => x.rule.id === "GL-READY-001")?.status).toBe("pass");
  });

  test("fails when the exemption has expired: the rule counts again and GL-READY-001 names the exemption", () => {
    const results = resultsFor(owaspOff, exempt("2026-11-28"));
    expect(results.find((x) => x.rule.id === "GL-EDGE-007")?.status).toBe("fail");
    const expired = results.find((x) => x.rule.id === "GL-READY-001");
    expect(expired?.status).toBe("fail");
    expect(expired?.findings).toEqual([
      {
        message: "the exemption of GL-EDGE-007 expired on 2026-11-28",
        location: { kind: "config", file: "config/production.yaml", path: "readiness.exemptions[0]" },
      },
    ]);
  });

  test("an exemption holds through its expiry day", () => {
    expect(resultsFor(owaspOff, exempt("2026-11-29")).find((x) => x.rule.id === "GL-EDGE-007")?.status).toBe("exempt");
  });

  test("fails GL-READY-002 when an exemption names no rule; meta rules cannot be exempted", () => {
    const config = withReadiness({
      ...base.readiness,
      exemptions: [
        { rule: "GL-EDGE-999", reason: "typo in the rule id here", expires: "2027-01-01" },
        { rule: "GL-READY-001", reason: "trying to silence expiry", expires: "2027-01-01" },
      ],
    });
    expect(messages(check(ruleById("GL-READY-002"), example.stacks, { config }))).toEqual([
      "the exemption names GL-EDGE-999, which is not a rule",
    ]);
    expect(ruleById("GL-READY-001").exemptable).toBe(false);
    expect(check(ruleById("GL-READY-002"), example.stacks, { config: base }).kind).toBe("compliant");
  });

  test("fails config validation for a short reason, a bad date or a malformed rule id, naming the field", () => {
    const text = configErrorText([[["readiness", "exemptions"], [{ rule: "EDGE7", reason: "short", expires: "2027-02-30" }]]]);
    expect(text).toContain("readiness.exemptions[0].rule");
    expect(text).toContain("readiness.exemptions[0].reason");
    expect(text).toContain("readiness.exemptions[0].expires");
  });

  test("fails config validation for an attestation without an https evidence link or with an unknown item", () => {
    const text = configErrorText([
      [["readiness", "attestations"], [{ item: "vibes", owner: "me", date: "2026-11-01", evidence: "http://example.com" }]],
    ]);
    expect(text).toContain("readiness.attestations[0].item");
    expect(text).toContain("readiness.attestations[0].evidence");
  });
});

describe("GL-REL-003 runbooks", () => {
  const rule = ruleById("GL-REL-003");
  test("is compliant when deploy, rollback, rotation, incident and handover runbooks exist", () => {
    expect(check(rule, example.stacks, { runbooks: RUNBOOKS }).kind).toBe("compliant");
  });

  test("fails naming each missing runbook; an empty file does not count", () => {
    const runbooks = RUNBOOKS.filter((r) => !r.path.includes("rollback")).map((r) =>
      r.path.includes("handover") ? { ...r, text: "  \n" } : r,
    );
    expect(messages(check(rule, example.stacks, { runbooks }))).toEqual([
      "no runbook for rollback in runbooks/*.md",
      "no runbook for handover in runbooks/*.md",
    ]);
  });
});
