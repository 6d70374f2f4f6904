import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { type FakeSecretsManager, startFakeSecretsManager } from "./fake-secrets-manager";

// Credentials Node cannot put in a request header, and an --endpoint list never uses: refused up front
// naming the variable or flag (exit 2), or, when Node refuses the request itself, "nothing was written".

const VALUE = "hostile-input-value-never-printed";
const KEY_ID = "test-access-key-id";
const PUT = ["secrets", "put", "production", "model-provider-api-key", "--config-dir", EXAMPLE_CONFIG_DIR];

const dir = tempDir("golive-secrets-hostile-");
let fake: FakeSecretsManager;

beforeAll(async () => {
  fake = await startFakeSecretsManager("ok");
});

afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.calls.length = 0;
});

describe("golive secrets put refuses an AWS credential variable a header cannot carry, before reading the value", () => {
  test("fails with exit 2 naming AWS_ACCESS_KEY_ID when it ends in a line break, nothing sent, the key never printed (the process)", async () => {
    const started = Date.now();
    const run = await spawnGolive([...PUT, "--endpoint", fake.endpoint], {
      cwd: dir,
      env: { AWS_ACCESS_KEY_ID: `${KEY_ID}\n`, AWS_SECRET_ACCESS_KEY: "test-secret-access-key", AWS_EC2_METADATA_DISABLED: "true" },
      input: `${VALUE}\n`,
    });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toBe(
      "golive secrets: AWS_ACCESS_KEY_ID: holds a line break (the value is not shown); allowed: AWS credentials as IAM or STS issued them, printable ASCII with no spaces\nsee: golive secrets --help\n",
    );
    expect(fake.calls).toEqual([]);
    // Was ~20 s (a timer of the SDK's HTTP handler outlived the refused request) and "the outcome is unknown".
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test.each([
    ["AWS_SECRET_ACCESS_KEY", "test-secret-access-key\r\n", "a line break"],
    ["AWS_SECRET_ACCESS_KEY", "test secret", "a space or tab"],
    ["AWS_SESSION_TOKEN", "FwoGZXIvYXdzE☃", "a non-ASCII character"],
    ["AWS_ACCESS_KEY_ID", `${KEY_ID}\u0000`, "a control character"],
  ])("fails with exit 2 naming %s holding %j", async (variable, value, what) => {
    const env = { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: "test-secret-access-key", [variable]: value };
    const run = await golive([...PUT, "--endpoint", fake.endpoint], { cwd: dir, env, stdin: Readable.from([`${VALUE}\n`]) });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(new RegExp(`^golive secrets: ${variable}: holds ${what} \\(the value is not shown\\); allowed:`));
    expect(run.stderr).not.toContain(value.trim());
    expect(fake.calls).toEqual([]);
  });
});

describe("golive secrets put when Node refuses to build the request (a profile's key holding a character no header carries)", () => {
  test("exit 1 at once, one line: nothing was written, the likely cause and the variables to check, nothing sent (the process)", async () => {
    const aws = join(dir, "aws");
    mkdirSync(aws, { recursive: true });
    writeFileSync(join(aws, "credentials"), `[hostile]\naws_access_key_id = test-key-☃-id\naws_secret_access_key = test-secret\n`);
    const started = Date.now();
    const run = await spawnGolive([...PUT, "--endpoint", fake.endpoint], {
      cwd: dir,
      env: {
        AWS_PROFILE: "hostile",
        AWS_SHARED_CREDENTIALS_FILE: join(aws, "credentials"),
        AWS_CONFIG_FILE: join(aws, "config-none"),
        AWS_EC2_METADATA_DISABLED: "true",
      },
      input: `${VALUE}\n`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "golive secrets: could not write opsbot/production/model-provider-api-key: the request could not be built (ERR_INVALID_CHAR: a header or the URL holds a character HTTP cannot carry), so it was not sent; most likely a credential holds a line break or other such character: check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, or the profile's keys; nothing was written\n",
    );
    expect(fake.calls).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(`${run.stdout}${run.stderr}`).not.toContain(VALUE);
  });
});

describe("golive secrets list checks --endpoint as put does, though it sends nothing", () => {
  test("fails with exit 2 naming --endpoint for garbage, listing nothing", async () => {
    const run = await golive(["secrets", "list", "production", "--config-dir", EXAMPLE_CONFIG_DIR, "--endpoint", "garbage"], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        'golive secrets: --endpoint: got "garbage", allowed: an https:// URL (plain http only to 127.0.0.1, localhost or [::1])\nsee: golive secrets --help\n',
    });
  });

  test.each([
    ["-", "-"],
    ["100 KB of letters", "a".repeat(100_000)],
    ["plain http beyond loopback", "http://example.com"],
    ["a password in the URL", "https://user:pw@example.com"],
  ])("fails with exit 2 for --endpoint %s (shown at most 100 characters)", async (_what, endpoint) => {
    const run = await golive(["secrets", "list", "production", "--config-dir", EXAMPLE_CONFIG_DIR, "--endpoint", endpoint], { cwd: dir });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(/^golive secrets: --endpoint: got "[^"]{0,100}"[,:] /);
    expect(run.stderr).not.toContain("pw@");
  });

  test("a valid --endpoint lists; $GOLIVE_SECRETS_ENDPOINT, put's input only, is not judged by list", async () => {
    const flagged = await golive(["secrets", "list", "production", "--config-dir", EXAMPLE_CONFIG_DIR, "--endpoint", fake.endpoint], {
      cwd: dir,
    });
    expect(flagged.code).toBe(0);
    expect(flagged.stdout).toContain("opsbot/production/model-provider-api-key");
    const fromEnv = await golive(["secrets", "list", "production", "--config-dir", EXAMPLE_CONFIG_DIR], {
      cwd: dir,
      env: { GOLIVE_SECRETS_ENDPOINT: "garbage" },
    });
    expect(fromEnv.code).toBe(0);
  });
});
