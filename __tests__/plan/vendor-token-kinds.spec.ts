import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { redact } from "../../lib/core/redact";
import { addressParts } from "./fixtures";
import { VENDOR_TOKENS } from "./vendor-tokens";

const TOKENS = Object.entries(VENDOR_TOKENS).map(([name, { token }]) => [name, token] as const);

/** A plan with each token in a TXT record's content and in a tag of a queue, unmarked. */
function planOf(tokens: readonly string[]): string {
  const change = (address: string, after: Record<string, unknown>) => ({
    address,
    ...addressParts(address),
    change: { actions: ["create"], before: null, after, after_unknown: {}, before_sensitive: false, after_sensitive: {} },
  });
  return JSON.stringify({
    format_version: "1.2",
    resource_changes: tokens.flatMap((token, i) => [
      change(`cloudflare_dns_record.t${i}`, { name: "example.com", type: "TXT", content: `"note ${token} here"`, ttl: 1 }),
      change(`aws_sqs_queue.q${i}`, { name: `q${i}`, tags: { Owner: `ops ${token}` } }),
    ]),
  });
}

describe("vendor credentials gitleaks' default rules know are never shown", () => {
  const plan = parsePlanJson("vendors.json", planOf(TOKENS.map(([, token]) => token)));
  const r = renderPlanReport([{ stack: "app-production", file: "vendors.json", plan }], "r.md");

  test.each(TOKENS)("plan-report hides a %s in a TXT record and a tag, in Markdown and JSON", (_, token) => {
    for (const text of [r.comment, r.fullMarkdown, r.json]) expect(text).not.toContain(token.slice(-20));
  });

  test.each(TOKENS)("every command's printed output hides a %s", (_, token) => {
    expect(redact(`golive: using ${token} now`)).not.toContain(token.slice(-20));
  });
});
