import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { golive, tempDir as makeTempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { type FakeMode, startFakeSecretsManager } from "./fake-secrets-manager";

/** A recognisable value made at run time, so it exists in no file of the repo. */
function plantedValue(): string {
  return `golive-planted-${randomBytes(12).toString("hex")}-"quoted"`;
}

// Obviously fake static credentials for the SDK's signer; the fake server does not check them.
const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: "test-access-key-id", AWS_SECRET_ACCESS_KEY: "test-secret-access-key" };
const CONFIG_DIR = EXAMPLE_CONFIG_DIR;

const made: string[] = [];
function tempDir(): string {
  const dir = makeTempDir();
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function putWith(mode: FakeMode, value: string) {
  const fake = await startFakeSecretsManager(mode);
  const cwd = tempDir();
  try {
    const run = await golive(
      ["secrets", "put", "production", "model-provider-api-key", "--config-dir", CONFIG_DIR, "--endpoint", fake.endpoint],
      {
        cwd,
        env: FAKE_AWS_ENV,
        stdin: Readable.from([Buffer.from(`${value}\n`)]),
      },
    );
    return { run, calls: fake.calls, cwd };
  } finally {
    await fake.close();
  }
}

describe("golive secrets put", () => {
  test("sends the stdin value to PutSecretValue for <app>/<env>/<name> and prints it nowhere", async () => {
    const value = plantedValue();
    const { run, calls, cwd } = await putWith("ok", value);
    expect(run.code).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.target).toBe("secretsmanager.PutSecretValue");
    expect(calls[0]?.body.SecretId).toBe("opsbot/production/model-provider-api-key");
    expect(calls[0]?.body.SecretString).toBe(value); // trailing newline dropped, the rest byte for byte
    expect(run.stdout).toContain("opsbot/production/model-provider-api-key");
    expect(`${run.stdout}${run.stderr}`).not.toContain(value);
    expect(`${run.stdout}${run.stderr}`).not.toContain("golive-planted-");
    // Nothing was written to the working directory.
    expect(filesUnder(cwd)).toEqual([]);
  });

  test("fails with exit 1 and keeps the value out of the error even when the server echoes it", async () => {
    const value = plantedValue();
    const { run, calls } = await putWith("error-echoing-value", value);
    expect(run.code).toBe(1);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(run.stderr).toContain("InvalidRequestException");
    expect(run.stderr).toContain("[REDACTED]");
    expect(`${run.stdout}${run.stderr}`).not.toContain("golive-planted-");
  });

  test("the value appears in no synthesized file (cdktf.out) after a put", async () => {
    const value = plantedValue();
    const { run, cwd } = await putWith("ok", value);
    expect(run.code).toBe(0);
    const synth = await golive(["synth", "--config-dir", CONFIG_DIR, "--output", join(cwd, "cdktf.out")], { cwd });
    expect(synth.code).toBe(0);
    const files = filesUnder(join(cwd, "cdktf.out"));
    expect(files.some((f) => f.endsWith(join("secrets-production", "cdk.tf.json")))).toBe(true);
    for (const file of files) expect(readFileSync(file, "utf8")).not.toContain("golive-planted-");
  });

  test("fails with a usage error, without echoing it, when a value is passed as an argument", async () => {
    const value = plantedValue();
    const run = await golive(["secrets", "put", "production", "model-provider-api-key", value, "--config-dir", CONFIG_DIR], {
      cwd: tempDir(),
      env: FAKE_AWS_ENV,
      stdin: Readable.from([]),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("read from stdin");
    expect(`${run.stdout}${run.stderr}`).not.toContain("golive-planted-");
  });

  test("fails with a usage error on a terminal stdin, which would echo the value", async () => {
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    const run = await golive(["secrets", "put", "production", "database-url", "--config-dir", CONFIG_DIR], {
      cwd: tempDir(),
      env: FAKE_AWS_ENV,
      stdin: tty,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("stdin is a terminal");
  });

  test("fails on an empty stdin and on an unknown secret name, naming the allowed ones", async () => {
    const empty = await golive(["secrets", "put", "production", "database-url", "--config-dir", CONFIG_DIR], {
      cwd: tempDir(),
      env: FAKE_AWS_ENV,
      stdin: Readable.from([]),
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("stdin was empty");
    const unknown = await golive(["secrets", "put", "production", "nope", "--config-dir", CONFIG_DIR], {
      cwd: tempDir(),
      env: FAKE_AWS_ENV,
      stdin: Readable.from(["x"]),
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no secret "nope"');
    expect(unknown.stderr).toContain("model-provider-api-key, webhook-signing-secret, database-url");
  });

  test("fails with a usage error on a plain-http endpoint other than this machine", async () => {
    const run = await golive(
      ["secrets", "put", "production", "database-url", "--config-dir", CONFIG_DIR, "--endpoint", "http://secrets.example.com"],
      { cwd: tempDir(), env: FAKE_AWS_ENV, stdin: Readable.from(["x"]) },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("must be https://");
  });

  test("list shows names, readers and rotation, never values", async () => {
    const run = await golive(["secrets", "list", "production", "--config-dir", CONFIG_DIR, "--json"], { cwd: tempDir() });
    expect(run.code).toBe(0);
    const rows: { secretId: string; readers: string[]; rotation: string; everyDays: number }[] = JSON.parse(run.stdout);
    expect(rows.map((r) => r.secretId)).toEqual([
      "opsbot/production/model-provider-api-key",
      "opsbot/production/webhook-signing-secret",
      "opsbot/production/database-url",
    ]);
    expect(rows.find((r) => r.secretId.endsWith("database-url"))).toMatchObject({ rotation: "automatic", everyDays: 30 });
  });
});
