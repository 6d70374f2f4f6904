import { credentialKind } from "../../lib/core/credential-shapes";
import { REDACTED, redact } from "../../lib/core/redact";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { check, messages, ruleById } from "../checks/support";

/**
 * An AWS access key id is AKIA... for a user's long-lived key and ASIA... for the temporary key of a
 * role session (STS: what `aws sts assume-role`, an OIDC token or an instance profile hands out). The
 * shared pattern set (lib/core/secret-patterns.json) knows both: GL-SEC-004 fails on either in
 * synthesized Terraform JSON, and neither is printed, in a plan review or in any other output.
 */

// Assembled at run time: the repository's secret scan reads this file.
const keyId = (prefix: string) => [prefix, "QX7RZ2M4KD9WJ3HT"].join("");
const TEMPORARY = keyId(["AS", "IA"].join(""));
const LONG_LIVED = keyId(["AK", "IA"].join(""));

const rule = ruleById("GL-SEC-004");
const found = (value: string) => messages(check(rule, [{ name: "app-qa", file: "f", json: { output: { k: { value } } } }]));

/** A plan updating a TXT record's content to `value`, as plan-report reads it. */
function reviewOf(value: string): { comment: string; json: string } {
  const plan = {
    format_version: "1.2",
    resource_changes: [
      {
        address: "cloudflare_dns_record.t",
        mode: "managed",
        type: "cloudflare_dns_record",
        name: "t",
        change: {
          actions: ["update"],
          before: { name: "t.example.com", type: "TXT", content: "old" },
          after: { name: "t.example.com", type: "TXT", content: `key ${value} here` },
          after_unknown: {},
          before_sensitive: {},
          after_sensitive: {},
        },
      },
    ],
  };
  const r = renderPlanReport([{ stack: "edge-production", file: "p.json", plan: parsePlanJson("p.json", JSON.stringify(plan)) }], "r.md");
  return { comment: r.comment, json: r.json };
}

describe("a temporary AWS access key id (ASIA...)", () => {
  test.each([
    ["temporary", TEMPORARY],
    ["long-lived", LONG_LIVED],
  ])("fails GL-SEC-004 in synthesized Terraform JSON (%s)", (_kind, id) => {
    expect(credentialKind(`x ${id} y`)).toBe("an AWS access key id");
    const out = found(id);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain("holds an AWS access key id (value not shown)");
    expect(out[0]).not.toContain(id);
  });

  test("is not shown in a plan review (comment and JSON), whose other text stays", () => {
    const { comment, json } = reviewOf(TEMPORARY);
    for (const text of [comment, json]) expect(text).not.toContain(TEMPORARY.slice(4));
    expect(comment).toContain('content: "old" -> "key (redacted) here"');
  });

  test("is redacted from any other output (redact), as a long-lived one is", () => {
    expect(redact(`AWS_ACCESS_KEY_ID=${TEMPORARY} failed`)).toBe(`AWS_ACCESS_KEY_ID=${REDACTED} failed`);
    expect(redact(`AWS_ACCESS_KEY_ID=${LONG_LIVED} failed`)).toBe(`AWS_ACCESS_KEY_ID=${REDACTED} failed`);
  });
});
