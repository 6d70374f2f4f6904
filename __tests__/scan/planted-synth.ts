import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { PATTERN_SAMPLES } from "./pattern-samples";
import { disjoint, once, plant, type ScanRun, scan } from "./secret-scan-run";

// One synth output scanned once as SARIF, shared by secret-scan.spec.ts and shared-patterns.spec.ts
// (each secretlint start costs about a second of CPU): a literal under each secret-like attribute, the
// references that must pass, and a stack for each of PATTERN_SAMPLES; each finding is asserted by file,
// and the report format is checked on the same run. The output also holds a .secretlintignore at its
// root, which synth mode refuses. Its folders go with the test run's temporary root
// (__tests__/helpers/temp-root.js): the specs using them end at different times.

/** The secret-like attributes given a literal, each in the stack `leak-<attribute>`. */
export const LEAKED_ATTRIBUTES = ["secret_string", "password", "api_token"] as const;

/** A SARIF 2.1.0 report, as far as the tests read it. */
export interface SarifReport {
  readonly version: string;
  readonly runs: readonly {
    readonly results: readonly {
      readonly ruleId: string;
      readonly locations: readonly { readonly physicalLocation: { readonly artifactLocation: { readonly uri: string } } }[];
    }[];
  }[];
}

/** The synth output, its scan, and the report's file of each finding (relative to the output). */
export interface PlantedSynth {
  readonly out: string;
  readonly run: ScanRun;
  readonly sarif: SarifReport;
  readonly found: readonly string[];
}

/** The file of stack `name` in a synth output: what the report names. */
export const stackFile = (name: string) => `stacks/${name}/cdk.tf.json`;

export const plantedSynth = once((): PlantedSynth => {
  const out = tempDir("golive-scan-out-");
  const leaks = Object.fromEntries(
    LEAKED_ATTRIBUTES.map((key) => [stackFile(`leak-${key}`), JSON.stringify({ resource: { v: { [key]: "planted-literal-value-123" } } })]),
  );
  // References and a non-secret attribute: must pass.
  const refs = {
    [stackFile("refs")]: JSON.stringify({
      resource: {
        v: {
          secret_string: "${var.value}",
          secret_string_wo: "${ephemeral.random_password.db.result}",
          password: "${var.db_password}",
          token_id: "abc",
        },
      },
    }),
  };
  const samples = Object.fromEntries(
    Object.entries(PATTERN_SAMPLES).map(([name, sample]) => [stackFile(name), JSON.stringify(sample.json, null, 2)]),
  );
  plant(out, disjoint(leaks, refs, samples));
  // Refused whatever it lists; it lists a folder the output lacks, so the findings above stay whole.
  plant(out, { ".secretlintignore": "/stacks/vendor/\n" });
  const report = join(tempDir("golive-scan-sarif-"), "secretlint.sarif");
  const run = scan(["synth", "--no-synth", "--out", out, "--format", "sarif", "--output", report]);
  const sarif: SarifReport = JSON.parse(readFileSync(report, "utf8"));
  const found = sarif.runs[0]?.results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri)) ?? [];
  return { out, run, sarif, found };
});
