import { desiredDestinations } from "../../lib/features/monitoring/destinations";
import { exampleConfig } from "../helpers/example-config";
import { runbookTexts } from "./deploy-commands";

// The audit: reads of the example's secrets named no --region while the runbook created the webhook's
// secret with --region eu-west-1; from a shell whose default is us-east-1 the read fails, and
// `export TF_VAR_...="$(...)"` sets an empty string without stopping.

const cfg = exampleConfig();
const webhookRegions = new Map(desiredDestinations(cfg).webhooks.map((w) => [w.secretName, w.secretRegion]));

/** The region a runbook command must name for a secret: the webhook's own, or secrets.region. */
const regionOf = (secret: string): string | undefined => webhookRegions.get(secret) ?? cfg.secrets?.region;

/** Each `aws secretsmanager` command of a text with its secret and the region it names. */
function secretCommands(text: string): { line: number; secret: string; region: string | undefined }[] {
  return text.split("\n").flatMap((lineText, i) =>
    [...lineText.matchAll(/aws secretsmanager [a-z-]+([^`)\n]*)/g)].map((m) => {
      const args = m[1] ?? "";
      return {
        line: i + 1,
        secret: /--(?:secret-id|name) (\S+)/.exec(args)?.[1] ?? /Values=(\S+?)\//.exec(args)?.[1] ?? "",
        region: /--region (\S+)/.exec(args)?.[1],
      };
    }),
  );
}

describe("every aws secretsmanager command of the runbooks names the secret's region", () => {
  test("the example's webhook secret and items live in eu-west-1", () => {
    expect([...webhookRegions]).toEqual([["opsbot/production/pagerduty-alerts-url", "eu-west-1"]]);
    expect(cfg.secrets?.region).toBe("eu-west-1");
  });

  test("fails a planted command without --region or with another region", () => {
    const planted =
      "aws secretsmanager get-secret-value --secret-id a/b/c --region us-east-1\naws secretsmanager rotate-secret --secret-id x";
    expect(
      secretCommands(planted)
        .filter((c) => c.region !== regionOf(c.secret))
        .map((c) => c.line),
    ).toEqual([1, 2]);
  });

  test.each(runbookTexts())("$file", ({ file, text }) => {
    const wrong = secretCommands(text)
      .filter((c) => c.region !== regionOf(c.secret))
      .map((c) => `${file}:${c.line}: ${c.secret} in ${c.region ?? "the shell's default region"}`);
    expect(wrong).toEqual([]);
  });
});
