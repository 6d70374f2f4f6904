import { cellStatus } from "../../lib/engines/check/scorecard";
import type { StackInput } from "../../lib/core/readiness/model";
import type { ConfigEdit } from "../helpers/example-config";
import { addResource, blocksOf, check, clone, envConfig, exampleEnv, messages, resultsFor, ruleById } from "../checks/support";

/**
 * The DMARC rules read the records as synthesized: each case is a config edit synth accepts, or an edit
 * of the synthesized JSON such as an addOverride or a teammate's extra construct makes. Each asserts the
 * rule's findings and the email-domain-ssl row of the scorecard, which must not say pass.
 */
function run(edits: readonly ConfigEdit[], editStacks: (stacks: StackInput[]) => void = () => {}) {
  const { cfg, stacks: synthesized } = exampleEnv(edits);
  const stacks = clone(synthesized);
  editStacks(stacks);
  const config = envConfig(cfg);
  const results = resultsFor(stacks, config);
  return {
    findings: (id: string) => messages(check(ruleById(id), stacks, { config })),
    row: cellStatus(results.filter((r) => r.rule.row === "email-domain-ssl")),
  };
}

const SP_NONE =
  "_dmarc.example.com: sp=none: mail forged from any subdomain without a DMARC record of its own is delivered although p=reject; next: sp=quarantine, then sp=reject (email.dmarc.subdomainPolicy)";

describe("GL-MAIL-004: the DMARC policy enforces on subdomains too (RFC 7489 6.3)", () => {
  test("passes as the example configures it: p=reject; sp=reject", () => {
    const out = run([]);
    expect(out.findings("GL-MAIL-004")).toEqual([]);
    expect(out.row).toBe("pass");
  });

  test("fails email.dmarc.subdomainPolicy none (sp=none under p=reject), naming sp, as it does p=none", () => {
    const out = run([[["email", "dmarc", "subdomainPolicy"], "none"]]);
    expect(out.findings("GL-MAIL-004")).toEqual([SP_NONE]);
    expect(ruleById("GL-MAIL-004").severity).toBe("warning");
    expect(out.row).toBe("warn");
  });

  test("without sp subdomains get p: p=reject alone passes, p=none is named once", () => {
    expect(run([[["email", "dmarc", "subdomainPolicy"], undefined]]).findings("GL-MAIL-004")).toEqual([]);
    const monitor = run([
      [["email", "dmarc", "subdomainPolicy"], undefined],
      [["email", "dmarc", "policy"], "none"],
    ]).findings("GL-MAIL-004");
    expect(monitor).toEqual([expect.stringMatching(/^_dmarc\.example\.com: p=none; next: /)]);
  });

  test("fails sp=none written into the synthesized record", () => {
    const out = run([], (stacks) => {
      for (const b of blocksOf(stacks, "cloudflare_dns_record"))
        if (b.attrs.name === "_dmarc.example.com") b.attrs.content = String(b.attrs.content).replace("sp=reject", "sp=none");
    });
    expect(out.findings("GL-MAIL-004")).toEqual([SP_NONE]);
    expect(out.row).toBe("warn");
  });
});

describe("GL-MAIL-003: one DMARC record per name (RFC 7489 6.6.3)", () => {
  const second = (stacks: StackInput[]) =>
    addResource(stacks, "email-", "cloudflare_dns_record", "SecondDmarc", {
      name: "_dmarc.example.com",
      type: "TXT",
      content: '"v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"',
      ttl: 300,
      zone_id: "${data.cloudflare_zone.Zone.id}",
    });

  test("passes as synthesized: one record at each _dmarc name", () => {
    expect(run([]).findings("GL-MAIL-003")).toEqual([]);
  });

  test("fails a second DMARC record at _dmarc.example.com, naming the name and the count; the row fails", () => {
    const out = run([], second);
    expect(out.findings("GL-MAIL-003")).toEqual([
      "_dmarc.example.com has 2 DMARC records; allowed: exactly one, since with more receivers apply no DMARC policy at all and forged mail is delivered (RFC 7489 6.6.3)",
    ]);
    expect(out.row).toBe("fail");
  });
});
