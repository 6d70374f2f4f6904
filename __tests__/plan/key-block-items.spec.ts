import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { diffAttributes } from "../../lib/core/plan/attribute-diff";
import { flaggedItemNames } from "../../lib/core/plan/flagged-items";
import { formatValue } from "../../lib/core/plan/format-value";
import { redactCredentials } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { golive, tempDir } from "../helpers/cli";

// Key material is assembled at run time: the repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const HEADER = j("-----BEGIN OPENSSH PRIVATE", " KEY-----");
const FOOTER = j("-----END OPENSSH PRIVATE", " KEY-----");
/** A 70-character key body: too short for the long-encoded-value rule, so only its place in the block hides it. */
const BODY = j("b3BlbnNzaC1rZXktdjEAAAAABG5v", "bmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW");
const KEY_ITEMS = [HEADER, BODY, FOOTER];

function planText(): string {
  const change = { before_sensitive: {}, after_sensitive: {}, after_unknown: {} };
  return JSON.stringify({
    format_version: "1.2",
    resource_changes: [
      {
        address: "terraform_data.key",
        mode: "managed",
        type: "terraform_data",
        name: "key",
        change: { ...change, actions: ["update"], before: { id: "k", input: ["a"] }, after: { id: "k", input: KEY_ITEMS } },
      },
    ],
    output_changes: { key: { ...change, after_unknown: false, actions: ["update"], before: "a", after: KEY_ITEMS } },
  });
}

describe("a private key block split across the items of a list is hidden whole", () => {
  test("the attribute diff shows every item of the block as (redacted), the body included", () => {
    const { diffs } = diffAttributes(
      { before: { input: ["a"] }, after: { input: KEY_ITEMS }, beforeSensitive: {}, afterSensitive: {}, afterUnknown: {} },
      40,
      redactCredentials,
    );
    expect(diffs.map((d) => [d.path, d.after])).toEqual([
      ["input[0]", REDACTED_VALUE],
      ["input[1]", REDACTED_VALUE],
      ["input[2]", REDACTED_VALUE],
    ]);
  });

  test("plan-report's comment and JSON never show the body, as an attribute or an output, and stay valid", async () => {
    const dir = tempDir("golive-key-items-");
    mkdirSync(join(dir, "plans"));
    writeFileSync(join(dir, "plans", "app-staging.json"), planText());
    // In-process: markdown-breakout.spec.ts spawns plan-report; redaction does not depend on the process.
    const md = await golive(["plan-report"], { cwd: dir });
    const json = await golive(["plan-report", "--json"], { cwd: dir });
    for (const run of [md, json]) {
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain(BODY.slice(0, 24));
      expect(run.stdout).not.toContain(BODY.slice(-24));
      expect(run.stdout).not.toContain(`"${REDACTED_VALUE}\n`);
    }
    expect(md.stdout).toContain(`    input[1]: null -> ${REDACTED_VALUE}`);
    const report = JSON.parse(json.stdout);
    expect(report.stacks[0].changes[0].attributes).toContainEqual({ path: "input[1]", before: "null", after: REDACTED_VALUE });
  });

  test("items from the header to the end line stand under a secret name; without an end line, to the list's end", () => {
    expect(flaggedItemNames(["keep", HEADER, BODY, FOOTER, "after"])).toEqual([undefined, "private_key", "private_key", "private_key"]);
    expect(flaggedItemNames(["keep", HEADER, BODY, "more"])).toEqual([undefined, "private_key", "private_key", "private_key"]);
    // A block within one item is the credential shapes' to hide; the list's other items stay.
    expect(flaggedItemNames([j(HEADER, "\n", BODY, "\n", FOOTER), "x"])).toBeUndefined();
    const report = renderPlanReport([{ stack: "s", file: "p.json", plan: parsePlanJson("p.json", planText()) }], "`r.md`");
    expect(report.fullMarkdown).not.toContain(BODY.slice(0, 24));
  });

  test("a key header without its end, redacted in one string, keeps the string's closing quote", () => {
    expect(formatValue(HEADER, redactCredentials)).toBe(`"${REDACTED_VALUE}"`);
    expect(formatValue(j(HEADER, "\n", BODY), redactCredentials)).toBe(`"${REDACTED_VALUE}"`);
    expect(formatValue(j("x ", HEADER, "\n", BODY, "\n", FOOTER, " y"), redactCredentials)).toBe(`"x ${REDACTED_VALUE} y"`);
  });
});
