import { configErrorText, exampleConfig } from "../helpers/example-config";
import { emailFindings } from "../../lib/features/email/validate";
import { desiredEmailRecords } from "../../lib/features/email/model";

const E = (...path: (string | number)[]) => ["email", ...path];

test("both example configs pass, with SES defaults filled in", () => {
  const prod = exampleConfig();
  expect(prod.email).toMatchObject({
    region: "eu-west-1",
    mailFromSubdomain: "bounce",
    dmarc: { pct: 100, alignment: { spf: "relaxed", dkim: "relaxed" } },
  });
  expect(exampleConfig([], "staging").email?.spf.includes).toEqual(["amazonses.com", "_spf.google.com"]);
});

test("staging's p=none surfaces as a warning with the ramp, not as a config error", () => {
  const cfg = exampleConfig([], "staging");
  const f = cfg.email ? emailFindings(cfg, cfg.email) : [];
  expect(f.map((x) => [x.path.join("."), x.finding.severity, x.finding.code])).toEqual([["email.dmarc", "warning", "dmarc-monitor-only"]]);
});

test("fails a schema error with the field named: region, policy, pct, rua", () => {
  const text = configErrorText([
    [E("region"), "europe"],
    [E("dmarc", "policy"), "strict"],
    [E("dmarc", "pct"), 0],
    [E("dmarc", "rua"), []],
  ]);
  expect(text).toContain("email.region: must be an AWS region such as eu-west-1");
  expect(text).toMatch(/email\.dmarc\.policy: .*"none"\|"quarantine"\|"reject".*"strict"/);
  expect(text).toContain("email.dmarc.pct: must be at least 1");
  expect(text).toContain("email.dmarc.rua: at least one aggregate report address (rua) is required");
});

test("fails ~all without a reason at the schema, and accepts it with one", () => {
  expect(configErrorText([[E("spf", "softFail"), {}]])).toContain("email.spf.softFail.reason");
  expect(configErrorText([[E("spf", "softFail"), { reason: "migrating the CRM sender until 2027-01" }]])).toBe("");
  expect(
    desiredEmailRecords(exampleConfig([[E("spf", "softFail"), { reason: "migrating the CRM sender until 2027-01" }]])).find(
      (r) => r.key === "spf",
    )?.content,
  ).toBe('"v=spf1 include:amazonses.com ip4:198.51.100.0/24 ~all"');
});

test("fails SPF over the lookup limit at email.spf", () => {
  const text = configErrorText([
    [E("spf", "includes"), ["_spf.google.com", "spf.protection.outlook.com", "mailgun.org", "amazonses.com", "sendgrid.net"]],
  ]);
  expect(text).toContain("email.spf: the record needs 11 DNS lookups; allowed: at most 10");
});

test("fails a second SPF record at the domain, naming the edge record that adds it", () => {
  const text = configErrorText([[["edge", "dns"], [{ name: "example.com", type: "TXT", content: "v=spf1 include:_spf.google.com -all" }]]]);
  expect(text).toContain(
    "email.spf: example.com has 2 SPF records; allowed: exactly one (merge them); they come from edge.dns[0] and email.spf",
  );
});

test("fails a weak DKIM key of another sender at email.extraDkim[0]", () => {
  const weak =
    "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDFJd26TKNRcC13a3nO9LEfGKEFZcVT2gnk5hVdyQR3f/mPULW86kOyF6nzcu3HaSWoGpNsBDQ+SgGYYQ1Ojgtu3hcw5tX3Tbm4DozRa5YupW3zy8ZyiEEJyYhSR5EbCTGZ6OYQHd1kWQdd4eEV5udpYGVDHpt4G48ncQS5mZV2WwIDAQAB";
  expect(configErrorText([[E("extraDkim"), [{ selector: "old", value: weak }]]])).toContain(
    "email.extraDkim[0]: selector old has a 1024-bit RSA key; allowed: at least 2048 bits",
  );
});

test("fails a sending domain or non-sending name outside the zone", () => {
  expect(configErrorText([[E("domain"), "example.org"]])).toContain('email.domain: "example.org" is outside the zone example.com');
  expect(configErrorText([[E("nonSending"), ["parked.example.org"]]])).toContain(
    'email.nonSending[0]: "parked.example.org" is outside the zone example.com',
  );
});

test("fails a non-sending name that is the sending domain or the MAIL FROM domain", () => {
  expect(configErrorText([[E("nonSending"), ["bounce.example.com"]]])).toContain('email.nonSending[0]: "bounce.example.com" sends mail');
});

test("fails an inbound MX that the MTA-STS policy does not list", () => {
  expect(configErrorText([[E("inboundMx"), [{ host: "mx9.example.net", priority: 5 }]]])).toContain(
    'email.inboundMx[0].host: MX host "mx9.example.net" is not listed in email.mtaSts.mx',
  );
});

test("fails an edge record at mta-sts.<domain>, which the MTA-STS Worker serves", () => {
  const text = configErrorText([[["edge", "dns"], [{ name: "mta-sts.example.com", type: "A", content: "192.0.2.50" }]]]);
  expect(text).toContain("edge.dns[0]: mta-sts.example.com is served by the MTA-STS Worker (email.mtaSts)");
});

test("fails a non-sending name that is a CNAME at the edge (CNAME cannot share its name), with both fields named", () => {
  const text = configErrorText([[E("nonSending"), ["api.example.com"]]]);
  expect(text).toContain(
    "edge.hostnames[2].name: a CNAME at api.example.com cannot share the name with other records (MX at email.nonSending[0])",
  );
});

test("fails an MTA-STS max_age under one day and a malformed MX pattern", () => {
  const text = configErrorText([
    [E("mtaSts", "maxAge"), 60],
    [E("mtaSts", "mx"), ["mx.*.example.net"]],
  ]);
  expect(text).toContain("email.mtaSts.maxAge: must be at least 86400 (one day)");
  expect(text).toContain("email.mtaSts.mx[0]: must be an MX hostname");
});

test("fails strict SPF alignment, which SES mail (envelope sender bounce.<domain>) can never meet", () => {
  expect(configErrorText([[["email", "dmarc", "alignment", "spf"], "strict"]])).toBe(
    'config/production.yaml: email.dmarc.alignment.spf: got "strict", but SES mail has the envelope sender bounce.example.com, which strict alignment never matches with example.com; allowed: "relaxed" (the MAIL FROM subdomain then aligns)',
  );
  expect(configErrorText([[["email", "dmarc", "alignment", "dkim"], "strict"]])).toBe("");
});
