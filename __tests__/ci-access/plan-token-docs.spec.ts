import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FEATURE_STACKS } from "../../lib/features";
import { stateKindsOf } from "../../lib/features/state/bucket-policy";
import { REPO_ROOT } from "../helpers/example-config";

/**
 * pr.yml's Cloudflare token is a repository secret, which GitHub lets every user with write access
 * read (a branch that edits pr.yml prints it): the docs once said a pull request obtains only the plan
 * role's token. They must say who reads it, and give the permissions of exactly the stacks pull
 * requests plan (the registry's secret-free stacks with state in the bucket).
 */
const DOC = readFileSync(join(REPO_ROOT, "docs", "secrets-and-credentials.md"), "utf8");
const PR_YML = readFileSync(join(REPO_ROOT, ".github", "workflows", "pr.yml"), "utf8");

describe("the pull-request plan token in docs/secrets-and-credentials.md", () => {
  test("fails on the claim that a pull request obtains only the plan role's token", () => {
    expect(DOC).not.toMatch(/pull request can obtain only the plan role's token/);
    expect(DOC).toContain("Any user with write access to your repository has read access to all secrets configured in your");
  });

  test("pr.yml plans with the repository secret the docs name, and the docs' pr.yml row lists the stacks it plans", () => {
    expect(PR_YML).toContain("secrets.CLOUDFLARE_PLAN_API_TOKEN");
    expect(PR_YML).toContain("--state-without-secrets");
    const row = DOC.split("\n").find((line) => line.startsWith("| `pr.yml` |")) ?? "";
    const listed = [...(row.split("|")[2] ?? "").matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(stateKindsOf("plan", FEATURE_STACKS).sort());
    expect(row).not.toMatch(/\bEdit\b/);
  });
});
