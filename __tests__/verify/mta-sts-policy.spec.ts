import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HttpObservation } from "../../lib/core/verify/types";
import { evaluateServedPolicy, parseServedPolicy } from "../../lib/features/email/mta-sts-probe";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { MTA_STS_POLICY } from "./fake-edge";
import { answerTo, golive, HOSTS, LiveReport, liveArgs, TOKEN_ENV, writeEmailConfig } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// Senders fetch the MTA-STS policy from https://mta-sts.<domain>/.well-known/mta-sts.txt (RFC 8461
// 3.2-3.3): verify reads it as they do and holds it to email.mtaSts.

const HOST = "mta-sts.example.com";
const WANT = { mode: "enforce" as const, mx: ["mx1.example.net", "mx2.example.net"], maxAge: 604800 };
const URL = `https://${HOST}/.well-known/mta-sts.txt`;

function served(body: string, contentType = "text/plain; charset=utf-8", status = 200): HttpObservation {
  const obs = answerTo(URL, status);
  return { ...obs, headers: { "content-type": contentType }, body, bodySnippet: body.slice(0, 200), bodyBytes: body.length };
}

describe("mta-sts.policy: the served policy file against email.mtaSts", () => {
  test("reads CRLF and LF lines, every value of each field in order; ignores extensions", () => {
    expect(parseServedPolicy("version: STSv1\nmode:enforce\r\nmode: none\nmx: a.example\nmx:  b.example\nx-ext: 1\n")).toEqual({
      version: ["STSv1"],
      mode: ["enforce", "none"],
      maxAge: [],
      mx: ["a.example", "b.example"],
    });
  });

  test("passes the policy the email stack's Worker serves", () => {
    expect(evaluateServedPolicy(HOST, WANT, served(MTA_STS_POLICY))).toMatchObject({
      check: "mta-sts.policy",
      target: `GET ${URL}`,
      status: "pass",
      detail: "version STSv1, mode enforce, max_age 604800, mx mx1.example.net, mx2.example.net: as declared",
    });
  });

  test.each([
    [
      "another mode, max_age and mx set, each named",
      served("version: STSv1\r\nmode: testing\r\nmx: mx1.example.net\r\nmx: mx.evil.example\r\nmax_age: 86400\r\n"),
      "differs from email.mtaSts, which the email stack declares: mode is testing, expected enforce; max_age is 86400, expected 604800; no mx line for mx2.example.net; mx mx.evil.example not declared",
    ],
    [
      "no version",
      served("mode: enforce\nmx: mx1.example.net\nmx: mx2.example.net\nmax_age: 604800\n"),
      "no version line (expected STSv1)",
    ],
    // mailauth's parsePolicy keeps the last (mode none); another sender may keep the first.
    [
      "a repeated mode, naming both values",
      served("version: STSv1\r\nmode: enforce\r\nmode: none\r\nmx: mx1.example.net\r\nmx: mx2.example.net\r\nmax_age: 604800\r\n"),
      "differs from email.mtaSts, which the email stack declares: mode given 2 times (enforce, none): RFC 8461 3.2 allows one and does not say which senders read (mailauth reads the last)",
    ],
    [
      "a repeated version and max_age, even of the same value",
      served("version: STSv1\nversion: STSv1\nmode: enforce\nmx: mx1.example.net\nmx: mx2.example.net\nmax_age: 604800\nmax_age: 1\n"),
      "version given 2 times (STSv1, STSv1): RFC 8461 3.2 allows one and does not say which senders read (mailauth reads the last); max_age given 2 times (604800, 1)",
    ],
    ["HTML", served(MTA_STS_POLICY, "text/html"), "served as text/html; RFC 8461 3.3 requires text/plain"],
    ["a redirect", served("", "text/plain", 301), "answered 301; expected 200 with the policy (RFC 8461 3.3: senders follow no redirect)"],
    [
      "no answer over a valid certificate",
      { ...answerTo(URL, 0), status: undefined, error: "ERR_TLS_CERT_ALTNAME_INVALID" },
      "no HTTPS answer with a trusted certificate valid for mta-sts.example.com (ERR_TLS_CERT_ALTNAME_INVALID)",
    ],
  ])("fails %s", (_what, obs, detail) => {
    const r = evaluateServedPolicy(HOST, WANT, obs);
    expect(r.status).toBe("fail");
    expect(r.detail).toContain(detail);
  });
});

describe("golive verify fetches the MTA-STS policy of an environment with email", () => {
  let live: LiveProject;

  beforeAll(async () => {
    live = await startLiveProject({ names: [HOST], prepare: writeEmailConfig });
  });

  afterAll(() => live?.close());

  const args = (extra: readonly string[] = []): string[] => liveArgs(live.ports, "json", ["--p95-bar-ms", "5000", ...extra]);
  const policyResults = (stdout: string) => LiveReport.parse(JSON.parse(stdout)).results.filter((r) => r.check === "mta-sts.policy");

  test("passes the policy as declared, and --dry-run lists the request", async () => {
    live.edge.setFaults({});
    const run = await golive(live.cwd, args(), TOKEN_ENV);
    expect(policyResults(run.stdout).map((r) => r.status)).toEqual(["pass"]);
    expect(run.code).toBe(0);
    const dry = await golive(live.cwd, args(["--dry-run"]), TOKEN_ENV);
    const planned = (JSON.parse(dry.stdout) as { probes: { check: string; target: string; proves: string }[] }).probes;
    expect(planned.filter((p) => p.check === "mta-sts.policy")).toEqual([
      {
        check: "mta-sts.policy",
        target: URL.replace("https://", "GET https://"),
        proves:
          "senders read the policy email.mtaSts declares: a certificate valid for mta-sts.example.com, 200, text/plain, version STSv1, mode enforce, max_age 604800, mx mx1.example.net, mx2.example.net",
      },
    ]);
  });

  test("fails mta-sts.policy naming the difference when the served policy is in testing mode", async () => {
    live.edge.setFaults({
      mtaSts: { status: 200, contentType: "text/plain", body: MTA_STS_POLICY.replace("mode: enforce", "mode: testing") },
    });
    const run = await golive(live.cwd, args(), TOKEN_ENV);
    expect(run.code).toBe(1);
    const failed = LiveReport.parse(JSON.parse(run.stdout)).results.filter((r) => r.status === "fail");
    expect(failed).toEqual([
      {
        check: "mta-sts.policy",
        target: `GET https://${HOST}:${live.ports.https}/.well-known/mta-sts.txt`,
        status: "fail",
        detail: "differs from email.mtaSts, which the email stack declares: mode is testing, expected enforce",
      },
    ]);
  });

  test("fails when the policy host's certificate is not valid for mta-sts.<domain>", async () => {
    live.edge.setFaults({});
    const ca = createTestCa("mta-sts test");
    const leaf = issueLeaf(ca, { hosts: HOSTS });
    writeFileSync(join(live.cwd, "ca.pem"), ca.certPem);
    live.edge.setTls({ key: leaf.keyPem, cert: leaf.certPem, minVersion: "TLSv1.2" });
    const run = await golive(live.cwd, args(), TOKEN_ENV);
    expect(run.code).toBe(1);
    expect(policyResults(run.stdout).map((r) => `${r.status}: ${r.detail}`)).toEqual([
      expect.stringMatching(/^fail: no HTTPS answer with a trusted certificate valid for mta-sts\.example\.com \(.*ALTNAME.*\)/),
    ]);
  });
});
