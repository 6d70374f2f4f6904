import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { type CheckReport, runChecks } from "../../lib/engines/check/engine";
import { toJunit, xmlEscape } from "../../lib/engines/check/junit";
import { readEnvConfigs, readRunbooks, readSynthDir } from "../../lib/engines/check/load";
import { RULES } from "../../lib/engines/check/rules";
import { toSarif } from "../../lib/engines/check/sarif";
import { renderTable, toJson } from "../../lib/engines/check/scorecard";
import { buildModel } from "../../lib/core/readiness/model";
import type { Rule } from "../../lib/platform/readiness";
import { golive, tempDir } from "../helpers/cli";
import { editedInput, WITHOUT_STAGING } from "../helpers/example-config";
import { isObj, workspace } from "./support";

const TODAY = "2026-11-29";

interface JunitCase {
  name: string;
  classname: string;
  failure?: { message: string; type: string; text: string }[];
  skipped?: { message: string }[];
  "system-out"?: string[];
}
interface JunitDoc {
  testsuites: {
    tests: number;
    failures: number;
    skipped: number;
    testsuite: { name: string; failures: number; skipped: number; testcase: JunitCase[] }[];
  };
}

/** JUnit XML read by a real XML parser; lists stay lists even with one element. */
function parseJunit(xml: string): JunitDoc {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    textNodeName: "text",
    parseAttributeValue: true,
    htmlEntities: true, // decodes numeric references such as &#10; as any XML parser does
    isArray: (name, _path, _leaf, isAttribute) =>
      !isAttribute && ["testsuite", "testcase", "failure", "skipped", "system-out"].includes(name),
  });
  return parser.parse(xml) as JunitDoc;
}

function brokenProduction(): unknown {
  const input = editedInput();
  const at = (v: unknown, k: string) => (isObj(v) ? v[k] : undefined);
  const edge = at(input, "edge");
  const rateLimits = at(edge, "rateLimits");
  const dns = at(edge, "dns");
  const attestations = at(at(input, "readiness"), "attestations");
  return editedInput([
    [["edge", "waf", "managed", "owasp"], false],
    [["edge", "rateLimits"], Array.isArray(rateLimits) ? rateLimits.filter((r) => at(r, "name") !== "tools") : []],
    [
      ["edge", "dns"],
      [...(Array.isArray(dns) ? dns : []), { name: "legacy.example.com", type: "A", content: "192.0.2.50", proxied: true }],
    ],
    [
      ["readiness", "attestations"],
      Array.isArray(attestations) ? attestations.filter((a) => at(a, "item") !== "prompt-injection-defence") : [],
    ],
    [["readiness", "exemptions"], [{ rule: "GL-SEC-006", reason: "Legacy SMTP user until the relay moves", expires: "2026-10-31" }]],
    WITHOUT_STAGING,
  ]);
}

describe("golive check on the example config", () => {
  const dir = workspace();
  beforeAll(async () => {
    expect((await golive(["synth"], { cwd: dir })).code).toBe(0);
  });

  test("passes with no blocker and prints the scorecard of every checklist row per environment", async () => {
    const run = await golive(["check", "--today", TODAY], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Checklist row\s+production\s+staging$/m);
    expect(run.stdout).toMatch(/^Prompt-injection defence\s+attested\s+attested$/m);
    expect(run.stdout).toMatch(/^Auth on every endpoint\s+pass\s+pass$/m);
    expect(run.stdout).toMatch(/^READY: 0 blocker\(s\)/m);
    expect(run.stdout).not.toContain("BLOCKER");
  });

  test("--format json gives the summary, the scorecard and one result per rule and environment", async () => {
    const run = await golive(["check", "--dir", "cdktf.out", "--format", "json", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ today: TODAY, environments: ["production", "staging"], summary: { blockers: 0, ready: true } });
    expect(report.scorecard).toHaveLength(11);
    for (const row of report.scorecard) expect(["pass", "attested", "exempt", "warn", "n/a"]).toContain(row.cells.production);
    expect(report.results).toHaveLength(RULES.length * 2);
    expect(report.results[0]).toEqual(
      expect.objectContaining({
        ruleId: expect.any(String),
        title: expect.any(String),
        severity: expect.any(String),
        row: expect.any(String),
        env: expect.any(String),
        status: expect.any(String),
        findings: expect.any(Array),
      }),
    );
  });

  test("checks only the named environment", async () => {
    const run = await golive(["check", "staging", "--json", "--today", TODAY], { cwd: dir });
    expect(JSON.parse(run.stdout).environments).toEqual(["staging"]);
  });
});

describe("golive check on a deliberately broken config", () => {
  const dir = workspace({ production: brokenProduction() });

  test("fails with exit 1 naming each broken rule, after synthesizing the missing cdktf.out", async () => {
    const run = await golive(["check", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("did not exist; synthesized it first");
    expect(existsSync(join(dir, "cdktf.out", "manifest.json"))).toBe(true);
    for (const id of ["GL-EDGE-007", "GL-EDGE-009", "GL-AUTH-001", "GL-APP-001", "GL-READY-001"])
      expect(run.stdout).toMatch(new RegExp(`^BLOCKER ${id} `, "m"));
    expect(run.stdout).toContain("legacy.example.com is proxied to users but no Access application covers it");
    expect(run.stdout).toMatch(/^Rate limiting\s+FAIL$/m);
    expect(run.stdout).toMatch(/^NOT READY: /m);
  });

  test("--format sarif writes SARIF 2.1.0 with every rule and error-level results located in the synth output", async () => {
    const run = await golive(["check", "--format", "sarif", "--output", "check.sarif", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    const sarif = JSON.parse(readFileSync(join(dir, "check.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    const [runOut] = sarif.runs;
    expect(runOut.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const rule of runOut.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text).toContain("Fix:");
    }
    const owasp = runOut.results.find((r: { ruleId: string }) => r.ruleId === "GL-EDGE-007");
    expect(owasp.level).toBe("error");
    expect(owasp.locations[0].physicalLocation.artifactLocation.uri).toBe("cdktf.out/stacks/edge-production/cdk.tf.json");
    const access = runOut.results.find((r: { ruleId: string }) => r.ruleId === "GL-AUTH-001");
    expect(access.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(access.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^edge-production\/Dns\//);
    const attest = runOut.results.find((r: { ruleId: string }) => r.ruleId === "GL-APP-001");
    expect(attest.locations[0].physicalLocation.artifactLocation.uri).toBe("config/production.yaml");
  });

  test("--format junit writes valid JUnit XML: a testcase per rule, failures for blockers, skipped rules as skipped", async () => {
    const run = await golive(["check", "--format", "junit", "--skip-rule", "GL-EDGE-007", "--output", "check.xml", "--today", TODAY], {
      cwd: dir,
    });
    expect(run.code).toBe(1);
    const xml = readFileSync(join(dir, "check.xml"), "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parseJunit(xml);
    expect(doc.testsuites.testsuite.map((t) => t.name)).toEqual(["production"]);
    const cases = doc.testsuites.testsuite[0]?.testcase ?? [];
    expect(cases.map((c) => c.name.split(" ")[0])).toEqual(RULES.map((r) => r.id));
    const byId = (id: string) => cases.find((c) => c.name.startsWith(`${id} `));
    expect(byId("GL-EDGE-007")?.skipped?.[0]?.message).toBe("skipped by --skip-rule");
    expect(byId("GL-EDGE-007")?.failure).toBeUndefined();
    expect(byId("GL-AUTH-001")?.failure?.[0]?.type).toBe("blocker");
    expect(byId("GL-AUTH-001")?.failure?.[0]?.text).toContain("legacy.example.com is proxied to users");
    const failures = cases.filter((c) => c.failure).length;
    expect(doc.testsuites.testsuite[0]?.failures).toBe(failures);
    expect(failures).toBeGreaterThanOrEqual(4);
  });

  // `check` runs as a process in __tests__/cli/process.spec.ts, epipe.spec.ts and write-safety.spec.ts.
  test("--compact --skip-rule: one line per failing rule, the skipped rule, the verdict", async () => {
    const run = await golive(["check", "--compact", "--skip-rule", "GL-EDGE-007", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    const failing = lines.filter((l) => /^(BLOCKER|WARNING) /.test(l));
    expect(new Set(failing.map((l) => l.split(" ")[1])).size).toBe(failing.length); // one line per rule
    expect(failing).toContainEqual(expect.stringMatching(/^BLOCKER GL-AUTH-001 \[production\] .+: legacy\.example\.com is proxied/));
    expect(failing.some((l) => l.includes("GL-EDGE-007"))).toBe(false);
    expect(lines).toContain(`SKIPPED GL-EDGE-007 ${RULES.find((r) => r.id === "GL-EDGE-007")?.title} (--skip-rule)`);
    expect(lines.at(-1)).toMatch(/^NOT READY: \d+ blocker\(s\), \d+ warning\(s\), \d+ exempt, 1 rule\(s\) skipped$/);
    expect(lines).toHaveLength(failing.length + 2);
    expect(run.stdout + run.stderr).not.toContain("\u001b"); // not a terminal: no colour
  });

  test("every format lists a skipped rule as skipped: table, json and sarif", () => {
    const configDir = join(dir, "config");
    const report = runChecks({
      model: buildModel(readSynthDir(join(dir, "cdktf.out"), dir)),
      configs: readEnvConfigs(configDir, dir),
      runbooks: readRunbooks(join(dir, "runbooks")),
      today: TODAY,
      skip: ["GL-EDGE-007", "GL-AUTH-001"],
    });
    const table = renderTable(report);
    expect(table).toMatch(/^SKIPPED GL-EDGE-007 .+ \(--skip-rule\)$/m);
    expect(table).toMatch(/^SKIPPED GL-AUTH-001 .+ \(--skip-rule\)$/m);
    expect(table).not.toMatch(/^BLOCKER GL-(EDGE-007|AUTH-001) /m);
    const json = toJson(report) as { skipped: string[]; results: { ruleId: string; status: string }[] };
    expect(json.skipped).toEqual(RULES.filter((r) => ["GL-EDGE-007", "GL-AUTH-001"].includes(r.id)).map((r) => r.id));
    expect(
      json.results
        .filter((r) => r.status === "skipped")
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(["GL-AUTH-001", "GL-EDGE-007"]);
    const sarif = toSarif(report) as {
      runs: { invocations: { ruleConfigurationOverrides: unknown[] }[]; results: { ruleId: string }[] }[];
    };
    const [sarifRun] = sarif.runs;
    expect(sarifRun?.invocations[0]?.ruleConfigurationOverrides).toContainEqual({
      descriptor: { id: "GL-EDGE-007", index: RULES.findIndex((r) => r.id === "GL-EDGE-007") },
      configuration: { enabled: false },
    });
    expect(sarifRun?.results.some((r) => r.ruleId === "GL-EDGE-007")).toBe(false);
  });
});

describe("golive check usage", () => {
  const dir = workspace({ production: editedInput([WITHOUT_STAGING]) });

  test.each([
    [["--format", "xml"], '--format: got "xml"'],
    [["--today", "2026-13-01"], '--today: got "2026-13-01"'],
    [["--config-dir", "nowhere"], "--config-dir"],
    [["--frobnicate"], "unknown option --frobnicate"],
    [["--skip-rule", "GL-NOPE-001"], `--skip-rule: got "GL-NOPE-001", allowed: ${RULES.map((r) => r.id).join(", ")}`],
    [["--compact", "--format", "sarif"], "--compact: applies to the table format only, not sarif"],
  ])("fails with exit 2 for %j", async (args, says) => {
    const run = await golive(["check", ...args], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(says);
  });

  test("fails with exit 2 for an environment that has no stacks", async () => {
    expect((await golive(["synth"], { cwd: dir })).code).toBe(0);
    const run = await golive(["check", "qa", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown environment "qa" (allowed: production)');
  });

  test("fails with exit 2 naming --dir when the folder given holds no synth output", async () => {
    mkdirSync(join(dir, "empty"));
    const run = await golive(["check", "--dir", "empty", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("golive check: --dir: empty holds no synth output (no manifest.json);");
  });

  test("with neither a config folder nor a synth output, names the missing config folder as synth does (exit 1), writing nothing", async () => {
    const bare = tempDir("golive-check-bare-");
    const run = await golive(["check", "dev"], { cwd: bare });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("config: (root): cannot read the config folder (does it exist?)\n");
    expect(readdirSync(bare)).toEqual([]);
  });
});

describe("JUnit XML", () => {
  const hostile = "a <b> & \"c\" 'd' ]]> \u0001\u0007 \ud800 line\nbreak \ud83d\ude80";
  const rule = (id: string, severity: "blocker" | "warning"): Rule => ({
    id,
    title: `${id} title ${hostile}`,
    severity,
    row: "auth",
    explanation: "why",
    fix: `fix ${hostile}`,
    check: () => ({ kind: "compliant" }),
  });
  const finding = { message: `finding ${hostile}`, location: { kind: "repo" as const, file: "runbooks/<x>.md" } };
  const blocker = rule("GL-T-001", "blocker");
  const warning = rule("GL-T-002", "warning");
  const report: CheckReport = {
    today: TODAY,
    environments: ["production", `qa ${hostile}`],
    skipped: ["GL-T-002"],
    results: [
      { rule: blocker, env: "production", status: "fail", findings: [finding] },
      { rule: warning, env: "production", status: "skipped", findings: [], note: "skipped by --skip-rule" },
      {
        rule: blocker,
        env: `qa ${hostile}`,
        status: "exempt",
        findings: [finding],
        exemption: { reason: hostile, expires: "2027-01-01", unscoped: true, exempted: 1 },
      },
      { rule: warning, env: `qa ${hostile}`, status: "fail", findings: [finding] },
    ],
  };

  test("escapes every text and attribute, and replaces characters XML cannot hold, so any report parses", () => {
    const xml = toJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parseJunit(xml);
    const [prod, qa] = doc.testsuites.testsuite;
    expect(doc.testsuites).toMatchObject({ tests: 4, failures: 1, skipped: 2 });
    expect(prod).toMatchObject({ failures: 1, skipped: 1 });
    expect(qa).toMatchObject({ failures: 0, skipped: 1 });
    // What survives a round trip: everything but the control characters and the lone surrogate.
    const survived = "a <b> & \"c\" 'd' ]]> \ufffd\ufffd \ufffd line\nbreak \ud83d\ude80";
    expect(prod?.testcase[0]?.failure?.[0]?.message).toBe(`finding ${survived}`);
    expect(prod?.testcase[0]?.failure?.[0]?.text).toContain(`at runbooks/<x>.md`);
    expect(prod?.testcase[1]?.skipped?.[0]?.message).toBe("skipped by --skip-rule");
    expect(qa?.name).toBe(`qa ${survived}`);
    expect(qa?.testcase[0]?.skipped?.[0]?.message).toBe(`exempt until 2027-01-01: ${survived}`);
    expect(qa?.testcase[1]?.failure).toBeUndefined(); // a warning is not a failure
    expect(qa?.testcase[1]?.["system-out"]?.[0]).toContain(`finding ${survived}`);
  });

  test("xmlEscape leaves no markup character and no character XML 1.0 forbids", () => {
    const escaped = xmlEscape(hostile);
    expect(escaped).not.toMatch(/[<>"']/);
    // XML 1.0 forbids every control character but tab, LF and CR, even escaped.
    expect([...escaped].filter((c) => (c.codePointAt(0) ?? 0) < 0x20)).toEqual([]);
    expect(escaped).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#9|#10|#13);)/);
  });
});
