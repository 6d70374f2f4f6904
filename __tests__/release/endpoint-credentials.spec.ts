import { Readable } from "node:stream";
import { endpointProblem } from "../../lib/core/endpoint";
import { golive, tempDir } from "../helpers/cli";
import { failureJson } from "../cli/failure-json";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { startFakeCloudflareApi } from "./fake-cloudflare-api";
import { releaseFixture } from "./release-fixture";

// An endpoint is a base URL that golive appends paths to and prints in every --dry-run request line:
// user-info in it would print a password, a query or fragment would swallow the paths. Credential-shaped
// text is built at run time (the secret gate scans the tree).
const PASSWORD = ["Pa55", "word", "9z"].join("");
const QUERY_SECRET = ["s3cr3t", "q", "7"].join("");
const withUser = (host: string, path = "") => ["https://", "admin", ":", PASSWORD, "@", host, path].join("");
const USER_URL = withUser("cf-gw.example.internal", "/client/v4");
const ALLOWED = "allowed: an https:// URL (plain http only to 127.0.0.1, localhost or [::1]), with no user-info";
const TOKEN_ENV = { CLOUDFLARE_API_TOKEN: "t".repeat(40) };

/**
 * The run refused the endpoint: exit 2, one line naming where it came from, nothing on stdout (with
 * --json: the failure object repeating that line), the credential nowhere.
 */
function expectRefused(
  r: { code: number; stdout: string; stderr: string },
  command: string,
  source: string,
  secret: string,
  json = false,
): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe(json ? failureJson(r) : "");
  expect(r.stderr.split("\n")[0]).toMatch(new RegExp(`^golive ${command}: ${source.replace(/[$]/g, "\\$")}: got "[^"]*": `));
  expect(r.stderr).toContain(ALLOWED);
  expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
}

describe("endpointProblem: a base URL with user-info, a query or a fragment", () => {
  test.each([
    ["user and password", withUser("api.example.com"), PASSWORD, "https://[REDACTED]@api.example.com"],
    [
      "a password holding a slash",
      withUser("h.example", "/x").replace(PASSWORD, `${PASSWORD}/x`),
      PASSWORD,
      "https://[REDACTED]@h.example/x",
    ],
    ["an empty user-info", "https://@api.example.com/client/v4", "@@", "https://[REDACTED]@api.example.com/client/v4"],
    ["a query", `http://127.0.0.1:9/client/v4?token=${QUERY_SECRET}`, QUERY_SECRET, "http://127.0.0.1:9/client/v4?[REDACTED]"],
    ["a fragment", `https://api.example.com/client/v4#${QUERY_SECRET}`, QUERY_SECRET, "https://api.example.com/client/v4#[REDACTED]"],
    ["a bare ?", "https://api.example.com/client/v4?", "??", "https://api.example.com/client/v4?[REDACTED]"],
    [
      "user-info on plain http to another host",
      withUser("api.example.com").replace("https", "http"),
      PASSWORD,
      "http://[REDACTED]@api.example.com",
    ],
  ])("fails %s, quoting the URL without its credential part", (_what, endpoint, secret, shown) => {
    const problem = endpointProblem(endpoint);
    expect(problem).toBeDefined();
    expect(problem).toContain(`got ${JSON.stringify(shown)}`);
    expect(problem).not.toContain(secret);
    expect(problem).not.toContain("\n");
  });

  test("says which part is refused and what is allowed", () => {
    expect(endpointProblem(USER_URL)).toBe(
      'got "https://[REDACTED]@cf-gw.example.internal/client/v4": a user name or password in the URL is refused (not shown); allowed: an https:// URL (plain http only to 127.0.0.1, localhost or [::1]), with no user-info (user:password@), query (?...) or fragment (#...)',
    );
    expect(endpointProblem("http://127.0.0.1:9/client/v4?x=1#frag")).toMatch(
      /^got "http:\/\/127\.0\.0\.1:9\/client\/v4\?\[REDACTED\]": a query or fragment is refused \(paths are appended to this base URL\); allowed: /,
    );
  });

  test.each(["https://api.cloudflare.com/client/v4", "http://127.0.0.1:9/client/v4", "http://[::1]:9", "https://api.example.com/a@b"])(
    "accepts %s",
    (endpoint) => {
      expect(endpointProblem(endpoint)).toBeUndefined();
    },
  );
});

describe("every endpoint flag and variable refuses user-info, a query or a fragment (exit 2, nothing sent or written)", () => {
  test("release rollback --now --dry-run --api-base-url with a password: refused, the password never printed", async () => {
    const fx = releaseFixture();
    const before = fx.read();
    const r = await golive(["release", "rollback", "production", "--now", "--dry-run", "--api-base-url", USER_URL], {
      cwd: fx.dir,
      env: TOKEN_ENV,
    });
    expectRefused(r, "release", "--api-base-url", PASSWORD);
    expect(r.stderr).toContain("https://[REDACTED]@cf-gw.example.internal/client/v4");
    expect(fx.read()).toBe(before);
  });

  test.each([
    [["rollback", "production", "--now", "--dry-run", "--json", "--api-base-url", USER_URL], {}, "--api-base-url", PASSWORD],
    [["run", "production", "--dry-run", "--api-base-url", USER_URL], {}, "--api-base-url", PASSWORD],
    [
      ["run", "production", "--dry-run"],
      { GOLIVE_CLOUDWATCH_ENDPOINT: withUser("cw.example.internal") },
      "GOLIVE_CLOUDWATCH_ENDPOINT",
      PASSWORD,
    ],
    [["rollback", "production", "--now", "--dry-run"], { CLOUDFLARE_BASE_URL: USER_URL }, "CLOUDFLARE_BASE_URL", PASSWORD],
    [
      ["rollback", "production", "--now", "--dry-run", "--api-base-url", `http://127.0.0.1:9/client/v4?token=${QUERY_SECRET}`],
      {},
      "--api-base-url",
      QUERY_SECRET,
    ],
    [
      ["run", "production", "--dry-run", "--json"],
      { CLOUDFLARE_BASE_URL: `https://api.example.com/client/v4#${QUERY_SECRET}` },
      "CLOUDFLARE_BASE_URL",
      QUERY_SECRET,
    ],
  ])("release %j with %j", async (args, env, source, secret) => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    const before = fx.read();
    const r = await golive(["release", ...args], { cwd: fx.dir, env: { ...TOKEN_ENV, ...env } });
    expectRefused(r, "release", source, secret, args.includes("--json"));
    expect(fx.read()).toBe(before);
  });

  test("the real rollback --now with a query and fragment sends no request and writes nothing (it used to lose the path: a 404)", async () => {
    const api = await startFakeCloudflareApi({ zoneName: "example.com", hostname: "app.example.com", poolPrefix: "opsbot-production" });
    try {
      const fx = releaseFixture();
      fx.set(["release", "weights"], { blue: 40, green: 60 });
      const before = fx.read();
      const r = await golive(["release", "rollback", "production", "--now", "--api-base-url", `${api.baseUrl}?x=1#frag`], {
        cwd: fx.dir,
        env: TOKEN_ENV,
      });
      expectRefused(r, "release", "--api-base-url", "x=1");
      expect(api.requests).toEqual([]);
      expect(fx.read()).toBe(before);
    } finally {
      await api.close();
    }
  });

  test("preflight --api-base-url with a password", async () => {
    const fx = releaseFixture();
    const r = await golive(["preflight", "production", "--api-base-url", USER_URL], { cwd: fx.dir, env: TOKEN_ENV });
    expectRefused(r, "preflight", "--api-base-url", PASSWORD);
  });

  test.each([
    [["--endpoint", withUser("secretsmanager.example.internal")], {}, "--endpoint"],
    [[], { GOLIVE_SECRETS_ENDPOINT: withUser("secretsmanager.example.internal") }, "GOLIVE_SECRETS_ENDPOINT"],
  ])("secrets put %j %j", async (flags, env, source) => {
    const r = await golive(["secrets", "put", "production", "database-url", "--config-dir", EXAMPLE_CONFIG_DIR, ...flags], {
      cwd: tempDir(),
      env,
      stdin: Readable.from(["x"]),
    });
    expectRefused(r, "secrets", source, PASSWORD);
  });
});
