import { createServer } from "node:http";
import { rmSync } from "node:fs";
import { Readable } from "node:stream";
import { failureLine } from "../../lib/cli/commands/secrets-put";
import { PutSecretValueError, putSecretValue } from "../../lib/features/secrets/put-secret-value";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { listenOnLoopback } from "../helpers/loopback";
import { type FakeMode, startFakeSecretsManager, writes } from "./fake-secrets-manager";

const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: "test-access-key-id", AWS_SECRET_ACCESS_KEY: "test-secret-access-key" };
const SECRET_ID = "opsbot/production/model-provider-api-key";
const VALUE = "outcome-test-value-never-printed";

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function putAgainst(endpoint: string) {
  return golive(["secrets", "put", "production", "model-provider-api-key", "--config-dir", EXAMPLE_CONFIG_DIR, "--endpoint", endpoint], {
    cwd: dir,
    env: FAKE_AWS_ENV,
    stdin: Readable.from([`${VALUE}\n`]),
  });
}

/** A port of 127.0.0.1 nobody listens on (just closed). */
async function closedPort(): Promise<number> {
  const listening = await listenOnLoopback(createServer());
  await listening.close();
  return listening.port;
}

describe("secrets put says whether the value may have been written", () => {
  test.each([
    [
      "the connection is closed after the request arrived",
      "reset",
      "the connection was closed before Secrets Manager answered (ECONNRESET)",
    ],
    ["Secrets Manager answers 500", "server-error", "the answer (HTTP 500) was not Secrets Manager's JSON"],
    ["a 200 answer cannot be read", "unreadable-ok", "the answer (HTTP 200) was not Secrets Manager's JSON"],
  ] as const)("when %s: exit 1, the outcome is unknown, and how to check names this run's version", async (_when, mode: FakeMode, says) => {
    const fake = await startFakeSecretsManager(mode);
    try {
      const run = await putAgainst(fake.endpoint);
      expect(run.code).toBe(1);
      expect(run.stderr).not.toContain("nothing was written");
      expect(run.stderr).toContain(`could not confirm the write of ${SECRET_ID}: ${says}; the outcome is unknown`);
      expect(run.stderr).toContain("the outcome is unknown");
      const tokens = new Set(writes(fake.calls).map((c) => c.body.ClientRequestToken));
      expect(tokens.size).toBe(1); // the SDK's retry reuses the token: idempotent within a run
      expect(run.stderr).toContain(
        `look for version ${String([...tokens][0])} in: aws secretsmanager list-secret-version-ids --secret-id ${SECRET_ID} --region eu-west-1`,
      );
      expect(run.stderr).toContain("A retry writes another version even with the same value");
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr).not.toContain(VALUE);
    } finally {
      await fake.close();
    }
  });

  test("when no connection can be made: exit 1 and nothing was written", async () => {
    const run = await putAgainst(`http://127.0.0.1:${await closedPort()}`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not write opsbot\/production\/model-provider-api-key: .*ECONNREFUSED.*; nothing was written\n$/);
  });
});

describe("putSecretValue is bounded in time", () => {
  test("rejects after two attempts of timeoutMs against a server that never answers, the outcome unknown", async () => {
    const silent = await startFakeSecretsManager("hang");
    try {
      const started = Date.now();
      const err = await putSecretValue({
        region: "eu-west-1",
        secretId: SECRET_ID,
        value: VALUE,
        accountId: "111111111111",
        endpoint: silent.endpoint,
        env: FAKE_AWS_ENV,
        timeoutMs: 250,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      // Two attempts of 250 ms and the SDK's backoff: 0.55 s measured (2026-12-04). 20x the timeout (was
      // 12x) leaves a busy runner room, far from a hang.
      expect(Date.now() - started).toBeLessThan(5000);
      expect(err).toBeInstanceOf(PutSecretValueError);
      expect(err).toMatchObject({ name: "TimeoutError", mayHaveWritten: true });
      expect(silent.calls.map((c) => c.target)).toEqual([
        "secretsmanager.DescribeSecret",
        "secretsmanager.PutSecretValue",
        "secretsmanager.PutSecretValue",
      ]);
    } finally {
      await silent.close();
    }
  });

  test("a timeout reads as Secrets Manager not answering within the documented 10 s, twice", () => {
    const timeout = Object.assign(
      new Error("@smithy/node-http-handler - [ERROR] a request has exceeded the configured 10000 ms requestTimeout."),
      {
        name: "TimeoutError",
        code: "ETIMEDOUT",
      },
    );
    const line = failureLine(new PutSecretValueError(timeout, true, "token-1"), SECRET_ID, { region: "eu-west-1", writers: [] });
    expect(line).toContain("Secrets Manager did not answer within 10 s (2 attempts)");
    expect(line).toContain("the outcome is unknown");
    expect(line).not.toContain("@smithy");
  });
});
