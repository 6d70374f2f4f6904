import { REDACTED, redact } from "../../lib/core/redact";
import { ALNUM, j, PRESET_LOOKALIKES, PRESET_SAMPLES, rep } from "../helpers/secret-samples";

// lib/core/redact.ts guards what every other command prints (verify, preflight, release, check, error
// lines): it hides what the secret scan fails, the preset's findings included, as the plan review does.

describe("redact (what every command prints) hides what the secret scan's preset rules find", () => {
  test.each(PRESET_SAMPLES.map((s) => [s.finding, s] as const))("%s: the secret is replaced, the text around it stays", (_finding, s) => {
    const line = `golive verify: ${s.text}`;
    const out = redact(line);
    expect(out).not.toContain(s.secret);
    expect(out).toContain(REDACTED);
    expect(out.startsWith("golive verify: ")).toBe(true);
  });

  test("passes the look-alikes unchanged (one character short, a character the rule does not allow, an account id)", () => {
    for (const [name, value] of Object.entries(PRESET_LOOKALIKES)) {
      const line = `value of ${name}: ${value}\n`;
      expect({ name, out: redact(line) }).toEqual({ name, out: line });
    }
  });
});

describe("redact keeps hiding golive's own shapes", () => {
  const PEM_BODY = rep(j(ALNUM, "+/"), 120);
  const header = j("-----BEGIN RSA PRIVATE", " KEY-----");

  test("model-provider keys, bearer tokens, a 40-character token on a line that says token, and PagerDuty URLs are hidden", () => {
    const secrets = [
      j("p", "k-", rep(ALNUM, 20)),
      j("Bearer ", rep(ALNUM, 20)),
      j(rep(j(ALNUM, "_-"), 40), " (the deploy token)"),
      j("https://events.pagerduty.com/", "integration/", rep(ALNUM, 32), "/enqueue"),
    ];
    for (const text of secrets)
      expect({ text: text.slice(0, 6), out: redact(`error: ${text}`) }).toEqual({
        text: text.slice(0, 6),
        out: expect.stringContaining(REDACTED),
      });
    expect(redact(`error: ${secrets.join(" ")}`)).not.toContain(rep(ALNUM, 20));
  });

  test("a private key block goes whole, up to its end line; without one, its line and the PEM body lines after it", () => {
    const block = j(header, "\n", PEM_BODY, "\n-----END RSA PRIVATE", " KEY-----");
    expect(redact(`key: ${block}\nnext line`)).toBe(`key: ${REDACTED}\nnext line`);
    expect(redact(`key: ${header}\n${PEM_BODY.slice(0, 60)}`)).toBe(`key: ${REDACTED}`);
    const cut = `key: ${header}\n  ${PEM_BODY.slice(0, 64)}\r\n\n${PEM_BODY.slice(64, 100)}==\n\nnext: kept, as is the line after`;
    expect(redact(cut)).toBe(`key: ${REDACTED}\n\nnext: kept, as is the line after`);
  });

  test("a key cut short within one line of a report hides that line only: the findings after it and the verdict stay", () => {
    // verify quotes a body's first 200 bytes, escaped: the key's end line is cut off, and the findings
    // after it, the verdict included, were hidden with it.
    const report = [
      `FAIL  auth.unauthenticated  GET https://chat.example.com/api/chat: answered 200 with 657 bytes: "${header}\\n${PEM_BODY.slice(0, 150)}`,
      "PASS  tls.version          chat.example.com: negotiated TLSv1.3",
      "",
      "NO-GO: 1 check(s) failed (79 passed, 1 failed, 3 unverifiable)",
      "",
    ].join("\n");
    const out = redact(report);
    expect(out).not.toContain(PEM_BODY.slice(0, 40));
    expect(out.split("\n")).toEqual([
      `FAIL  auth.unauthenticated  GET https://chat.example.com/api/chat: answered 200 with 657 bytes: "${REDACTED}`,
      ...report.split("\n").slice(1),
    ]);
  });

  test("a Slack webhook URL inside JSON text is hidden and the JSON still parses", () => {
    const hook = j("https://hooks.slack.com/services/", "T4K2M9Q7Z/B6R1W8N3P/", rep(ALNUM, 24));
    const out = redact(JSON.stringify({ url: `${hook}"`, next: "kept" }));
    expect(out).not.toContain(rep(ALNUM, 24));
    expect(JSON.parse(out)).toEqual({ url: `${REDACTED}"`, next: "kept" });
  });

  test("a shape that spans lines is found deep in a long report: a Cloudflare token in pretty-printed JSON and in YAML, below its key", () => {
    const legacy = rep(j(ALNUM, "_-"), 40);
    const filler = Array.from({ length: 3000 }, (_, i) => ({ name: `host-${i}.example.com`, status: "ok" }));
    const json = JSON.stringify({ records: filler, cloudflare: { account: "opsbot", zone: "example.com", api_token: legacy } }, null, 2);
    const yaml = `${"checked: ok\n".repeat(3000)}cloudflare:\n  account: opsbot\n  # the deploy token\n  token: ${legacy}\nnext: kept\n`;
    for (const text of [json, yaml]) {
      const out = redact(text);
      expect(out).not.toContain(legacy);
      expect(out.split("\n").length).toBe(text.split("\n").length);
    }
    expect(JSON.parse(redact(json)).cloudflare.api_token).toBe(REDACTED);
    expect(redact(yaml).endsWith(`  token: ${REDACTED}\nnext: kept\n`)).toBe(true);
  });

  test("the secrets a command passes are hidden too, and a message without any credential is returned as it is", () => {
    expect(redact("token abcd-1234 rejected", ["abcd-1234"])).toBe(`token ${REDACTED} rejected`);
    const plain = "edge-production: cloudflare_dns_record.Dns_spf_044964AC content is v=spf1 -all";
    expect(redact(plain)).toBe(plain);
  });
});
