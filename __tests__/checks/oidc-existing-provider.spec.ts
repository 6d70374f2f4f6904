import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

const ACCOUNT = "111111111111";

/** The flags a person gives `golive init <env>`; both environments in one AWS account, each in its own zone. */
function initFlags(env: string): string[] {
  return [
    ...["init", env, "--yes", "--domain", `${env}.example`, "--app", "opsbot", "--plan", "pro"],
    ...["--cloudflare-account-id", "0123456789abcdef0123456789abcdef", "--aws-account-id", ACCOUNT],
    ...["--hostname", `chat.${env}.example`, "--origin", "192.0.2.10", "--alert-email", "oncall@example.org"],
    ...["--github-repository", "example-org/opsbot", "--secrets-writer-role", `arn:aws:iam::${ACCOUNT}:role/opsbot-secret-writers`],
  ];
}

interface Result {
  readonly ruleId: string;
  readonly status: string;
  readonly findings: readonly { readonly message: string }[];
}

describe("GL-SEC-005 after init: a second environment in the account reads the OIDC provider", () => {
  test("init production then staging in one account, synth: check staging passes GL-SEC-005", async () => {
    const cwd = tempDir("golive-oidc-existing-");
    cpSync(join(REPO_ROOT, "runbooks"), join(cwd, "runbooks"), { recursive: true });
    for (const env of ["production", "staging"]) expect(await golive(initFlags(env), { cwd })).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(join(cwd, "config", "staging.yaml"), "utf8")).toContain("    oidcProvider: existing\n");
    expect((await golive(["synth"], { cwd })).code).toBe(0);
    const stack = JSON.parse(readFileSync(join(cwd, "cdktf.out", "stacks", "access-staging", "cdk.tf.json"), "utf8"));
    expect(Object.values(stack.data.aws_iam_openid_connect_provider)).toEqual([
      expect.objectContaining({ url: "https://token.actions.githubusercontent.com" }),
    ]);
    const run = await golive(["check", "staging", "--format", "json"], { cwd });
    const sec005 = (JSON.parse(run.stdout) as { results: Result[] }).results.find((r) => r.ruleId === "GL-SEC-005");
    expect([sec005?.status, sec005?.findings.map((f) => f.message)]).toEqual(["pass", []]);
  });
});
