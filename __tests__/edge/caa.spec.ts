import { CLOUDFLARE_CAS, readCaa } from "../../lib/features/edge/caa";
import { desiredEdgeRecords } from "../../lib/features/edge/dns-records";
import { configErrorText, exampleConfig } from "../helpers/example-config";

const caaRecord = (content: string) => [["edge", "dns", 1], { name: "example.com", type: "CAA", content }] as const;

describe("CAA records (RFC 8659, RFC 9495)", () => {
  test.each([
    ['0 issue "letsencrypt.org"', { flags: 0, tag: "issue", value: "letsencrypt.org" }],
    ['128 issue "letsencrypt.org"', { flags: 128, tag: "issue", value: "letsencrypt.org" }],
    ['0 issue ";"', { flags: 0, tag: "issue", value: ";" }],
    ['0 issue "letsencrypt.org; validationmethods=dns-01; accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1"', { tag: "issue" }],
    ['0 issuewild "pki.goog; cansignhttpexchanges=yes"', { tag: "issuewild", value: "pki.goog; cansignhttpexchanges=yes" }],
    ['0 iodef "mailto:security@example.com"', { tag: "iodef", value: "mailto:security@example.com" }],
    ['0 iodef "https://example.com/caa-reports"', { tag: "iodef" }],
    ['0 iodef "http://example.com/caa-reports"', { tag: "iodef" }],
    ['0 issuemail "sectigo.com"', { tag: "issuemail" }],
    ['0 issuevmc "digicert.com"', { tag: "issuevmc" }],
    ["0 issue letsencrypt.org", { tag: "issue", value: "letsencrypt.org" }],
  ])("reads %s", (content, parts) => {
    expect(readCaa(content)).toEqual({ caa: expect.objectContaining(parts) });
  });

  test.each([
    ['300 issue "letsencrypt.org"', "flags 300: allowed 0, or 128 for critical"],
    ['256 issue "letsencrypt.org"', "flags 256"],
    ['1 issue "letsencrypt.org"', "flags 1"],
    ['0 iodef "security@mailtest.org"', "iodef value: not a mailto:, http: or https: URL"],
    ['0 iodef "ftp://example.com/report"', "iodef value: not a mailto:, http: or https: URL"],
    ['0 iodef "mailto:not an address"', "iodef value: not a mailto: address"],
    ['0 issue "lets encrypt.org"', 'issue value: "lets encrypt.org" is not a CA domain name'],
    ['0 issue "-ca.example.net"', "is not a CA domain name"],
    ['0 issue "letsencrypt.org; =dns-01"', 'issue value: "=dns-01" is not a name=value parameter'],
    ['0 issue "letsencrypt.org; validationmethods=dns-01 http-01"', "is not a name=value parameter"],
    ['0 tbs "Unknown"', 'tag "tbs": allowed issue, issuewild, iodef, issuemail, issuevmc'],
    ['0 issue "letsencrypt.org\\\\"', "backslash"],
    ["0 issue", 'not "flags tag value"'],
  ])("fails %s", (content, problem) => {
    const read = readCaa(content);
    expect("problem" in read ? read.problem : "accepted").toContain(problem);
  });

  test("fails the malformed CAA records of edge.dns at their content, saying what is wrong and what is allowed", () => {
    expect(configErrorText([caaRecord('300 issue "letsencrypt.org"')])).toContain(
      'edge.dns[1].content: got "300 issue "letsencrypt.org"" for a CAA record: flags 300: allowed 0, or 128 for critical (RFC 8659 4.1 reserves every other bit); allowed: flags tag "value" (RFC 8659) such as 0 issue "letsencrypt.org" or 0 iodef "mailto:security@example.com"',
    );
    expect(configErrorText([caaRecord('0 iodef "security@mailtest.org"')])).toContain(
      'edge.dns[1].content: got "0 iodef "security@mailtest.org"" for a CAA record: iodef value: not a mailto:, http: or https: URL',
    );
  });

  test("a well-formed critical CAA record is published with its flags", () => {
    const cfg = exampleConfig([caaRecord('128 issue "letsencrypt.org; validationmethods=dns-01"')]);
    expect(desiredEdgeRecords(cfg).find((r) => r.source.join(".") === "edge.dns.1")?.caa).toEqual({
      flags: 128,
      tag: "issue",
      value: "letsencrypt.org; validationmethods=dns-01",
    });
  });

  test("the default CAA set holds the CAA value of every CA Cloudflare issues edge certificates from", () => {
    // https://developers.cloudflare.com/ssl/reference/certificate-authorities/#caa-records: Let's Encrypt,
    // Google Trust Services, SSL.com and Sectigo (backup certificates); DigiCert is gone.
    expect([...CLOUDFLARE_CAS].sort()).toEqual(["letsencrypt.org", "pki.goog", "sectigo.com", "ssl.com"]);
    const caa = desiredEdgeRecords(exampleConfig()).flatMap((r) => (r.caa ? [`${r.caa.flags} ${r.caa.tag} ${r.caa.value}`] : []));
    for (const ca of CLOUDFLARE_CAS) expect(caa).toEqual(expect.arrayContaining([`0 issue ${ca}`, `0 issuewild ${ca}`]));
  });
});
