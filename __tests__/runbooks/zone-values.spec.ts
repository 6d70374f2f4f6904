import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMANDS } from "../../lib/cli/commands";
import { REPO_ROOT } from "../helpers/example-config";

// The audit: the cutover rollback said to export SPF, DKIM and DMARC with a bare `golive zone
// production`, which prints the SES DKIM CNAMEs commented out (UNKNOWN UNTIL APPLY) without --values.

const RUNBOOK = readFileSync(join(REPO_ROOT, "runbooks", "dns-and-email-cutover.md"), "utf8");
/** From the email deploy on, the SES tokens exist: every zone export must carry them. */
const AFTER_EMAIL_DEPLOY = RUNBOOK.slice(RUNBOOK.indexOf("## Email"));

/** The `golive zone` commands of a text whose options supply no after-apply values. */
const withoutValues = (text: string): string[] =>
  [...text.matchAll(/golive zone [^`\n#]*/g)].map((m) => m[0].trim()).filter((c) => !/ --(values|set) /.test(`${c} `));

describe("every zone export after the email deploy in dns-and-email-cutover.md supplies the DKIM tokens", () => {
  test("the section exists and exports the zone", () => {
    expect(AFTER_EMAIL_DEPLOY.length).toBeLessThan(RUNBOOK.length);
    expect(AFTER_EMAIL_DEPLOY).toMatch(/golive zone production --values/);
  });

  test("fails a planted bare export", () => {
    expect(withoutValues("export them with `npx golive zone production` and `golive zone production --values -`")).toEqual([
      "golive zone production",
    ]);
  });

  test("none without --values or --set", () => {
    expect(withoutValues(AFTER_EMAIL_DEPLOY)).toEqual([]);
  });

  test("the pipe form it uses is one golive zone --help gives", () => {
    expect(AFTER_EMAIL_DEPLOY).toContain("npx golive outputs email-production | npx golive zone production --values -");
    expect(COMMANDS.find((c) => c.name === "zone")?.usage).toContain("golive outputs email-production | golive zone production --values -");
  });
});
