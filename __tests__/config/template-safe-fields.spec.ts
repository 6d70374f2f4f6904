import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inputIssues } from "../../lib/config/input-guard";
import { TEMPLATE_SAFE_FIELDS } from "../../lib/features";
import { DNS_TEMPLATE_SAFE } from "../../lib/features/edge/schema";
import { REPO_ROOT } from "../helpers/example-config";

const config = (dns: Record<string, string>, redirectTo = "https://chat.example.com/") => ({
  app: "opsbot",
  edge: { dns: [{ name: "www", type: "TXT", ...dns }], redirects: [{ from: "old.example.com", to: redirectTo }] },
});

/** The message and path of each issue, as `path: message`. */
const found = (data: unknown, safe = TEMPLATE_SAFE_FIELDS) => inputIssues(data, safe).map((i) => `${i.path.join(".")}: ${i.message}`);

describe("where a config string may hold ${ or %{: each concern declares its fields, the guard knows none", () => {
  test("the guard names no concern's field; edge declares its escaped DNS fields and the registry hands them in", () => {
    const guard = readFileSync(join(REPO_ROOT, "lib", "config", "input-guard.ts"), "utf8");
    expect(guard.match(/"(edge|dns|content|comment)"/g) ?? []).toEqual([]);
    expect(TEMPLATE_SAFE_FIELDS).toContain(DNS_TEMPLATE_SAFE);
  });

  test("edge.dns record contents and comments may hold them", () => {
    expect(found(config({ content: "exists:%{i}._spf.example.com ${x}", comment: "kept as ${written}" }))).toEqual([]);
  });

  test("fails on a sequence in any other field, edge.dns's name and edge.redirects' target too, naming the escaped fields", () => {
    const issues = found(config({ content: "v=spf1 -all", name: "w${x}" }, "https://chat.example.com/${var.x}"));
    const why = `which Terraform would evaluate as a template (interpolation or directive); allowed: text without "\${" or "%{" (only edge.dns record contents and comments are escaped and may hold them)`;
    expect(issues).toEqual([`edge.dns.0.name: holds "\${", ${why}`, `edge.redirects.0.to: holds "\${", ${why}`]);
  });

  test("fails in edge.dns content too when no concern declares it", () => {
    expect(found(config({ content: "a %{ if true }" }), [])).toEqual([
      `edge.dns.0.content: holds "%{", which Terraform would evaluate as a template (interpolation or directive); allowed: text without "\${" or "%{" (no field may hold them)`,
    ]);
  });
});
