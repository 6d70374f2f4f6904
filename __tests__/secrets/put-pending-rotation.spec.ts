import { rmSync } from "node:fs";
import { Readable } from "node:stream";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { startFakeSecretsManager } from "./fake-secrets-manager";

// The audit's run (moto 5.2.1): a failed rotation left AWSPENDING on another version than AWSCURRENT;
// `secrets put` exited 0, and the rotation's finishSecret later moved AWSCURRENT to the stale pending
// value, the operator's value becoming AWSPREVIOUS.

const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: "test-access-key-id", AWS_SECRET_ACCESS_KEY: "test-secret-access-key" };
const SECRET_ID = "opsbot/production/database-url";
const PUT = ["secrets", "put", "production", "database-url", "--config-dir", EXAMPLE_CONFIG_DIR];
const CURRENT = "11111111-1111-4111-8111-111111111111";
const PENDING = "22222222-2222-4222-8222-222222222222";

const dir = tempDir("golive-secrets-pending-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function putWith(stages: Record<string, string[]>) {
  const fake = await startFakeSecretsManager("ok", { stages });
  try {
    const run = await golive([...PUT, "--endpoint", fake.endpoint], {
      cwd: dir,
      env: FAKE_AWS_ENV,
      stdin: Readable.from(["pending-test-value-never-printed\n"]),
    });
    return { run, targets: fake.calls.map((c) => c.target) };
  } finally {
    await fake.close();
  }
}

describe("golive secrets put does not write over an unfinished rotation", () => {
  test("fails with exit 1, nothing written, naming the pending version and the commands that cancel or finish it", async () => {
    const { run, targets } = await putWith({ [CURRENT]: ["AWSCURRENT"], [PENDING]: ["AWSPENDING"] });
    const stage = `aws secretsmanager update-secret-version-stage --secret-id ${SECRET_ID} --region eu-west-1`;
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        `golive secrets: could not write ${SECRET_ID}: a rotation of ${SECRET_ID} is unfinished: version ${PENDING} is AWSPENDING, not AWSCURRENT, and finishing that rotation would replace the value written now; ` +
        `cancel it (${stage} --version-stage AWSPENDING --remove-from-version-id ${PENDING}) or, when the pending value is already in use at its issuer, finish it (${stage} --version-stage AWSCURRENT --move-to-version-id ${PENDING} --remove-from-version-id ${CURRENT}); then retry; nothing was written\n`,
    });
    expect(targets).toEqual(["secretsmanager.DescribeSecret"]);
  });

  test("writes when AWSPENDING is on the AWSCURRENT version (a finished rotation leaves it there)", async () => {
    const { run, targets } = await putWith({
      [CURRENT]: ["AWSCURRENT", "AWSPENDING"],
      "33333333-3333-4333-8333-333333333333": ["AWSPREVIOUS"],
    });
    expect(run.code).toBe(0);
    expect(targets).toEqual(["secretsmanager.DescribeSecret", "secretsmanager.PutSecretValue"]);
  });
});
