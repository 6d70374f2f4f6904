import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { reviewOf } from "./provider-plan";

// A key without a fixed part right after `=` (a name=value, a flag's --name=value, a URL query's
// ?x=…&z=1) is hidden by its look as one standing alone: the audit found every such form printed in
// full while the same key alone in a value read (redacted). Every key is built at run time: the
// repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const AWS_KEY = j("Zq3k9Yv1XbT7", "mN2pQ8rS4uW6", "yA0cE5gH7jL9nP1r");
const CF_TOKEN = j("Zq3k_Yv1XbT7", "mN2pQ8r-S4uW", "6yA0cE5gH7jL9nP1");

/** The audit's forms: a label, the text before the key, the key, the text after it. */
const FORMS: readonly (readonly [string, string, string, string])[] = [
  ["AWS_KEY=<AWS key>", "AWS_KEY=", AWS_KEY, ""],
  ["key=<AWS key>", "key=", AWS_KEY, ""],
  ["x=<AWS key>", "x=", AWS_KEY, ""],
  ["aws_key=<AWS key>", "aws_key=", AWS_KEY, ""],
  ["--aws-key=<AWS key>", "--aws-key=", AWS_KEY, ""],
  ["k=<AWS key>&z=1", "k=", AWS_KEY, "&z=1"],
  ["x=<Cloudflare token>", "x=", CF_TOKEN, ""],
];

const secretUpdate = (note: string) => ({
  address: "aws_secretsmanager_secret.S",
  actions: ["update"],
  before: { name: "app/db", tags: { note: "none" } },
  after: { name: "app/db", tags: { note } },
});
const healthCheckUpdate = (search: string) => ({
  address: "aws_route53_health_check.app",
  actions: ["update"],
  before: { fqdn: "app.example.com", type: "HTTPS", search_string: "ok", tags: { Name: "app" } },
  after: { fqdn: "app.example.com", type: "HTTPS", search_string: search, tags: { Name: "app" } },
});

describe("redaction: a key after `=`, `&` or `?` is hidden as one standing alone", () => {
  test.each(FORMS)("%s in a value never reaches the comment, the full report or the JSON", (_, before, key, after) => {
    const r = reviewOf(secretUpdate(`${before}${key}${after}`));
    for (const [where, text] of Object.entries({ comment: r.comment, full: r.fullMarkdown, json: r.json }))
      expect({ where, leaked: text.includes(key) }).toEqual({ where, leaked: false });
    expect(r.comment).toContain(`    tags.note: "none" -> "${before}${REDACTED_VALUE}${after}"`);
    // --format json: the attribute's after as the report formats it (a quoted string), as a JSON string.
    expect(r.json).toContain(`"after": ${JSON.stringify(JSON.stringify(`${before}${REDACTED_VALUE}${after}`))}`);
  });

  test.each(FORMS)("%s in a risk flag's text is hidden in Markdown and JSON alike", (_, before, key, after) => {
    const r = reviewOf(healthCheckUpdate(`${before}${key}${after}`));
    const flag = r.report.stacks.flatMap((s) => s.risks).find((f) => f.address === "aws_route53_health_check.app");
    const shown = `search_string "ok" -> "${before}${REDACTED_VALUE}${after}"`;
    expect(flag?.detail).toContain(shown);
    expect(r.json).toContain(JSON.stringify(shown).slice(1, -1));
    for (const [where, text] of Object.entries({ comment: r.comment, full: r.fullMarkdown, json: r.json }))
      expect({ where, leaked: text.includes(key) }).toEqual({ where, leaked: false });
  });

  test("a key in an SNS endpoint URL's query is hidden, the URL around it shown", () => {
    const url = "https://alerts.example.com/hook";
    const r = reviewOf({
      address: "aws_sns_topic_subscription.alerts",
      actions: ["update"],
      before: { protocol: "https", endpoint: url },
      after: { protocol: "https", endpoint: `${url}?x=${AWS_KEY}` },
    });
    for (const [where, text] of Object.entries({ comment: r.comment, full: r.fullMarkdown, json: r.json }))
      expect({ where, leaked: text.includes(AWS_KEY) }).toEqual({ where, leaked: false });
    expect(r.comment).toContain(`endpoint: "${url}" -> "${url}?x=${REDACTED_VALUE}"`);
  });

  test("a 40-character name after `=` is shown as it is", () => {
    const text = "group=OpsbotProdApiGwStageLogGroupArnForAlarms&z=1";
    expect(reviewOf(secretUpdate(text)).comment).toContain(`    tags.note: "none" -> "${text}"`);
  });
});
