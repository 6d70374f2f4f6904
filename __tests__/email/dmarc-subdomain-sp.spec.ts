import { parse } from "yaml";
import { validateConfigData } from "../../lib/engines/config/load";
import { type ConfigEdit, exampleText } from "../helpers/example-config";
import { check, envConfig, exampleEnv, messages, ruleById, synthStacks } from "../checks/support";

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

describe("GL-MAIL-004 in a subdomain zone (ops.example.co.uk, Enterprise)", () => {
  // RFC 7489 3.2: the organizational domain is the registrable domain, example.co.uk, not the zone apex.
  const text = exampleText("staging").replaceAll("example.net", "ops.example.co.uk").replace("\n  plan: pro\n", "\n  plan: enterprise\n");
  const cfg = validateConfigData("config/staging.yaml", parse(text));
  const out = messages(check(ruleById("GL-MAIL-004"), synthStacks(cfg), { config: envConfig(cfg) }));

  test("fails for the records at the zone apex too: they are below example.co.uk, whose _dmarc record is in another zone", () => {
    const below = out.filter((m) => m.includes("below the organizational domain"));
    expect(below).toEqual([
      expect.stringMatching(
        /^_dmarc\.ops\.example\.co\.uk: ops\.example\.co\.uk, .*are below the organizational domain example\.co\.uk \(the registrable domain of the zone ops\.example\.co\.uk\), .* by _dmarc\.example\.co\.uk \(6\.6\.3\), which golive cannot see: .*next: publish a DMARC record with p and sp quarantine or reject at _dmarc\.example\.co\.uk, in the zone of example\.co\.uk, which is outside this zone so golive cannot declare it; then exempt this finding with that reason$/,
      ),
    ]);
  });

  test("never advises an edge.dns record, which could only be inside ops.example.co.uk", () => {
    expect(out.join("\n")).not.toContain("edge.dns");
  });
});
