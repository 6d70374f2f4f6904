import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { probeHttp } from "../../lib/engines/verify/probe/http";
import { listenOnLoopback } from "../helpers/loopback";
import { HEALTH_PATH } from "./fake-edge";
import { golive, liveArgs, TOKEN_ENV } from "./fixtures";
import { failureJson } from "../cli/failure-json";
import { type LiveProject, startLiveProject } from "./live-project";

// Header and path values verify sends that Node cannot put in a request: refused before anything is
// probed, naming the flag or variable (exit 2), never a raw Node error that drops every other finding.
// In-process: verify runs as a process in __tests__/cli/process.spec.ts (its token from the environment).

let live: LiveProject;

beforeAll(async () => {
  live = await startLiveProject();
});

afterAll(() => live?.close());

/** liveArgs with `path` as --health-path. */
function argsWithHealthPath(path: string, extra: readonly string[] = []): string[] {
  const args = liveArgs(live.ports, "json", extra);
  args[args.indexOf("--health-path") + 1] = path;
  return args;
}

describe("golive verify refuses a --health-path config paths may not be, --dry-run too", () => {
  test("fails with exit 2 naming --health-path for a space, nothing probed (no raw Node error)", async () => {
    const run = await golive(live.cwd, argsWithHealthPath("/hooks/a b"), TOKEN_ENV);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: failureJson(run) });
    expect(run.stderr).toMatch(
      /^golive verify: --health-path: got "\/hooks\/a b", allowed: an absolute URL path of at most 1024 letters, digits and \. _ ~ - \/, such as \/hooks\/healthz \(no spaces, query or wildcard\)\nsee: golive verify --help\n$/,
    );
    expect(live.edge.requests).toEqual([]);
  });

  test.each([
    ["/hooks/a b", "/hooks/a b", /got "\/hooks\/a b", allowed: an absolute URL path/],
    [
      "/hooks/../admin",
      "/hooks/../admin",
      /got "\/hooks\/\.\.\/admin": has a \. or \.\. segment; allowed: the path as Cloudflare normalizes it/,
    ],
    ["/hooks/./health", "/hooks/./health", /got "\/hooks\/\.\/health": has a \. or \.\. segment/],
    ["/hooks//health", "/hooks//health", /got "\/hooks\/\/health": has an empty segment \(\/\/\); allowed:/],
    ["/hooks/health?x=1", "/hooks/health?x=1", /got "\/hooks\/health\?x=1", allowed: an absolute URL path/],
    [
      "/hooks/ and 2,000 letters",
      `/hooks/${"a".repeat(2000)}`,
      /got "\/hooks\/a{90}\.\.\.", allowed: an absolute URL path of at most 1024/,
    ],
  ])("fails --dry-run --health-path %s with exit 2 naming the flag", async (_what, path, message) => {
    const run = await golive(live.cwd, argsWithHealthPath(path, ["--dry-run"]), TOKEN_ENV);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: failureJson(run) });
    expect(run.stderr).toMatch(new RegExp(`^golive verify: --health-path: ${message.source}`));
  });

  test("a path as config paths are still passes --dry-run", async () => {
    const run = await golive(live.cwd, argsWithHealthPath("/hooks/health-check_v2.json", ["--dry-run"]), TOKEN_ENV);
    expect(run.code).toBe(0);
  });
});

describe("golive verify refuses a service-token variable a header cannot carry, never printing it", () => {
  const ID = TOKEN_ENV.GOLIVE_ACCESS_CLIENT_ID;
  const SECRET = TOKEN_ENV.GOLIVE_ACCESS_CLIENT_SECRET;

  test("fails with exit 2 naming GOLIVE_ACCESS_CLIENT_ID when it ends in a line break, nothing probed", async () => {
    const run = await golive(live.cwd, liveArgs(live.ports, "json"), { ...TOKEN_ENV, GOLIVE_ACCESS_CLIENT_ID: `${ID}\n` });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: failureJson(run) });
    expect(run.stderr).toBe(
      "golive verify: GOLIVE_ACCESS_CLIENT_ID: holds a line break (the value is not shown); allowed: the Client ID and Client Secret of a service token as Cloudflare shows them, printable ASCII with no spaces\nsee: golive verify --help\n",
    );
    expect(live.edge.requests).toEqual([]);
  });

  test.each([
    ["GOLIVE_ACCESS_CLIENT_SECRET", `${SECRET}\r\n`, "a line break"],
    ["GOLIVE_ACCESS_CLIENT_SECRET", `${SECRET}☃`, "a non-ASCII character"],
    ["GOLIVE_ACCESS_CLIENT_SECRET", `${SECRET} `, "a space or tab"],
    ["GOLIVE_ACCESS_CLIENT_ID", `${ID}\u0007`, "a control character"],
  ])("fails (--dry-run too) with exit 2 when %s holds %j", async (variable, value, what) => {
    for (const extra of [["--dry-run"], []]) {
      const run = await golive(live.cwd, liveArgs(live.ports, "json", extra), { ...TOKEN_ENV, [variable]: value });
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: failureJson(run) });
      expect(run.stderr).toMatch(new RegExp(`^golive verify: ${variable}: holds ${what} \\(the value is not shown\\); allowed:`));
      expect(run.stderr).not.toContain(value.trim());
    }
    expect(live.edge.requests).toEqual([]);
  });
});

describe("golive verify refuses a --ca-file whose certificate cannot be read, before anything is sent", () => {
  test("fails with exit 2 and one line naming --ca-file, nothing resolved or probed", async () => {
    live.edge.setFaults({});
    writeFileSync(join(live.cwd, "garbage-ca.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    const args = liveArgs(live.ports, "json");
    args[args.indexOf("--ca-file") + 1] = "garbage-ca.pem";
    const run = await golive(live.cwd, args, TOKEN_ENV);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: failureJson(run) });
    expect(run.stderr).toBe(
      "golive verify: --ca-file: garbage-ca.pem: certificate 1 of 1 cannot be read (damaged base64, cut short or not X.509); allowed: PEM CA certificates, each -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----\nsee: golive verify --help\n",
    );
    expect(live.edge.requests).toEqual([]);
  });
});

describe("probeHttp never rejects: a request Node will not build is that probe's failure", () => {
  test.each([
    ["a path with a space", { path: "/hooks/a b" }, "ERR_UNESCAPED_CHARACTERS"],
    ["a header with a line break", { headers: { "CF-Access-Client-Id": "abc.access\n" } }, "ERR_INVALID_CHAR"],
    ["a header with a character beyond Latin-1", { headers: { "CF-Access-Client-Secret": "s☃" } }, "ERR_INVALID_CHAR"],
  ])("%s resolves as a failed observation, nothing sent", async (_what, bad, code) => {
    let received = 0;
    const server = await listenOnLoopback(
      createServer((_req, res) => {
        received += 1;
        res.end();
      }),
    );
    try {
      for (const scheme of ["http", "https"] as const) {
        const target = { scheme, host: "chat.example.com", address: "127.0.0.1", port: server.port, path: HEALTH_PATH, timeoutMs: 2000 };
        const seen = await probeHttp({ ...target, ...bad });
        // Under jest Node's own errors are of another realm, so errorCode gives the message, which holds the code.
        expect(seen).toMatchObject({ error: expect.stringContaining(code), headers: {}, bodyBytes: 0, method: "GET" });
        expect(seen.status).toBeUndefined();
      }
      expect(received).toBe(0);
    } finally {
      await server.close();
    }
  });
});
