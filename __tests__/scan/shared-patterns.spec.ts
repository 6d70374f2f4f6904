import { existsSync } from "node:fs";
import { join } from "node:path";
import patterns from "../../lib/core/secret-patterns.json";
import { check, messages, ruleById } from "../checks/support";
import { REPO_ROOT } from "../helpers/example-config";
import { PATTERN_SAMPLES } from "./pattern-samples";
import { plantedSynth, stackFile } from "./planted-synth";

describe("one secret pattern set for the scanner and golive check (lib/core/secret-patterns.json)", () => {
  test("the scanner's config is built from the data file, with no pattern of its own, and the old JSON config is gone", () => {
    const config: { rules: { id: string; options?: { allows?: string[]; patterns?: { patterns: string[] }[] } }[] } = require(
      join(REPO_ROOT, ".secretlintrc.js"),
    );
    const rule = config.rules.find((r) => r.id === "@secretlint/secretlint-rule-pattern");
    const scanner = (rule?.options?.patterns ?? []).flatMap((p) => p.patterns);
    expect(scanner).toEqual(expect.arrayContaining(patterns.values.map((v) => v.pattern)));
    // one pattern per value shape, one per assignment, one for the secret attributes of Terraform JSON
    expect(scanner).toHaveLength(patterns.values.length + patterns.assignments.length + 1);
    for (const key of patterns.secretKeys) expect(scanner.at(-1)).toMatch(new RegExp(`[:|]${key}[|)]`));
    expect(rule?.options?.allows).toEqual(patterns.placeholders);
    expect(existsSync(join(REPO_ROOT, ".secretlintrc.json"))).toBe(false);
  });

  test("every sample credential fails both golive check (GL-SEC-004) and the scanner, as synthesized Terraform JSON", () => {
    const rule = ruleById("GL-SEC-004");
    for (const [name, sample] of Object.entries(PATTERN_SAMPLES)) {
      const found = messages(check(rule, [{ name: `${name}-qa`, file: "f", json: sample.json }]));
      expect([name, found.length, found[0] ?? ""]).toEqual([name, 1, expect.stringContaining(`holds ${sample.kind} (value not shown)`)]);
    }
    // Each sample is a stack of the synth output planted-synth.ts scans once (as SARIF) for
    // secret-scan.spec.ts too.
    const { run, found } = plantedSynth();
    expect(run.code).toBe(1);
    const missed = Object.keys(PATTERN_SAMPLES).filter((name) => !found.includes(stackFile(name)));
    expect(missed).toEqual([]);
  });
});
