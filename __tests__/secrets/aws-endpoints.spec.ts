import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { InsecureEndpointError } from "../../lib/core/aws-request-guard";
import { cloudWatchAlarmSource } from "../../lib/features/release/cloudwatch-alarms";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, exampleConfig } from "../helpers/example-config";
import { type FakeSecretsManager, startFakeSecretsManager, writes } from "./fake-secrets-manager";

// The AWS SDK reads its endpoint settings (AWS_ENDPOINT_URL*, AWS_CONFIG_FILE, AWS_PROFILE) from
// process.env, not from the CLI's io.env: these tests set them there, and put everything back.
const SDK_SETTINGS = [
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_SECRETS_MANAGER",
  "AWS_ENDPOINT_URL_CLOUDWATCH",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_PROFILE",
  "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
] as const;

type SdkVars = Partial<Record<(typeof SDK_SETTINGS)[number], string>>;

async function withSdkEnv<T>(vars: SdkVars, body: () => Promise<T>): Promise<T> {
  const saved = SDK_SETTINGS.map((k) => [k, process.env[k]] as const);
  for (const k of SDK_SETTINGS) delete process.env[k];
  Object.assign(process.env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }, vars);
  try {
    return await body();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: "test-access-key-id", AWS_SECRET_ACCESS_KEY: "test-secret-access-key" };
const VALUE = "value-that-must-not-travel-in-the-clear";

let fake: FakeSecretsManager;
let dir: string;
/** Plain http to this machine by a name golive does not accept as loopback: what a LAN address would be. */
let cleartext: string;
beforeAll(async () => {
  fake = await startFakeSecretsManager("ok");
  dir = tempDir();
  cleartext = `http://0.0.0.0:${fake.port}`;
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.calls.length = 0;
});

/**
 * `secrets put production database-url` with the value on stdin and `vars` in its environment (the
 * CLI's and the SDK's, one and the same in a real process), without golive's own --endpoint.
 */
function put(vars: SdkVars, extra: readonly string[] = []) {
  return withSdkEnv(vars, () =>
    golive(["secrets", "put", "production", "database-url", "--config-dir", EXAMPLE_CONFIG_DIR, ...extra], {
      cwd: dir,
      env: { ...FAKE_AWS_ENV, ...vars },
      stdin: Readable.from([`${VALUE}\n`]),
    }),
  );
}

/** A shared AWS config file holding `text`. */
function configFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("secrets put refuses a plain-http endpoint the AWS SDK takes from its own settings", () => {
  test.each(["AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"] as const)(
    "fails with a usage error naming %s, and nothing reaches the endpoint",
    async (variable) => {
      const run = await put({ [variable]: cleartext });
      expect(run.code).toBe(2);
      expect(fake.calls).toHaveLength(0);
      expect(run.stderr).toContain(`${variable}: got "${cleartext}", allowed: an https:// URL`);
      expect(run.stderr).toContain("nothing was sent or written");
      expect(run.stderr).not.toContain(VALUE);
    },
  );

  test.each([
    ["the profile's endpoint_url", (url: string) => `[profile golive-test]\nendpoint_url = ${url}\n`],
    [
      "its services section",
      (url: string) => `[profile golive-test]\nservices = local\n\n[services local]\nsecrets_manager =\n  endpoint_url = ${url}\n`,
    ],
  ])("fails with a usage error for %s in the shared config file, and nothing reaches the endpoint", async (label, text) => {
    const file = configFile(`config-${label.length}`, text(cleartext));
    const run = await put({ AWS_CONFIG_FILE: file, AWS_PROFILE: "golive-test" });
    expect(run.code).toBe(2);
    expect(fake.calls).toHaveLength(0);
    expect(run.stderr).toContain(`endpoint_url in the shared AWS config file (${file}, profile golive-test or its services section)`);
    expect(run.stderr).not.toContain(VALUE);
  });

  test("the same settings naming loopback are honoured (the SDK does read them), and --endpoint overrides them", async () => {
    const viaSdk = await put({ AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint });
    expect(viaSdk.code).toBe(0);
    expect(writes(fake.calls)).toHaveLength(1);
    const viaFlag = await put({ AWS_ENDPOINT_URL: cleartext }, ["--endpoint", fake.endpoint]);
    expect(viaFlag.code).toBe(0);
    expect(writes(fake.calls)).toHaveLength(2);
  });
});

describe("release --watch's CloudWatch alarm source holds to the same rule and a time bound", () => {
  const cfg = exampleConfig();

  test("rejects a plain-http endpoint from AWS_ENDPOINT_URL_CLOUDWATCH before sending anything", async () => {
    const firing = withSdkEnv({ ...FAKE_AWS_ENV, AWS_ENDPOINT_URL_CLOUDWATCH: cleartext }, () =>
      cloudWatchAlarmSource(cfg, { timeoutMs: 2000 }).firing(),
    );
    await expect(firing).rejects.toBeInstanceOf(InsecureEndpointError);
    expect(fake.calls).toHaveLength(0);
  });

  test("fails within its timeout (two attempts) against an endpoint that never answers", async () => {
    const silent = await startFakeSecretsManager("hang");
    try {
      const started = Date.now();
      const outcome = await withSdkEnv(FAKE_AWS_ENV, () =>
        Promise.race([
          cloudWatchAlarmSource(cfg, { timeoutMs: 250, endpoint: silent.endpoint })
            .firing()
            .then(
              () => "answered",
              (err: unknown) => (err instanceof Error ? err.name : "error"),
            ),
          new Promise<string>((resolve) => setTimeout(() => resolve("still waiting after 10 s"), 10_000).unref()),
        ]),
      );
      expect(outcome).toBe("TimeoutError");
      // Two attempts of 250 ms and the SDK's backoff: 0.5 s measured (2026-12-04). 20x the timeout (was 12x)
      // leaves a busy runner room (the SDK client is built inside the timed span), far from a hang.
      expect(Date.now() - started).toBeLessThan(5000);
      expect(silent.calls).toHaveLength(2);
    } finally {
      await silent.close();
    }
  });
});
