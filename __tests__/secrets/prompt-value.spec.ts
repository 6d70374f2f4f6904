import { rmSync } from "node:fs";
import { MAX_SECRET_BYTES } from "../../lib/features/secrets/read-secret-input";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { startFakeSecretsManager } from "./fake-secrets-manager";
import { fakeTerminal } from "./fake-terminal";

const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: "test-access-key-id", AWS_SECRET_ACCESS_KEY: "test-secret-access-key" };
const PUT = ["secrets", "put", "production", "database-url", "--config-dir", EXAMPLE_CONFIG_DIR];

const dir = tempDir("golive-secrets-prompt-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `secrets put` with `keystrokes` at the hidden prompt; the run and the calls' targets. */
async function promptWith(keystrokes: readonly (string | Buffer)[]) {
  const fake = await startFakeSecretsManager("ok");
  try {
    const run = await golive([...PUT, "--endpoint", fake.endpoint], { cwd: dir, env: FAKE_AWS_ENV, stdin: fakeTerminal(keystrokes).tty });
    return { run, targets: fake.calls.map((c) => c.target) };
  } finally {
    await fake.close();
  }
}

describe("what golive secrets put refuses at the hidden prompt", () => {
  // The audit's input: the line is cut at the limit + 1 bytes, inside the two bytes of é.
  test("fails as too large, not as not UTF-8, when the limit falls inside a character", async () => {
    const { run, targets } = await promptWith(["r".repeat(MAX_SECRET_BYTES), "\u00e9", "\r"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`the value is larger than ${MAX_SECRET_BYTES} bytes, the Secrets Manager limit; nothing was written`);
    expect(run.stderr).not.toContain("not UTF-8");
    expect(targets).toEqual([]);
  });
});

describe("a slow multi-line paste at the hidden prompt", () => {
  // The audit's run: lines 300 ms apart, past the drain's quiet, stored the BEGIN line as the value.
  test("fails with exit 2, nothing sent, when the line is a PEM block's BEGIN line alone, naming stdin from a file", async () => {
    const { run, targets } = await promptWith(["-----BEGIN PRIVATE KEY-----\r"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the value is only the BEGIN line of a PEM block");
    expect(run.stderr).toContain(
      "nothing was written: multi-line values go through stdin: golive secrets put production database-url < file",
    );
    expect(targets).toEqual([]);
  });

  test("a one-line value that merely holds a BEGIN marker is written", async () => {
    const { run, targets } = await promptWith(["token -----BEGIN X----- tail\r"]);
    expect(run.code).toBe(0);
    expect(targets).toEqual(["secretsmanager.DescribeSecret", "secretsmanager.PutSecretValue"]);
  });
});
