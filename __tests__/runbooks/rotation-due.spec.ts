import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";

// The audit: the docs said the readiness checks compare the last rotation with rotation-period-days, and
// "What is due?" pointed at `secrets list` and `check`, neither of which reads a rotation date.

const RUNBOOK = readFileSync(join(REPO_ROOT, "runbooks", "secret-rotation.md"), "utf8");
const DOCS = readFileSync(join(REPO_ROOT, "docs", "secrets-and-credentials.md"), "utf8");

/** The runbook's section under `heading`, up to the next heading of its level. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`);
  const end = text.indexOf("\n## ", start + 1);
  return start < 0 ? "" : text.slice(start, end < 0 ? undefined : end);
}

describe("what is due for rotation is read where it is kept", () => {
  test("the rotation runbook's What is due? gives the AWS call that shows the rotation dates", () => {
    const due = section(RUNBOOK, "What is due?");
    expect(due).toContain("aws secretsmanager list-secrets");
    expect(due).toContain("LastRotatedDate");
    expect(due).toContain("golive reads no rotation dates");
  });

  test("the docs claim no comparison of the last rotation with rotation-period-days", () => {
    expect(DOCS).not.toMatch(/compare the last rotation/);
  });
});
