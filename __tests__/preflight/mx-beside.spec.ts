import { hex, preflightHarness } from "./harness";

// The example config publishes MX 10 mx1.example.net and MX 20 mx2.example.net at example.com
// (email.inboundMx, with email.mtaSts in enforce mode listing only them), MX 10 feedback-smtp at
// bounce.example.com (the SES MAIL FROM domain) and a null MX (MX 0 .) at old.example.com and
// chat.example.com (email.nonSending).
const h = preflightHarness();

describe("preflight: an MX golive does not declare, at a name it routes mail for", () => {
  test("fails on an MX beside the null MX of a non-sending name (RFC 7505 section 3)", async () => {
    const { code, json } = await h.recordsReport([
      { id: hex("a"), name: "old.example.com", type: "MX", content: "mx.google.com", priority: 10 },
    ]);
    expect(code).toBe(1);
    expect(json.blocking).toEqual([
      {
        check: "record",
        severity: "fix",
        subject: "old.example.com MX",
        message: `exists (${hex("a")}, MX 10 mx.google.com) beside the null MX golive publishes for this name (email.nonSending.0), and "a domain that advertises a null MX MUST NOT advertise any other MX RR" (RFC 7505 section 3): senders would still deliver to it: delete it`,
      },
    ]);
  });

  test("fails on an MX beside email.inboundMx; the one config declares is adopted, golive's own and unrelated names left alone", async () => {
    const { code, json } = await h.recordsReport([
      { id: hex("b"), name: "example.com", type: "MX", content: "mx.google.com", priority: 1 },
      { id: hex("c"), name: "example.com", type: "MX", content: "mx1.example.net", priority: 10 },
      { id: hex("d"), name: "example.com", type: "MX", content: "mx3.example.net", priority: 30, comment: "golive: inbound mail" },
      { id: hex("e"), name: "lists.example.com", type: "MX", content: "mx.mailgun.org", priority: 10 },
    ]);
    expect(code).toBe(1);
    const fixes = json.blocking.filter((f) => f.severity === "fix");
    expect(fixes.map((f) => f.subject)).toEqual(["example.com MX"]);
    expect(fixes[0]?.message).toBe(
      `exists (${hex("b")}, MX 1 mx.google.com) beside the MX records golive publishes (email.inboundMx.0.host), and senders would deliver part of this name's mail to it (with email.mtaSts.mode enforce, MTA-STS senders refuse a host email.mtaSts.mx does not list): delete it, or add it to email.inboundMx and email.mtaSts.mx`,
    );
    // MX 10 mx1.example.net is the record config declares: adopted (--write), not reported beside it.
    expect(json.findings.filter((f) => f.subject === "example.com MX" && f.severity === "adopt")).toEqual([
      expect.objectContaining({ message: `exists (${hex("c")}) exactly as config declares it: --write adopts it, unchanged` }),
    ]);
    expect(json.findings.some((f) => f.subject === "lists.example.com MX")).toBe(false);
  });

  test("fails on a second MX at the SES MAIL FROM domain", async () => {
    const { json } = await h.recordsReport([
      { id: hex("f"), name: "bounce.example.com", type: "MX", content: "mail.example.org", priority: 5 },
    ]);
    expect(json.blocking).toEqual([
      expect.objectContaining({
        subject: "bounce.example.com MX",
        message: expect.stringMatching(
          /^exists \(f{32}, MX 5 mail\.example\.org\) beside the MX golive publishes for the SES MAIL FROM domain \(email\.mailFromSubdomain\)/,
        ),
      }),
    ]);
  });
});
