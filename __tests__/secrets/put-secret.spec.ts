import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { credentialHint } from "../../lib/features/secrets/put-secret-value";
import { golive, spawnGolive, tempDir as makeTempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { type FakeMode, startFakeSecretsManager, writes } from "./fake-secrets-manager";
import { fakeTerminal } from "./fake-terminal";

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

/** `secrets put production model-provider-api-key` against the fake, with `input` as stdin (a pipe, or a fake terminal). */
async function putWith(mode: FakeMode, input: string | Buffer | NodeJS.ReadableStream) {
  const fake = await startFakeSecretsManager(mode);
  const cwd = tempDir();
  const stdin =
    typeof input === "string" ? Readable.from([Buffer.from(`${input}\n`)]) : Buffer.isBuffer(input) ? Readable.from([input]) : input;
  try {
    const run = await golive(
      ["secrets", "put", "production", "model-provider-api-key", "--config-dir", CONFIG_DIR, "--endpoint", fake.endpoint],
      { cwd, env: FAKE_AWS_ENV, stdin },
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
    // DescribeSecret by name (its ARN names the credentials' account), then the write to that ARN
    expect(calls.map((c) => c.target)).toEqual(["secretsmanager.DescribeSecret", "secretsmanager.PutSecretValue"]);
    expect(calls[0]?.body).toEqual({ SecretId: "opsbot/production/model-provider-api-key" });
    expect(calls[1]?.body.SecretId).toBe(
      "arn:aws:secretsmanager:eu-west-1:111111111111:secret:opsbot/production/model-provider-api-key-AbCdEf",
    );
    expect(calls[1]?.body.SecretString).toBe(value); // trailing newline dropped, the rest byte for byte
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
    expect(run.stderr).toContain("the error text is withheld, as it held the value");
    expect(run.stderr).toContain("; nothing was written"); // a 400: Secrets Manager refused the write
    expect(`${run.stdout}${run.stderr}`).not.toContain("golive-planted-");
  });

  test("a UTF-8 byte order mark at the start of the value (as Notepad saves a file) is dropped, as --help says", async () => {
    const value = plantedValue();
    const { run, calls } = await putWith("ok", Buffer.from(`\ufeff${value}\r\n`));
    expect(run.code).toBe(0);
    expect(writes(calls)[0]?.body.SecretString).toBe(value);
    const help = await golive(["secrets", "--help"], { cwd: tempDir() });
    expect(help.stdout.replace(/\s+/g, " ")).toContain("a UTF-8 byte order mark at its start (EF BB BF, as Notepad saves) is dropped");
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
    expect(run.stderr).toContain("never from arguments");
    expect(`${run.stdout}${run.stderr}`).not.toContain("golive-planted-");
  });

  test.each([["-LEAK"], ["--LEAK"], ["--LEAK=x"]])(
    "fails with a usage error that does not repeat a value given where an option goes (%s...)",
    async (prefix) => {
      const value = `${prefix}${plantedValue()}`;
      const run = await golive(["secrets", "put", "production", "database-url", value, "--config-dir", CONFIG_DIR], {
        cwd: tempDir(),
        env: FAKE_AWS_ENV,
        stdin: Readable.from(["x"]),
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("an unknown option (not shown: it may be a secret)");
      expect(`${run.stdout}${run.stderr}`).not.toContain("golive-planted-");
      expect(`${run.stdout}${run.stderr}`).not.toContain("LEAK");
    },
  );

  test("other commands still name the unknown option they were given", async () => {
    const run = await golive(["stacks", "-x"], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option -x");
  });

  test("fails with a usage error on a terminal that cannot hide input (no raw mode), which would echo the value", async () => {
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
    expect(unknown.stderr).toContain("no such secret in");
    expect(unknown.stderr).not.toContain("nope");
    expect(unknown.stderr).toContain("model-provider-api-key, webhook-signing-secret, database-url");
  });

  test("fails with a usage error on a plain-http endpoint other than this machine", async () => {
    const run = await golive(
      ["secrets", "put", "production", "database-url", "--config-dir", CONFIG_DIR, "--endpoint", "http://secrets.example.com"],
      { cwd: tempDir(), env: FAKE_AWS_ENV, stdin: Readable.from(["x"]) },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("allowed: an https:// URL");
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

describe("golive secrets put on a terminal", () => {
  test("prompts with hidden input: raw mode on, no echo, one line read (editing keys applied), raw mode off", async () => {
    const value = plantedValue();
    const { tty, modes } = fakeTerminal([
      "typo", // then Ctrl-U clears the line
      "\u0015",
      value.slice(0, 10),
      "\u001b[D", // an arrow key: ignored
      value.slice(10),
      "\u00e9\u007f", // a two-byte character, then Backspace removes both bytes
      "\r",
      "\n", // the LF of a CRLF, in a read of its own: a line end, not more input
    ]);
    const { run, calls } = await putWith("ok", tty);
    expect(run.code).toBe(0);
    expect(writes(calls)).toHaveLength(1);
    expect(writes(calls)[0]?.body.SecretString).toBe(value);
    expect(modes).toEqual([true, false]);
    expect(run.stderr).toMatch(
      /^Value for opsbot\/production\/model-provider-api-key \(input hidden; Enter ends it, Ctrl-C cancels\): \n$/,
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain("golive-planted-");
  });

  // A pasted key's shape, built in pieces so the secret gate does not take this file for a real key.
  const begin = `-----BEGIN ${"PRIVATE"} KEY-----`;
  const body = "MIIEvQIBADANBgkq" + "hkiG9w0BAQEFAASC";
  test.each([
    ["in one read (a paste)", [`${begin}\r${body}\r-----END ${"PRIVATE"} KEY-----\r`]],
    ["in reads back to back (a long paste the terminal split)", [`${begin}\r`, `${body}\r`]],
  ])("fails with a usage error, sending nothing, when input continues after Enter %s", async (_how, keystrokes) => {
    const { tty, modes } = fakeTerminal(keystrokes);
    const { run, calls } = await putWith("ok", tty);
    expect(run.code).toBe(2);
    expect(calls).toHaveLength(0);
    expect(run.stderr).toContain("the input continued after Enter");
    expect(run.stderr).toContain("multi-line values go through stdin: golive secrets put production model-provider-api-key < file");
    expect(run.stderr).not.toContain("MIIE");
    expect(run.stderr).not.toContain("BEGIN PRIVATE KEY");
    expect(modes).toEqual([true, false]);
  });

  test("a value pasted with its line end (CR LF, or a blank line after it) is one line and is written whole", async () => {
    const value = plantedValue();
    const { tty } = fakeTerminal([`${value}\r\n\r`]);
    const { run, calls } = await putWith("ok", tty);
    expect(run.code).toBe(0);
    expect(writes(calls)[0]?.body.SecretString).toBe(value);
  });

  test("fails with exit 1, restoring the terminal and writing nothing, when Ctrl-C is pressed", async () => {
    const { tty, modes } = fakeTerminal(["half a secret", "\u0003"]);
    const { run, calls } = await putWith("ok", tty);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("cancelled at the prompt; nothing was written");
    expect(run.stderr).not.toContain("half a secret");
    expect(calls).toHaveLength(0);
    expect(modes).toEqual([true, false]);
  });
});

describe("golive secrets put refuses what it cannot store faithfully, and echoes no value", () => {
  test.each([
    ["a DER private key (binary)", Buffer.from([0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0xff, 0xc3, 0x28]), "not UTF-8 text"],
    ["UTF-16 from PowerShell (FF FE mark)", Buffer.from("\ufeffhunter2-secret\r\n", "utf16le"), "not UTF-8 text"],
    ["UTF-16 without a mark (NUL after every letter)", Buffer.from("hunter2-secret", "utf16le"), "NUL characters"],
  ])("fails with a usage error and calls no AWS API for %s", async (_label, bytes, says) => {
    const { run, calls } = await putWith("ok", bytes);
    expect(run.code).toBe(2);
    expect(calls).toHaveLength(0);
    expect(run.stderr).toContain(says);
    expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(2); // the reason, then "see: golive secrets --help"
    expect(run.stderr).not.toContain("hunter2");
  });

  test.each([
    ["the name", (v: string) => ["production", v]],
    ["the environment", (v: string) => [v, "database-url"]],
  ])("fails with a usage error that does not repeat a value typed where %s goes", async (_slot, positionals) => {
    const value = plantedValue();
    const run = await golive(["secrets", "put", ...positionals(value), "--config-dir", CONFIG_DIR], {
      cwd: tempDir(),
      env: FAKE_AWS_ENV,
      stdin: Readable.from(["x"]),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/allowed: /);
    expect(`${run.stdout}${run.stderr}`).not.toContain("golive-planted-");
  });
});

describe("golive secrets put without AWS credentials", () => {
  test("runs as a process and prints one line saying what to run (aws sso login, AWS_PROFILE, the CI role), calling nothing", async () => {
    const fake = await startFakeSecretsManager("ok");
    try {
      const run = await spawnGolive(
        ["secrets", "put", "production", "database-url", "--config-dir", CONFIG_DIR, "--endpoint", fake.endpoint],
        // No credentials anywhere: an empty HOME, no AWS_* variables, no instance metadata to ask.
        { cwd: tempDir(), env: { AWS_EC2_METADATA_DISABLED: "true" }, input: "a-value-never-sent\n" },
      );
      expect(run.code).toBe(1);
      expect(fake.calls).toHaveLength(0);
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain("no AWS credentials found: run aws sso login --profile NAME and set AWS_PROFILE=NAME");
      expect(run.stderr).toContain("arn:aws:iam::111111111111:role/opsbot-secret-operators");
      expect(run.stderr).toContain("role-to-assume");
      expect(run.stderr).not.toContain("CredentialsProviderError");
      expect(run.stderr).not.toContain("a-value-never-sent");
    } finally {
      await fake.close();
    }
  });

  test("credentialHint names what to do for expired and refused credentials, and nothing for other errors", () => {
    const named = (name: string) => Object.assign(new Error("x"), { name });
    const writers = ["arn:aws:iam::111111111111:role/writer"];
    expect(credentialHint(named("ExpiredTokenException"), writers)).toContain("run aws sso login again");
    expect(credentialHint(named("AccessDeniedException"), writers)).toContain("arn:aws:iam::111111111111:role/writer");
    expect(credentialHint(named("ResourceNotFoundException"), writers)).toBeUndefined();
  });
});
