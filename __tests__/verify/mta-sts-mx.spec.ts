import { evaluateMxAgainstPolicy } from "../../lib/features/email/mta-sts-mx-probe";
import { evaluateRecord } from "../../lib/features/email/probes";
import { golive, LiveReport, liveArgs, TOKEN_ENV, writeEmailConfig } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// A sender applying the MTA-STS policy delivers only to an MX its mx patterns match (RFC 8461 4.1: a
// `*.` pattern covers one leftmost label; mailauth's suffix match is looser); with no MX it delivers to the domain's address, if any (the implicit MX, RFC 5321 5.1).

const STAGING = { mode: "testing" as const, mx: ["*.example.org"], maxAge: 604800 };
const ENFORCE = { ...STAGING, mode: "enforce" as const };
const mx = (...hosts: string[]) => ({
  name: "example.net",
  type: "MX" as const,
  values: hosts.map((value, i) => ({ value, priority: 10 * (i + 1) })),
});

describe("mta-sts.mx: the sending domain's live MX against email.mtaSts.mx", () => {
  test("fails a live MX no pattern matches beside matching ones, in testing mode too", () => {
    const r = evaluateMxAgainstPolicy("example.net", STAGING, mx("mx1.example.org", "mx.attacker.example"));
    expect(r).toMatchObject({ check: "mta-sts.mx", target: "MX example.net", status: "fail" });
    expect(r.detail).toBe(
      "live MX mx.attacker.example is matched by no pattern of email.mtaSts.mx (*.example.org): senders applying the policy deliver there and report a failure (mode testing) (RFC 8461 4.1): delete it, or list it in email.inboundMx and email.mtaSts.mx",
    );
  });

  test("fails no MX under enforce: the implicit MX, the domain's address, is not matched", () => {
    const r = evaluateMxAgainstPolicy("example.net", ENFORCE, { ...mx(), error: "ENODATA" });
    expect(r.status).toBe("fail");
    expect(r.detail).toBe(
      "no MX is live: if example.net has an address, senders deliver to it (the implicit MX, RFC 5321 5.1), which email.mtaSts.mx (*.example.org) does not match (without one, its mail is undeliverable): senders applying the policy refuse to deliver there (RFC 8461 4.1): declare email.inboundMx hosts that email.mtaSts.mx matches",
    );
  });

  test("passes matching MX hosts (case-blind, trailing dot), and a null MX alone", () => {
    expect(evaluateMxAgainstPolicy("example.net", ENFORCE, mx("MX1.example.org.", "mx2.example.org")).status).toBe("pass");
    expect(evaluateMxAgainstPolicy("example.net", ENFORCE, mx("")).status).toBe("pass");
  });

  test("one undeclared live MX no pattern matches fails both dns.record and mta-sts.mx (docs/monitoring.md says so)", () => {
    const live = mx("mx1.example.org", "mx.attacker.example");
    const declared = { stack: "email-staging", name: "example.net", type: "MX" as const, value: "mx1.example.org", priority: 10 };
    expect(evaluateRecord(declared, live).status).toBe("fail");
    expect(evaluateMxAgainstPolicy("example.net", STAGING, live).status).toBe("fail");
  });

  test("fails a live MX two labels below a *. pattern: it covers exactly one leftmost label (RFC 8461 4.1)", () => {
    const r = evaluateMxAgainstPolicy("example.net", STAGING, mx("a.b.example.org"));
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(/^live MX a\.b\.example\.org is matched by no pattern of email\.mtaSts\.mx \(\*\.example\.org\)/);
  });

  test("fails a lookup error other than no data, naming it", () => {
    expect(evaluateMxAgainstPolicy("example.net", ENFORCE, { ...mx(), error: "ESERVFAIL" }).detail).toBe("lookup failed (ESERVFAIL)");
  });
});

describe("golive verify queries the sending domain's MX whenever email.mtaSts applies a policy", () => {
  let live: LiveProject;
  // What the server answers as started: liveRecords() and the policy host.
  let served: LiveProject["dns"]["records"];

  beforeAll(async () => {
    live = await startLiveProject({ names: ["mta-sts.example.com"], prepare: writeEmailConfig });
    served = live.dns.records;
  });

  afterAll(() => live?.close());

  const failed = async () => {
    const run = await golive(live.cwd, liveArgs(live.ports, "json", ["--p95-bar-ms", "5000"]), TOKEN_ENV);
    return { code: run.code, failed: LiveReport.parse(JSON.parse(run.stdout)).results.filter((r) => r.status === "fail") };
  };

  test("fails an MX at example.com beside the declared ones that email.mtaSts.mx does not list", async () => {
    live.dns.records = [...served, { name: "example.com", type: "MX", value: "mx.attacker.example", priority: 1 }];
    const out = await failed();
    expect(out.code).toBe(1);
    expect(out.failed.map((r) => `${r.check} ${r.target}: ${r.detail}`)).toEqual([
      "mta-sts.mx MX example.com: live MX mx.attacker.example is matched by no pattern of email.mtaSts.mx (mx1.example.net, mx2.example.net): senders applying the policy refuse to deliver there (RFC 8461 4.1): delete it, or list it in email.inboundMx and email.mtaSts.mx",
    ]);
  });

  test("fails with no MX at example.com (the implicit MX), and passes the declared ones", async () => {
    live.dns.records = served.filter((r) => !(r.name === "example.com" && r.type === "MX"));
    expect((await failed()).failed.map((r) => r.check)).toEqual(["mta-sts.mx"]);
    live.dns.records = served;
    expect(await failed()).toEqual({ code: 0, failed: [] });
  });
});
