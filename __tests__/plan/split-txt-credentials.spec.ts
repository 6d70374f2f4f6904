import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { finalRedaction } from "../../lib/engines/plan/final-redaction";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { renderConfigReview } from "./config-review";
import { addressParts } from "./fixtures";

// A TXT value over 255 bytes is written as quoted character-strings (RFC 1035 3.3.14), read joined:
// Cloudflare's state and a plan's `before` hold it split, a credential cut in two. Assembled at run
// time: the repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const HALF = j("gh", "p_I8cOwOYEayMU6yqI");
const REST = "QgaQqs6k2KyGAI4aQqMu";
/** The auditor's value: each half too short for a GitHub token. */
const SPLIT = `"v=spf1 include:x ${HALF}" "${REST} -all"`;
/** Cut inside the token's prefix, so no half names one. */
const SPLIT_PREFIX = j('"v=spf1 include:x g', '" "hp_I8cOwOYEayMU6yqI', REST, ' -all"');
const SPF = '"v=spf1 include:_spf.example.net" " ~all"';

function txtPlan(before: string, after: string): string {
  const address = "cloudflare_dns_record.spf";
  const rec = (content: string) => ({ name: "example.com", type: "TXT", content, ttl: 1 });
  return JSON.stringify({
    format_version: "1.2",
    resource_changes: [
      {
        address,
        ...addressParts(address),
        change: {
          actions: ["update"],
          before: rec(before),
          after: rec(after),
          after_unknown: {},
          before_sensitive: {},
          after_sensitive: {},
        },
      },
    ],
  });
}

function review(before: string, after: string) {
  const plan = parsePlanJson("txt.json", txtPlan(before, after));
  return renderPlanReport([{ stack: "edge-production", file: "txt.json", plan }], "r.md");
}

describe("a credential split across TXT character-strings is read joined", () => {
  test.each([
    ["split between two strings", SPLIT],
    ["split inside its prefix", SPLIT_PREFIX],
  ])("plan-report hides a TXT value holding a GitHub token %s, whole, in Markdown and JSON", (_, value) => {
    const r = review(value, "v=spf1 -all");
    for (const text of [r.comment, r.fullMarkdown, r.json]) {
      expect(text).not.toContain(REST);
      expect(text).not.toContain("I8cOwOYEayMU6yqI");
    }
    expect(r.comment).toContain(`content: "${REDACTED_VALUE}" -> "v=spf1 -all"`);
  });

  test("a split TXT value without a credential stays readable", () => {
    const r = review(SPF, '"v=spf1 -all"');
    expect(r.comment).toContain("include:_spf.example.net");
    expect(r.comment).not.toContain(REDACTED_VALUE);
  });

  test("plan-report --config-diff hides it in a synthesized stack's TXT record", () => {
    const stack = (content: string) => ({
      resource: { cloudflare_dns_record: { Spf: { zone_id: "z", name: "example.com", type: "TXT", content, ttl: 1 } } },
    });
    const r = renderConfigReview("edge-production", stack(SPLIT), stack('"v=spf1 -all"'), "0".repeat(40));
    for (const text of [r.comment, r.json]) expect(text).not.toContain(REST);
    expect(r.comment).toContain(REDACTED_VALUE);
  });

  test("the last redaction of a report reads a split value joined too: a rendered Markdown line and a JSON string", () => {
    const redaction = finalRedaction();
    const quoted = JSON.stringify(SPLIT_PREFIX);
    const line = `    content: ${quoted} -> "x"`;
    expect(redaction.markdown(line)).toBe(`    content: "${REDACTED_VALUE}" -> "x"`);
    expect(redaction.text(quoted)).not.toContain(REST);
    expect(redaction.markdown(`    content: ${JSON.stringify(SPF)} -> "x"`)).toContain("_spf.example.net");
  });
});
