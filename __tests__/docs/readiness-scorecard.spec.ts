import { cpSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";
import { readDoc } from "./support";

/** A fixed day near the examples' attestation dates: GL-READY-003 would turn them stale on a later real one. */
const TODAY = "2026-11-29";
const INTRO = "The scorecard of the example configs:";

/** docs/readiness.md's example scorecard (the code block after INTRO) and the prose paragraph after it. */
function documented(): { block: string; after: string } {
  const page = readDoc("docs/readiness.md");
  const start = page.indexOf(INTRO);
  if (start === -1) throw new Error(`docs/readiness.md no longer says "${INTRO}"`);
  const m = /```\n([\s\S]*?)\n```\n\n([\s\S]*?)(?:\n\n|$)/.exec(page.slice(start));
  return { block: m?.[1] ?? "", after: (m?.[2] ?? "").replace(/\s+/g, " ") };
}

/** `golive check` on the example configs' synth output, with the repository's runbooks (GL-REL-003). */
async function realCheck(): Promise<string> {
  const dir = tempDir("golive-docs-scorecard-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  await copyExampleSynth(dir);
  const run = await golive(["check", "--today", TODAY, "--runbooks-dir", join(REPO_ROOT, "runbooks")], { cwd: dir });
  expect(run).toMatchObject({ code: 0, stderr: "" });
  return run.stdout;
}

describe("docs/readiness.md's example scorecard", () => {
  let stdout = "";
  beforeAll(async () => {
    stdout = await realCheck();
  });

  test("is what golive check prints for the example configs, from the table's header to the verdict", () => {
    const lines = stdout.split("\n");
    const first = lines.findIndex((l) => l.startsWith("Checklist row"));
    const verdict = lines.findIndex((l) => /^(READY|NOT READY)\b/.test(l));
    expect(first).toBeGreaterThan(-1);
    expect(verdict).toBeGreaterThan(first);
    expect(documented().block).toBe(lines.slice(first, verdict + 1).join("\n"));
  });

  test("the paragraph after it names every rule that warns, and no other", () => {
    const warnings = [...new Set([...stdout.matchAll(/^WARNING (GL-[A-Z]+-\d+) /gm)].map((m) => m[1] ?? ""))];
    expect(warnings.length).toBeGreaterThan(0);
    const { after } = documented();
    expect(warnings.filter((id) => !after.includes(id))).toEqual([]);
    const stated = [...after.matchAll(/\bGL-[A-Z]+-\d+\b/g)].map((m) => m[0]);
    expect([...new Set(stated)].sort()).toEqual([...warnings].sort());
  });
});
