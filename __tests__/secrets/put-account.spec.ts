import { rmSync } from "node:fs";
import { Readable } from "node:stream";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, exampleConfig } from "../helpers/example-config";
import { type FakeOptions, startFakeSecretsManager } from "./fake-secrets-manager";
import { goliveWithSdkEnv } from "./sdk-env";

// The audit's run: config's secrets.accountId 111111111111, credentials of 123456789012 (moto's
// default account), and `secrets put` wrote there (exit 0). There is no STS client: DescribeSecret by
// name finds the secret in the credentials' own account, and its ARN names that account.

const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: "test-access-key-id", AWS_SECRET_ACCESS_KEY: "test-secret-access-key" };
const SECRET_ID = "opsbot/production/database-url";
const PUT = ["secrets", "put", "production", "database-url", "--config-dir", EXAMPLE_CONFIG_DIR];
const VALUE = "account-test-value-never-printed";
const WRITERS = exampleConfig().secrets?.writers.join(" or ");

const dir = tempDir("golive-secrets-account-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `secrets put` in-process against a fake answering as `options` says; the run and the calls' targets. */
async function putWith(options: FakeOptions) {
  const fake = await startFakeSecretsManager("ok", options);
  try {
    const run = await golive([...PUT, "--endpoint", fake.endpoint], { cwd: dir, env: FAKE_AWS_ENV, stdin: Readable.from([`${VALUE}\n`]) });
    return { run, targets: fake.calls.map((c) => c.target) };
  } finally {
    await fake.close();
  }
}

describe("golive secrets put writes only to the account config names", () => {
  test("fails with exit 1 when the credentials are of another account, naming both, nothing written", async () => {
    const fake = await startFakeSecretsManager("ok", { accountId: "123456789012" });
    try {
      const run = await goliveWithSdkEnv(PUT, {
        cwd: dir,
        env: { ...FAKE_AWS_ENV, AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint, AWS_EC2_METADATA_DISABLED: "true" },
        input: `${VALUE}\n`,
      });
      expect(run).toEqual({
        code: 1,
        stdout: "",
        stderr: `golive secrets: could not write ${SECRET_ID}: the credentials are of AWS account 123456789012, where they found the secret, but secrets.accountId is 111111111111: use credentials of a role in secrets.writers (${WRITERS}) of 111111111111; nothing was written\n`,
      });
      expect(fake.calls.map((c) => c.target)).toEqual(["secretsmanager.DescribeSecret"]);
    } finally {
      await fake.close();
    }
  });

  test("fails with exit 1, writing nothing, when DescribeSecret answers no ARN naming an account", async () => {
    const { run, targets } = await putWith({ describe: "no-arn" });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `golive secrets: could not write ${SECRET_ID}: Secrets Manager's DescribeSecret answer gave no ARN naming an account, so the secret's account could not be checked against secrets.accountId (111111111111); nothing was written\n`,
    });
    expect(targets).toEqual(["secretsmanager.DescribeSecret"]);
  });

  // The audit's run: another account's credentials, where that account has no such secret, gave the bare
  // ResourceNotFoundException, naming neither account.
  test("fails with exit 1, writing nothing, when the credentials' account has no such secret, naming the region, config's account and how to see theirs", async () => {
    const { run, targets } = await putWith({ describe: "not-found" });
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toBe(
      `golive secrets: could not write ${SECRET_ID}: Secrets Manager found no secret ${SECRET_ID} in eu-west-1 of the AWS account the credentials are of (aws sts get-caller-identity --query Account shows which), and secrets.accountId is 111111111111: use credentials of a role in secrets.writers (${WRITERS}) of 111111111111; if they are of it already, deploy the secrets stack (secrets-<env>) first, which creates the secret; nothing was written\n`,
    );
    expect(targets).toEqual(["secretsmanager.DescribeSecret"]);
  });

  test("writes when the secret is in config's account", async () => {
    const { run, targets } = await putWith({ accountId: "111111111111" });
    expect(run.code).toBe(0);
    expect(targets).toEqual(["secretsmanager.DescribeSecret", "secretsmanager.PutSecretValue"]);
  });
});
