import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluateSecurityHeaders, HSTS_RUNBOOK } from "../../lib/features/edge/probes/headers";
import { REPO_ROOT } from "../helpers/example-config";
import { answerTo } from "./fixtures";

// The live Strict-Transport-Security header against edge.hsts: what the edge stack declares is what must be live.

const RUNBOOK = readFileSync(join(REPO_ROOT, "runbooks", "deploy.md"), "utf8");

function hstsResult(sts: string, preload: boolean) {
  const answer = { ...answerTo("https://example.com/", 200), headers: { "strict-transport-security": sts } };
  return evaluateSecurityHeaders(answer, { maxAge: 31536000, preload }).find((r) => r.check === "headers.hsts");
}

describe("headers.hsts against edge.hsts.preload", () => {
  test("fails a live preload directive when edge.hsts.preload is false, naming the runbook's forced replace", () => {
    expect(hstsResult("max-age=31536000; includeSubDomains; preload", false)).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(
        /^"max-age=31536000; includeSubDomains; preload": preload is live though edge\.hsts\.preload is false .*; the zone's HSTS setting did not take the edge stack's value \(provider issue #6447 .*\): write it whole with the forced replace in runbooks\/deploy\.md, "HSTS changes"$/,
      ),
    });
  });

  test("fails a missing preload when edge.hsts.preload is true, with the same remedy", () => {
    expect(hstsResult("max-age=31536000; includeSubDomains", true)).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/preload is missing though edge\.hsts\.preload is true; .*"HSTS changes"$/),
    });
  });

  test("passes preload exactly as configured", () => {
    expect(hstsResult("max-age=31536000; includeSubDomains; preload", true)?.status).toBe("pass");
    expect(hstsResult("max-age=31536000; includeSubDomains", false)?.status).toBe("pass");
  });

  test.each([
    ["max-age=86400; includeSubDomains", "max-age must be >= 31536000"],
    ["max-age=31536000", "includeSubDomains is missing"],
  ])("fails %s with what the edge stack sets and the runbook step that writes it whole", (sts, problem) => {
    // The issue-6447 case: a max_age change sent as a partial update never reached the live header.
    expect(hstsResult(sts, false)?.detail).toBe(
      `"${sts}": ${problem}; the zone's HSTS setting did not take the edge stack's value (provider issue #6447 leaves partial updates unapplied): write it whole with the forced replace in runbooks/deploy.md, "HSTS changes"`,
    );
  });

  test("the runbook section the finding names exists and holds the forced replace", () => {
    const [page, section] = HSTS_RUNBOOK.split(", ");
    expect(page).toBe("runbooks/deploy.md");
    const body = RUNBOOK.split(`\n## ${JSON.parse(section ?? '""')}\n`)[1]?.split("\n## ")[0] ?? "";
    expect(body).toMatch(/terraform apply -replace=cloudflare_zone_setting\./);
  });
});
