import { REDACTED } from "../../lib/core/redact";
import { spawnGolive } from "../helpers/cli";
import { ALNUM, j, rep } from "../helpers/secret-samples";
import { LiveReport, liveArgs, TOKEN_ENV } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// verify quotes the first bytes of a body that should never have been served: whatever the body
// holds, the credentials in it are masked and the rest of the report (every other finding, the
// verdict, valid JSON) is printed. Samples are assembled at run time (the secret scan reads this file).

let live: LiveProject;

beforeAll(async () => {
  live = await startLiveProject();
});

afterAll(() => live?.close());

const args = (format: "json" | "text"): string[] => liveArgs(live.ports, format, ["--p95-bar-ms", "5000"]);

/** A PEM private key of 600 base64 characters, 64 to a line: verify quotes only its first 200 bytes, its end line cut off. */
const BODY = rep(j(ALNUM, "+/"), 600);
const LEAKED_KEY = j("-----BEGIN PRIVATE", " KEY-----\n", (BODY.match(/.{1,64}/g) ?? []).join("\n"), "\n-----END PRIVATE", " KEY-----\n");

describe("golive verify (the process) prints the whole report when an open endpoint answers with a private key", () => {
  beforeEach(() => live.edge.setFaults({ openApi: true, openApiBody: LEAKED_KEY }));

  test("the text report keeps every finding and the NO-GO verdict, the key masked", async () => {
    const run = await spawnGolive(args("text"), { cwd: live.cwd, env: TOKEN_ENV });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain(BODY.slice(0, 40));
    expect(run.stdout).toMatch(/FAIL +auth\.unauthenticated +GET https:\/\/chat\.example\.com:\d+\/api\/chat: answered 200 with \d+ bytes/);
    expect(run.stdout).toMatch(/^PASS +tls\.version +chat\.example\.com: negotiated TLSv1\.[23]$/m);
    expect(run.stdout).toMatch(/\nNO-GO: 1 check\(s\) failed \(\d+ passed, 1 failed, \d+ unverifiable\)\n$/);
  });

  test("--json stays JSON, every result in it, the key masked", async () => {
    const run = await spawnGolive(args("json"), { cwd: live.cwd, env: TOKEN_ENV });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain(BODY.slice(0, 40));
    const report = LiveReport.parse(JSON.parse(run.stdout));
    const failed = report.results.filter((r) => r.status === "fail");
    expect(failed.map((r) => r.check)).toEqual(["auth.unauthenticated"]);
    expect(failed[0]?.detail).toContain(REDACTED);
    expect(report.results.filter((r) => r.check === "tls.version").length).toBeGreaterThan(1);
  });
});
