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

/** Adds a TXT-like record to the email stack, as an addOverride or another construct would. */
function addRecord(stacks: StackInput[], id: string, name: string, type: string, text: string): void {
  addResource(stacks, "email-", "cloudflare_dns_record", id, {
    name,
    type,
    content: JSON.stringify(text),
    ttl: 300,
    zone_id: "${data.cloudflare_zone.Zone.id}",
  });
}
const SECOND_DMARC = "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com";

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
  const second = (stacks: StackInput[]) => addRecord(stacks, "SecondDmarc", "_dmarc.example.com", "TXT", SECOND_DMARC);

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

describe("mail rules read TXT records whatever the case of their type (the provider takes `txt`: OneOfCaseInsensitive)", () => {
  const lowercase = (stacks: StackInput[]) => {
    for (const b of blocksOf(stacks, "cloudflare_dns_record")) if (b.attrs.type === "TXT") b.attrs.type = "txt";
  };

  test("passes as synthesized with every TXT record typed txt", () => {
    const out = run([], lowercase);
    expect(["GL-MAIL-001", "GL-MAIL-003", "GL-MAIL-004"].map((id) => out.findings(id))).toEqual([[], [], []]);
    expect(out.row).toBe("pass");
  });

  test("fails two SPF records `v=spf1 +all` typed txt at example.com, as it does when they are typed TXT", () => {
    const twoSpf = (type: string) => (stacks: StackInput[]) => {
      for (const name of ["ExtraSpf1", "ExtraSpf2"]) addRecord(stacks, name, "example.com", type, "v=spf1 +all");
    };
    const upper = run([], twoSpf("TXT"));
    const lower = run([], twoSpf("txt"));
    expect(lower.findings("GL-MAIL-001")).toEqual(upper.findings("GL-MAIL-001"));
    expect(lower.findings("GL-MAIL-001")).toContain("example.com has 3 SPF records; allowed: exactly one (merge them)");
    expect(lower.row).toBe("fail");
  });

  test("fails a second DMARC record typed txt", () => {
    const out = run([], (stacks) => addRecord(stacks, "SecondDmarc", "_dmarc.example.com", "txt", SECOND_DMARC));
    expect(out.findings("GL-MAIL-003")).toEqual([expect.stringMatching(/^_dmarc\.example\.com has 2 DMARC records/)]);
  });
});
