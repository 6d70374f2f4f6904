import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, readDoc } from "./support";

const WORKFLOWS = join(REPO_ROOT, ".github", "workflows");

/** The secrets a workflow reads (`${{ secrets.NAME }}`), GitHub's own job token aside. */
function secretsRead(workflow: string): string[] {
  const text = readFileSync(join(WORKFLOWS, workflow), "utf8");
  const names = [...text.matchAll(/\$\{\{\s*secrets\.([A-Z][A-Z0-9_]*)\s*\}\}/g)].map((m) => m[1] as string);
  return [...new Set(names)].filter((n) => n !== "GITHUB_TOKEN").sort();
}

describe("docs/ci.md and docs/secrets-and-credentials.md name the secrets the workflows read", () => {
  const workflows = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

  test("the workflows read secrets at all (the scan sees them)", () => {
    expect(secretsRead("deploy-environment.yml")).toEqual(expect.arrayContaining(["CLOUDFLARE_API_TOKEN", "ORIGIN_PULL_PRIVATE_KEY"]));
  });

  test("every secret a workflow reads is named in docs/ci.md, where the settings the workflows expect are listed", () => {
    const ci = readDoc("docs/ci.md");
    const missing = workflows.flatMap((w) =>
      secretsRead(w)
        .filter((name) => !ci.includes(`\`${name}\``))
        .map((n) => `${w}: ${n}`),
    );
    expect(missing).toEqual([]);
  });

  test("every secret the deploy hands to Terraform's apply is described, with who reads it, in docs/secrets-and-credentials.md", () => {
    const page = readDoc("docs/secrets-and-credentials.md");
    for (const name of secretsRead("deploy-environment.yml")) {
      expect(page).toContain(`\`${name}\``);
    }
    const section = page.slice(page.indexOf("## The origin-pull private key"));
    expect(section).toMatch(/^## The origin-pull private key \(`ORIGIN_PULL_PRIVATE_KEY`\)/);
    expect(section).toContain("Who may read it");
    expect(section).toContain("`TF_VAR_origin_pull_private_key`");
  });
});

describe("docs/ci.md on a release branch that could not be pushed", () => {
  // The paragraph after "When the push fails anyway": what to do with the diff in the job summary.
  const ci = readDoc("docs/ci.md");
  const start = ci.indexOf("After the release workflow");
  const paragraph = ci.slice(start, ci.indexOf("\n\n", start));
  // What the watch's last line can claim (lib/engines/release/watch-log.ts, claimText).
  const claims = readFileSync(join(REPO_ROOT, "lib", "engines", "release", "watch-log.ts"), "utf8");

  test("claims no more than the watch's last line: never that Cloudflare already serves the config", () => {
    expect(start).toBeGreaterThan(-1);
    expect(paragraph).not.toMatch(/already serves/);
    expect(paragraph).toContain("`result: <outcome>; <claim>`");
  });

  test.each(["does NOT", "UNKNOWN", "no weight moved"])("says what to do when the claim is %j, as the watch words it", (words) => {
    expect(claims).toContain(words);
    expect(paragraph.replace(/\s+/g, " ")).toContain(words);
  });
});
