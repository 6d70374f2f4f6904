import { readFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { initArgs } from "./init-args";

/**
 * One AWS account, prod then qa (the auditor's acme-ops.io): prod's access stack creates the account's
 * GitHub OIDC provider and qa's reads it, so access-prod must be applied before access-qa. Init's comment
 * and `golive stacks qa` say which stack, by name.
 */
const ci = { "github-repository": "acme/ops", "secrets-writer-role": "arn:aws:iam::111111111111:role/writers" };
const init = (env: string, domain: string) =>
  initArgs({ ...ci, domain, hostname: `chat.${domain}`, "alert-email": `oncall@${domain}` }).map((a) => (a === "zz" ? env : a));

describe("a second environment in the account names the access stack that creates the OIDC provider", () => {
  const cwd = tempDir("golive-init-oidc-");

  test("qa's comment says prod creates the provider and access-prod is applied before access-qa", async () => {
    expect((await golive(init("prod", "acme-ops.io"), { cwd })).code).toBe(0);
    expect((await golive(init("qa", "acme-ops-qa.io"), { cwd })).code).toBe(0);
    const qa = readFileSync(join(cwd, "config", "qa.yaml"), "utf8");
    expect(qa).toContain(
      "    # prod creates this AWS account's OIDC provider (one per account): apply access-prod\n    # before access-qa (golive stacks qa says so on stderr).\n    oidcProvider: existing\n",
    );
    expect(readFileSync(join(cwd, "config", "prod.yaml"), "utf8")).not.toContain("oidcProvider");
  });

  test("golive stacks qa names access-prod on stderr as the stack to apply first; stdout stays the list", async () => {
    expect((await golive(["synth"], { cwd })).code).toBe(0);
    const qa = await golive(["stacks", "qa"], { cwd });
    expect(qa.code).toBe(0);
    expect(qa.stdout.split("\n")[0]).toBe("access-qa");
    expect(qa.stdout).not.toContain("prod");
    expect(qa.stderr).toBe(
      "golive stacks: note: access-qa depends on access-prod (another environment), which is not listed: apply access-prod first\n",
    );
    // Listed together, access-prod comes first: nothing to say.
    const both = await golive(["stacks", "prod", "qa"], { cwd });
    expect(both.stderr).toBe("");
    expect(both.stdout.indexOf("access-prod")).toBeLessThan(both.stdout.indexOf("access-qa"));
    expect((await golive(["stacks", "prod"], { cwd })).stderr).toBe("");
  });
});
