import { REDACTED } from "../../lib/core/redact";
import { evaluateUnauthenticated } from "../../lib/features/edge/probes/auth";
import { evaluateRecord } from "../../lib/features/email/probes";
import { evaluateAppRoot } from "../../lib/features/edge/probes/root";
import { evaluateTls } from "../../lib/features/edge/probes/tls";
import { ALNUM, j, rep } from "../helpers/secret-samples";
import { answerTo, golive, LiveReport, liveArgs, SPF, TOKEN_ENV } from "./fixtures";
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

describe("golive verify prints the whole report when an open endpoint answers with a private key", () => {
  beforeEach(() => live.edge.setFaults({ openApi: true, openApiBody: LEAKED_KEY }));

  test("the text report keeps every finding and the NO-GO verdict, the key masked", async () => {
    const run = await golive(live.cwd, args("text"), TOKEN_ENV);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain(BODY.slice(0, 40));
    expect(run.stdout).toMatch(/FAIL +auth\.unauthenticated +GET https:\/\/chat\.example\.com:\d+\/api\/chat: answered 200 with \d+ bytes/);
    expect(run.stdout).toMatch(/^PASS +tls\.version +chat\.example\.com: negotiated TLSv1\.[23]$/m);
    expect(run.stdout).toMatch(/\nNO-GO: 1 check\(s\) failed \(\d+ passed, 1 failed, \d+ unverifiable\)\n$/);
  });

  test("--json stays JSON, every result in it, the key masked", async () => {
    const run = await golive(live.cwd, args("json"), TOKEN_ENV);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain(BODY.slice(0, 40));
    const report = LiveReport.parse(JSON.parse(run.stdout));
    const failed = report.results.filter((r) => r.status === "fail");
    expect(failed.map((r) => r.check)).toEqual(["auth.unauthenticated"]);
    expect(failed[0]?.detail).toContain(REDACTED);
    expect(report.results.filter((r) => r.check === "tls.version").length).toBeGreaterThan(1);
  });
});

/** AWS's documented example secret key, assembled: a JSON body holding it is what the audit saw printed. */
const AWS_SECRET = j("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCY", rep(ALNUM, 10));
const AWS_BODY = JSON.stringify({ [j("aws_secret", "_access_key")]: AWS_SECRET });

describe("server-controlled text is redacted before verify quotes it (the escaped form hides the credential from redaction)", () => {
  test("auth.unauthenticated quotes a JSON body with the secret masked", () => {
    const obs = { ...answerTo("https://chat.example.com/api/chat", 200), bodyBytes: AWS_BODY.length, bodySnippet: AWS_BODY };
    const r = evaluateUnauthenticated({ host: "chat.example.com", path: "/api/chat", protected: true }, obs);
    expect(r.status).toBe("fail");
    expect(r.detail).not.toContain(AWS_SECRET.slice(0, 20));
    expect(r.detail).toMatch(/: "\{\\"aws_secret_access_key\\":\\"\[REDACTED\]\\"\}"$/);
  });

  test("http.root quotes a Location that is no URL with the secret masked", () => {
    const r = evaluateAppRoot(answerTo("https://example.com/", 302, `https://[${AWS_BODY}]/`), { ignorePort: false });
    expect(r.status).toBe("fail");
    expect(r.detail).not.toContain(AWS_SECRET.slice(0, 20));
    expect(r.detail).toContain(REDACTED);
  });

  test("tls.expiry quotes a chain certificate's name with the secret masked", () => {
    const [, , expiry] = evaluateTls(
      {
        host: "example.com",
        protocol: "TLSv1.3",
        authorized: true,
        validTo: "2030-01-01T00:00:00.000Z",
        chain: [
          { name: "example.com", validTo: "2030-01-01T00:00:00.000Z" },
          { name: AWS_BODY, validTo: "2026-01-03T00:00:00.000Z" },
        ],
      },
      { minDaysLeft: 21, now: new Date("2026-01-01T00:00:00.000Z") },
    );
    expect(expiry?.status).toBe("fail");
    expect(expiry?.detail).not.toContain(AWS_SECRET.slice(0, 20));
    expect(expiry?.detail).toContain(REDACTED);
  });

  test("golive verify prints the open endpoint's JSON body with the secret masked, in text and --json", async () => {
    live.edge.setFaults({ openApi: true, openApiBody: AWS_BODY });
    for (const format of ["text", "json"] as const) {
      const run = await golive(live.cwd, args(format), TOKEN_ENV);
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain(AWS_SECRET.slice(0, 20));
      expect(run.stdout).toContain(REDACTED);
    }
  });
});

describe("a DNS record's value (server-controlled TXT content) is redacted before dns.record quotes it", () => {
  const TXT_SECRET = AWS_BODY;
  const expected = { stack: "email-production", name: "mail.example.com", type: "TXT" as const, value: SPF };

  test("dns.record quotes a live TXT holding a JSON credential with the secret masked", () => {
    const r = evaluateRecord(expected, { name: "mail.example.com", type: "TXT", values: [{ value: TXT_SECRET }] });
    expect(r.status).toBe("fail");
    expect(r.detail).not.toContain(AWS_SECRET.slice(0, 20));
    expect(r.detail).toBe(`live "{\\"aws_secret_access_key\\":\\"[REDACTED]\\"}"; synthesized (stack email-production) "${SPF}"`);
  });

  test("golive verify prints a TXT served by the resolver with the secret masked, in text and --json", async () => {
    live.edge.setFaults({});
    const served = live.dns.records;
    live.dns.records = served.map((r) => (r.name === "mail.example.com" && r.type === "TXT" ? { ...r, value: TXT_SECRET } : r));
    try {
      for (const format of ["text", "json"] as const) {
        const run = await golive(live.cwd, args(format), TOKEN_ENV);
        expect(run.code).toBe(1);
        expect(run.stdout).not.toContain(AWS_SECRET.slice(0, 20));
        expect(run.stdout).toContain("aws_secret_access_key");
        if (format === "json") {
          const failed = LiveReport.parse(JSON.parse(run.stdout)).results.filter((r) => r.status === "fail");
          expect(failed.map((r) => `${r.check} ${r.target}`)).toEqual(["dns.record TXT mail.example.com"]);
          expect(failed[0]?.detail).toContain(REDACTED);
        }
      }
    } finally {
      live.dns.records = served;
    }
  });
});
