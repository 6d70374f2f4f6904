import { Readable } from "node:stream";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { type FakeMode, type FakeOptions, startFakeSecretsManager } from "./fake-secrets-manager";
import { goliveWithSdkEnv } from "./sdk-env";

// Obviously fake static credentials for the SDK's signer; nothing checks them.
const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: "test-access-key-id", AWS_SECRET_ACCESS_KEY: "test-secret-access-key" };
const SECRET_ID = "opsbot/production/model-provider-api-key";
const PUT = ["secrets", "put", "production", "model-provider-api-key", "--config-dir", EXAMPLE_CONFIG_DIR];
const withheld = (kind: string) =>
  `golive secrets: could not write ${SECRET_ID}: the error text is withheld, as it held the value or part of it (${kind}); nothing was written\n`;
const REFUSED_LINE = withheld("ECONNREFUSED");

/** An endpoint on 127.0.0.1 where nothing listens any more: each attempt is refused (ECONNREFUSED 127.0.0.1:<port>). */
async function closedEndpoint(): Promise<string> {
  const fake = await startFakeSecretsManager("ok");
  await fake.close();
  return fake.endpoint;
}

/** `secrets put` of `value` (a pipe, with the newline echo adds) against the fake in `mode`, and the calls it got. */
async function putTo(mode: FakeMode, value: string, ...flags: string[]) {
  return putWith(mode, {}, value, ...flags);
}

async function putWith(mode: FakeMode, options: FakeOptions, value: string, ...flags: string[]) {
  const fake = await startFakeSecretsManager(mode, options);
  try {
    const run = await golive([...PUT, "--endpoint", fake.endpoint, ...flags], {
      cwd: tempDir(),
      env: FAKE_AWS_ENV,
      stdin: Readable.from([Buffer.from(`${value}\n`)]),
    });
    return { run, calls: fake.calls.length };
  } finally {
    await fake.close();
  }
}

/**
 * Masking the value where it occurs in a message shows it by its place when it is a word of the
 * message: "golive secrets: [REDACTED] not write ..." is the value "could". A line that holds the value
 * anywhere is withheld whole: a fixed line naming the secret, why, the error's code, and whether
 * anything was written.
 */
describe("golive secrets put never shows the value by where a mask stands", () => {
  test.each([["could"], ["write"], ["production"], ["opsbot/production"], ["127.0.0.1"], ["secret"], ["nothing"]])(
    "the value %j, a word of the connection error, withholds the error text whole",
    async (value) => {
      const endpoint = await closedEndpoint();
      const run = await golive([...PUT, "--endpoint", endpoint], {
        cwd: tempDir(),
        env: FAKE_AWS_ENV,
        stdin: Readable.from([Buffer.from(`${value}\n`)]),
      });
      expect(run).toEqual({ code: 1, stdout: "", stderr: REFUSED_LINE });
    },
  );

  test("with the endpoint from AWS_ENDPOINT_URL: the value could is not shown by its place", async () => {
    const endpoint = await closedEndpoint();
    const run = await goliveWithSdkEnv(PUT, {
      cwd: tempDir(),
      env: { ...FAKE_AWS_ENV, AWS_ENDPOINT_URL: endpoint, AWS_EC2_METADATA_DISABLED: "true" },
      input: "could\n",
    });
    expect(run).toEqual({ code: 1, stdout: "", stderr: REFUSED_LINE });
  });

  test("a value that is no word of the message leaves the error as it was", async () => {
    const endpoint = await closedEndpoint();
    const run = await golive([...PUT, "--endpoint", endpoint], {
      cwd: tempDir(),
      env: FAKE_AWS_ENV,
      stdin: Readable.from([Buffer.from("zq-unrelated-value\n")]),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `golive secrets: could not write ${SECRET_ID}: Error: connect ECONNREFUSED ${endpoint.replace("http://", "")}; nothing was written\n`,
    );
  });

  test("a server echoing the value in its error: the class stays, the text is withheld", async () => {
    const { run } = await putTo("error-echoing-value", "zq-unrelated-value");
    expect(run).toEqual({ code: 1, stdout: "", stderr: withheld("InvalidRequestException") });
  });

  test("a written value that is a word of the success line withholds the version id, not a word of the line", async () => {
    const { run } = await putTo("ok", "Wrote");
    expect(run).toEqual({
      code: 0,
      stdout: `Wrote a new version of ${SECRET_ID} (its version id is withheld: the line held the value or part of it).\n`,
      stderr: "",
    });
    const json = await putTo("ok", "secretId", "--json");
    expect(json.run).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(json.run.stdout)).toEqual({ secretId: SECRET_ID, versionId: null });
  });

  test.each([["   "], ["\t \r"], ["\u00a0"]])(
    "fails with exit 2 on a value of nothing but whitespace (%j), sending nothing",
    async (value) => {
      const { run, calls } = await putTo("ok", value);
      expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr:
          "golive secrets: the value is only whitespace (spaces, tabs or line breaks); allowed: the secret's text; nothing was written\nsee: golive secrets --help\n",
      });
      expect(calls).toBe(0);
    },
  );
});

/**
 * A server may echo the value otherwise than whole on the first line of its message: from the second
 * line on, one line of a multi-line value, or cut short. The whole message is judged before the line
 * printed takes its first line; a line of the value of 4 characters or more, or 8 characters of it in a
 * row, withholds it (lib/features/secrets/value-echo.ts).
 */
describe("golive secrets put withholds an error that echoes a piece of the value", () => {
  test("the audit's run: a two-line value echoed whole, its first line on the message's first line", async () => {
    const fake = await startFakeSecretsManager("error-echoing-value", { echo: (sent) => `Invalid SecretString: ${sent}` });
    try {
      const run = await goliveWithSdkEnv(PUT, {
        cwd: tempDir(),
        env: { ...FAKE_AWS_ENV, AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint, AWS_EC2_METADATA_DISABLED: "true" },
        input: "correct horse battery staple\nsecond line\n",
      });
      expect(run).toEqual({ code: 1, stdout: "", stderr: withheld("InvalidRequestException") });
    } finally {
      await fake.close();
    }
  });

  test.each([
    ["one line of a multi-line value (CRLF line ends)", "first-line-of-it\r\nzq4x", (sent: string) => `bad line: ${sent.split("\r\n")[1]}`],
    ["the value from the message's second line on", "zq-unrelated-value", (sent: string) => `bad request\n${sent}`],
    ["the value cut to its first 8 characters", "zq-unrelated-value", (sent: string) => `bad value starting ${sent.slice(0, 8)}...`],
    ["8 characters from the middle of it", "zq-unrelated-value", (sent: string) => `near "${sent.slice(5, 13)}"`],
  ])("withholds the error text that holds %s", async (_what, value, echo) => {
    const { run } = await putWith("error-echoing-value", { echo }, value);
    expect(run).toEqual({ code: 1, stdout: "", stderr: withheld("InvalidRequestException") });
  });

  test("an error holding only a line of the value shorter than 4 characters, or 7 characters of it, is printed, a CR in it escaped", async () => {
    const short = await putWith(
      "error-echoing-value",
      { echo: (sent) => `bad: ${sent.split("\r\n")[0]}\rend` },
      "one\r\nzq-unrelated-value",
    );
    expect(short.run.stderr).toBe(
      `golive secrets: could not write ${SECRET_ID}: InvalidRequestException: bad: one\\u000dend; nothing was written\n`,
    );
    const seven = await putWith("error-echoing-value", { echo: (sent) => `starts ${sent.slice(0, 7)}` }, "zq-unrelated-value");
    expect(seven.run.stderr).toBe(
      `golive secrets: could not write ${SECRET_ID}: InvalidRequestException: starts zq-unre; nothing was written\n`,
    );
  });
});
