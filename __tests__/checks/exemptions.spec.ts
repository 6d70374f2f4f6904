import type { Exemption } from "../../lib/features/readiness/schema";
import { configErrorText } from "../helpers/example-config";
import { addResource, clone, envConfig, exampleEnv, resultsFor, TODAY } from "./support";

const example = exampleEnv();

/** The example with two IAM access keys (GL-SEC-006 fails on each) and the given exemptions. */
function withKeys(exemptions: Exemption[]) {
  const stacks = clone(example.stacks);
  addResource(stacks, "secrets-", "aws_iam_access_key", "Ci_Key", { user: "ci" });
  addResource(stacks, "access-", "aws_iam_access_key", "Legacy_Key", { user: "legacy" });
  const config = envConfig(example.cfg);
  const result = resultsFor(stacks, { ...config, readiness: { ...config.readiness, exemptions } }).find((r) => r.rule.id === "GL-SEC-006");
  if (!result) throw new Error("no GL-SEC-006 result");
  return result;
}

const EXEMPTION = {
  rule: "GL-SEC-006",
  reason: "the legacy key is rotated away in the next sprint (ticket OPS-42)",
  expires: "2027-01-31",
};

describe("exemptions scoped to resources (cdk-nag v3: a finding is acknowledged on its construct)", () => {
  test("an exemption naming one resource covers only that finding: the rule still fails on the other", () => {
    const r = withKeys([{ ...EXEMPTION, resources: ["aws_iam_access_key.Legacy_Key"] }]);
    expect(r.status).toBe("fail");
    expect(r.findings.map((f) => (f.location.kind === "resource" ? f.location.address : ""))).toEqual(["aws_iam_access_key.Ci_Key"]);
    expect(r.exemption).toMatchObject({ unscoped: false, exempted: 1 });
  });

  test("construct-path globs: * stays within a segment, ** crosses them", () => {
    expect(withKeys([{ ...EXEMPTION, resources: ["*-production/*_Key"] }]).status).toBe("exempt");
    expect(withKeys([{ ...EXEMPTION, resources: ["access-*/Legacy_Key"] }]).status).toBe("fail");
    expect(withKeys([{ ...EXEMPTION, resources: ["**"] }]).status).toBe("exempt");
    expect(withKeys([{ ...EXEMPTION, resources: ["secrets-production"] }]).status).toBe("fail");
  });

  test("an exemption without resources still covers every finding of the rule, and says it is unscoped", () => {
    const r = withKeys([EXEMPTION]);
    expect(r.status).toBe("exempt");
    expect(r.exemption).toMatchObject({ unscoped: true, exempted: 2 });
  });

  test("an expired scoped exemption covers nothing", () => {
    const r = withKeys([{ ...EXEMPTION, expires: "2026-01-01", resources: ["**"] }]);
    expect(TODAY > "2026-01-01").toBe(true);
    expect(r.status).toBe("fail");
    expect(r.findings).toHaveLength(2);
  });

  test("fails on an empty resources list or a resource with other characters, naming the field", () => {
    expect(configErrorText([[["readiness", "exemptions"], [{ ...EXEMPTION, resources: [] }]]])).toContain(
      "readiness.exemptions[0].resources: must name at least one resource, or leave resources out",
    );
    expect(configErrorText([[["readiness", "exemptions"], [{ ...EXEMPTION, resources: ["edge production/*"] }]]])).toContain(
      "readiness.exemptions[0].resources[0]: must be a resource address or a construct-path glob",
    );
  });
});
