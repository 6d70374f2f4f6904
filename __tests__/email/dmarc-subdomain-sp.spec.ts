import type { ConfigEdit } from "../helpers/example-config";
import { check, envConfig, exampleEnv, messages, ruleById } from "../checks/support";

// RFC 7489 6.3: "sp" is ignored in a DMARC record published below the organizational domain (here the
// zone apex, example.com); a subdomain without a record of its own gets _dmarc.example.com's (6.6.3).

function findings(edits: readonly ConfigEdit[]): string[] {
  const { cfg, stacks } = exampleEnv(edits);
  return messages(check(ruleById("GL-MAIL-004"), stacks, { config: envConfig(cfg) }));
}

const BELOW: ConfigEdit[] = [
  [["email", "domain"], "mail.example.com"],
  [["email", "dmarc", "policy"], "quarantine"],
  [["email", "dmarc", "subdomainPolicy"], "none"],
];

const apexDmarc = (value: string): ConfigEdit => [
  ["edge", "dns"],
  [
    { name: "example.com", type: "TXT", content: "google-site-verification=EXAMPLE-not-a-real-token" },
    { name: "_dmarc.example.com", type: "TXT", content: value },
  ],
];

describe("GL-MAIL-004 with email.domain below the zone apex", () => {
  test("fails with no DMARC record at the apex: subdomains are governed by _dmarc.example.com, and sp is not advised", () => {
    const out = findings(BELOW);
    expect(out).toEqual([
      expect.stringMatching(
        /^_dmarc\.mail\.example\.com: mail\.example\.com, .* are below the organizational domain example\.com \(the zone apex\), so receivers following RFC 7489 ignore sp there \(6\.3\) and govern their subdomains without a DMARC record of their own by _dmarc\.example\.com \(6\.6\.3\), which this environment does not declare: .*next: declare a DMARC record at _dmarc\.example\.com \(edge\.dns\) with p and sp quarantine or reject$/,
      ),
    ]);
    expect(out.join("\n")).not.toContain("email.dmarc.subdomainPolicy");
  });

  test("passes with an enforcing DMARC record at the apex, whatever sp the subdomain's record carries", () => {
    expect(findings([...BELOW, apexDmarc("v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc-reports@example.com")])).toEqual([]);
  });

  test("fails sp=none in the apex's record, which governs the subdomains, naming that record", () => {
    expect(findings([...BELOW, apexDmarc("v=DMARC1; p=reject; sp=none; rua=mailto:dmarc-reports@example.com")])).toEqual([
      "_dmarc.example.com: sp=none: mail forged from any subdomain without a DMARC record of its own is delivered although p=reject; next: sp=quarantine, then sp=reject (the record at _dmarc.example.com)",
    ]);
  });
});
