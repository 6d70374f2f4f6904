import { mayHoldCredential } from "../../lib/core/credential-shapes";
import { redactCredentials } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { REDACTED, redact } from "../../lib/core/redact";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";

// A webhook URL carries its secret in its path (or its sig= parameter): every service's URL is hidden
// whole, by the plan review and by every command's output. Built at run time: the repository's secret
// scan reads this file.
const j = (...parts: string[]) => parts.join("");
const KEY = j("q8Zk2Lm4Np6R", "t1Vx3Yb5Cd7F");
const GUID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

const WEBHOOKS: Readonly<Record<string, string>> = {
  "PagerDuty, EU service region": j("https://events.eu.pagerduty.com/integration/", KEY, "/enqueue"),
  "PagerDuty, US service region": j("https://events.pagerduty.com/v2/", "enqueue/", KEY),
  Slack: j("https://hooks.slack.com/services/", "T4K2M9Q7Z/B6R1W8N3P/", KEY),
  GovSlack: j("https://hooks.slack-gov.com/services/", "T4K2M9Q7Z/B6R1W8N3P/", KEY),
  "Microsoft Teams": j("https://contoso.webhook.office.com/webhookb2/", GUID, "@", GUID, "/IncomingWebhook/", KEY, "/", GUID),
  "Microsoft Teams, retired host": j("https://outlook.office.com/webhook/", GUID, "@", GUID, "/IncomingWebhook/", KEY, "/", GUID),
  "Teams workflow (Logic Apps)": j(
    "https://prod-27.westeurope.logic.azure.com:443/workflows/",
    KEY,
    "/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=",
    KEY,
  ),
  Discord: j("https://discord.com/api/webhooks/", "123456789012345678/", KEY, "-", KEY),
};

describe("redaction: webhook URLs of every alerting service are hidden whole", () => {
  test.each(Object.entries(WEBHOOKS))("%s: by the plan review and by every command's output, in JSON text too", (_, url) => {
    expect(mayHoldCredential(url)).toBe(true);
    expect(redactCredentials(`url: ${url} sent`)).toBe(`url: ${REDACTED_VALUE} sent`);
    expect(redact(`url: ${url} sent`)).toBe(`url: ${REDACTED} sent`);
    const json = JSON.stringify({ url: `${url}"`, next: "kept" });
    expect(JSON.parse(redact(json))).toEqual({ url: `${REDACTED}"`, next: "kept" });
  });

  test("in a plan: no webhook URL reaches the comment, the full report or the JSON, under names that say nothing", () => {
    const urls = Object.values(WEBHOOKS);
    const plan = parsePlanJson(
      "hooks.json",
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [],
        output_changes: Object.fromEntries(
          urls.map((v, i) => [`out_${i}`, { actions: ["create"], before: null, after: v, after_unknown: false }]),
        ),
      }),
    );
    const r = renderPlanReport([{ stack: "monitoring-production", file: "hooks.json", plan }], "r.md");
    for (const text of [r.comment, r.fullMarkdown, r.json]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain("hooks.slack");
    }
    expect(r.comment).toContain(`\`out_0\` (create): \`null\` → \`"${REDACTED_VALUE}"\``);
  });

  test("other URLs of the same services stay: their status pages and documentation", () => {
    for (const url of [
      "https://status.pagerduty.com/",
      "https://api.slack.com/messaging/webhooks",
      "https://learn.microsoft.com/microsoftteams/",
    ])
      expect([redactCredentials(url), redact(url)]).toEqual([url, url]);
  });
});
