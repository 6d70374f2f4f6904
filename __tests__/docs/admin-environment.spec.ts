import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT, readDoc } from "./support";

/** The `environment:` of deploy-admin.yml's jobs that name one, as written (`${{ inputs.environment }}-admin`). */
function adminJobEnvironments(): string[] {
  const workflow: unknown = parse(readFileSync(join(REPO_ROOT, ".github", "workflows", "deploy-admin.yml"), "utf8"));
  const jobs = typeof workflow === "object" && workflow !== null && "jobs" in workflow ? workflow.jobs : undefined;
  if (typeof jobs !== "object" || jobs === null) return [];
  return Object.values(jobs).flatMap((job: unknown) => {
    const env = typeof job === "object" && job !== null && "environment" in job ? job.environment : undefined;
    const name = typeof env === "object" && env !== null && "name" in env ? env.name : env;
    return typeof name === "string" ? [name] : [];
  });
}

/**
 * `secrets.github.adminEnvironment` names the GitHub environment the admin-deploy role trusts, but
 * deploy-admin.yml writes the environment its apply job runs in itself: a page that offers the field
 * must say that another name needs the workflow's line edited, or the renamed role can never be assumed.
 */
describe("docs/secrets-and-credentials.md on secrets.github.adminEnvironment", () => {
  const page = readDoc("docs/secrets-and-credentials.md");
  const written = adminJobEnvironments().filter((e) => /^\$\{\{\s*inputs\.environment\s*\}\}-[\w-]+$/.test(e));

  test("deploy-admin.yml's apply job runs in an environment it writes itself (the scan sees it)", () => {
    expect(written).toEqual(["${{ inputs.environment }}-admin"]);
  });

  test("quotes that line and says a name other than <env>-admin needs it edited", () => {
    for (const env of written) expect(page).toContain(`\`environment: ${env}\``);
    const said = page.replace(/\s+/g, " ");
    expect(said).toMatch(/a name other than `<env>-admin` needs that line edited/);
  });

  test("the places that offer the field, the role table's row and the example's line, point at deploy-admin.yml", () => {
    const lines = page.split("\n");
    const row = lines.filter((l) => l.startsWith("| `<app>-<env>-admin-deploy` |"));
    const example = lines.filter((l) => /^\s+adminEnvironment: /.test(l));
    expect([row.length, example.length]).toEqual([1, 1]);
    expect([...row, ...example].filter((l) => !l.includes("deploy-admin.yml"))).toEqual([]);
  });
});
