import type { StackInput } from "../../lib/core/readiness/model";
import { check, clone, exampleEnv, messages, ruleById } from "./support";

// GL-MON-003: cdktf deploy and golive stacks order stacks by manifest.json's dependencies only, so the
// stack with the load balancer must depend on monitoring-<env> there, or users may arrive unwatched.
describe("GL-MON-003 fails a traffic stack that does not depend on monitoring-<env> in manifest.json", () => {
  const example = exampleEnv();
  const rule = ruleById("GL-MON-003");
  const withDependencies = (edit: Readonly<Record<string, readonly string[]>>): StackInput[] =>
    clone(example.stacks).map((s) => (s.name in edit ? { ...s, dependencies: edit[s.name] } : s));

  test("is a blocker on the monitoring row", () => {
    expect([rule.severity, rule.row]).toEqual(["blocker", "monitoring"]);
  });

  test("the example passes: golive synth makes traffic-production depend on monitoring-production", () => {
    expect(example.stacks.find((s) => s.name === "traffic-production")?.dependencies).toContain("monitoring-production");
    expect(check(rule, example.stacks)).toEqual({ kind: "compliant" });
  });

  test("fails a hand-edited manifest that drops the dependency, naming both stacks and what is left", () => {
    const stacks = withDependencies({ "traffic-production": ["bootstrap-production", "edge-production"] });
    expect(messages(check(rule, stacks))).toEqual([
      "traffic-production declares a cloudflare_load_balancer but does not depend on monitoring-production in manifest.json (its dependencies: bootstrap-production, edge-production), so cdktf deploy and golive stacks may apply it first: users reach the load balancer before its uptime checks and alarms exist",
    ]);
  });

  test("passes a dependency on monitoring through another stack", () => {
    const stacks = withDependencies({ "traffic-production": ["email-production"], "email-production": ["monitoring-production"] });
    expect(check(rule, stacks)).toEqual({ kind: "compliant" });
  });

  test("fails a dependency cycle that never reaches monitoring, and terminates", () => {
    const stacks = withDependencies({ "traffic-production": ["email-production"], "email-production": ["traffic-production"] });
    expect(messages(check(rule, stacks))).toHaveLength(1);
  });

  test("is not applicable without a monitoring stack (GL-MON-001 fails that)", () => {
    const stacks = clone(example.stacks).filter((s) => !s.name.startsWith("monitoring-"));
    expect(check(rule, stacks).kind).toBe("not-applicable");
  });
});
