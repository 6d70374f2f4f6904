import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../../lib/engines/check/rules";
import { REPO_ROOT } from "../helpers/example-config";

const readme = readFileSync(join(REPO_ROOT, "docs", "readiness.md"), "utf8");
const section = readme.slice(readme.indexOf("<!-- section:ready -->"), readme.indexOf("<!-- /section:ready -->"));

describe("docs/readiness.md: Is it ready?", () => {
  test("lists every rule with its current title and severity", () => {
    const missing = RULES.filter((r) => !section.includes(`| ${r.id} | ${r.title} | ${r.severity} |`)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  test("shows how to attest and how to exempt", () => {
    expect(section).toContain("attestations:");
    expect(section).toContain("exemptions:");
  });
});
