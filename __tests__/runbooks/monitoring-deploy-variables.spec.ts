import { desiredDestinations, webhookExportCommand } from "../../lib/features/monitoring/destinations";
import { exampleConfig } from "../helpers/example-config";
import { runbookTexts } from "./deploy-commands";

// The audit: alert_webhook_pagerduty has no default and nullable false, and cdktf applies without
// -input=false, so a by-hand deploy of monitoring-production without TF_VAR_alert_webhook_pagerduty
// stops at a prompt; only deploy.md step 6 exported it.

const webhooks = desiredDestinations(exampleConfig()).webhooks;
/** A hand deploy of a monitoring stack: cdktf deploy naming it, or terraform apply in its directory. */
const DEPLOYS_MONITORING = /cdktf deploy (?:[^`\n]* )?monitoring-|terraform -chdir=\S*monitoring-\S* apply/;
/** Prose that sends the reader to the step that sets the variables. */
const POINTER = /deploy\.md`?,? step 6|export each `TF_VAR_alert_webhook_<name>` first/;

/**
 * Lines that deploy monitoring by hand and neither run after every webhook's export line (the command
 * the variable's description gives), guarded by a `[ -n ... ] &&` on its value, nor point at step 6.
 */
function unfed(text: string): number[] {
  const lines = text.split("\n");
  return lines.flatMap((line, i) => {
    if (!DEPLOYS_MONITORING.test(line)) return [];
    const before = lines.slice(Math.max(0, i - 4), i).map((l) => l.trim());
    const fed = webhooks.every(
      (w) => before.includes(webhookExportCommand(w)) && line.trim().startsWith(`[ -n "$TF_VAR_${w.variable}" ] && `),
    );
    const pointed = [line, ...lines.slice(Math.max(0, i - 2), i)].some((l) => POINTER.test(l));
    return fed || pointed ? [] : [i + 1];
  });
}

describe("every by-hand deploy of monitoring-<env> in the runbooks sets the webhook variables first", () => {
  test("the example has a webhook, so the check bites", () => {
    expect(webhooks.map((w) => w.variable)).toEqual(["alert_webhook_pagerduty"]);
  });

  test("fails a planted deploy without the export, without the guard or after a read without --region", () => {
    const [w] = webhooks;
    const exported = webhookExportCommand(w!);
    const guarded = `[ -n "$TF_VAR_${w!.variable}" ] && npx cdktf deploy monitoring-production --ignore-missing-stack-dependencies`;
    const planted = [
      "npx cdktf deploy monitoring-production --ignore-missing-stack-dependencies",
      exported.replace(/ --region \S+/, ""),
      guarded,
      "",
      "",
      "",
      exported,
      "npx cdktf deploy monitoring-production --ignore-missing-stack-dependencies",
      exported,
      guarded,
      "as runbooks/deploy.md step 6 does: `npx cdktf deploy monitoring-production --ignore-missing-stack-dependencies`",
    ].join("\n");
    expect(unfed(planted)).toEqual([1, 3, 8]);
  });

  test.each(runbookTexts())("$file", ({ text }) => {
    expect(unfed(text)).toEqual([]);
  });
});
