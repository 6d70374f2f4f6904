import { dkim } from "../../lib/features/email/rules/GL-MAIL-002";
import { tokenRef } from "../../lib/features/email/ses-dkim-cnames";
import { buildModel, envViews } from "../../lib/core/readiness/model";
import type { RuleOutcome } from "../../lib/platform/readiness";
import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";

/**
 * GL-MAIL-002 certifies that SES DKIM-signs: with Easy DKIM, SES signs once it finds the identity's own
 * three token CNAMEs (`<token>._domainkey.<domain>` -> `<token>.<the region's DKIM domain>`), so another
 * sender's `_domainkey` key (email.extraDkim) does not stand in for them. Each case edits the synthesized
 * JSON the way an addOverride or a teammate's extra construct would.
 */
const synthesized = synthKind(exampleConfig(), "email");

type Block = Record<string, unknown>;

function check(edit: (email: SynthJson) => void = () => {}, json: SynthJson = synthesized): RuleOutcome {
  const email = structuredClone(json);
  edit(email);
  const [env] = envViews(buildModel([{ name: "email-production", file: "email.tf.json", json: email }]), ["production"]);
  if (!env) throw new Error("no environment");
  return dkim.check({ env, runbooks: [], today: "2026-11-29", knownRuleIds: new Set() });
}

const messages = (out: RuleOutcome): string[] => (out.kind === "non-compliant" ? out.findings.map((f) => f.message) : [out.kind]);
const records = (j: SynthJson): [string, Block][] => Object.entries(j.resource.cloudflare_dns_record ?? {});
const sesCnames = (j: SynthJson) => records(j).filter(([name]) => name.startsWith("Dkim_ses-dkim-"));
const dropRecords = (j: SynthJson, keep: (name: string) => boolean) => {
  for (const [name] of records(j)) if (!keep(name)) delete j.resource.cloudflare_dns_record?.[name];
};
const [identityName] = Object.keys(synthesized.resource.aws_sesv2_email_identity ?? {});
const IDENTITY = `aws_sesv2_email_identity.${identityName}`;
const missing = (tokens: string, target = "dkim.amazonses.com") =>
  `no DKIM record publishes Easy DKIM ${tokens} of 3 of the SES identity example.com: SES signs only once it finds each CNAME <token>._domainkey.example.com -> <token>.${target}, the token read from ${IDENTITY}`;

describe("GL-MAIL-002: the SES identity's own Easy DKIM CNAMEs are published", () => {
  test("passes as synthesized: three CNAMEs whose name and target are the identity's tokens", () => {
    expect(check()).toEqual({ kind: "compliant" });
    expect(sesCnames(synthesized).map(([, r]) => [r.type, tokenRef(String(r.name))?.index, tokenRef(String(r.content))?.rest])).toEqual([
      ["CNAME", 0, ".dkim.amazonses.com"],
      ["CNAME", 1, ".dkim.amazonses.com"],
      ["CNAME", 2, ".dkim.amazonses.com"],
    ]);
  });

  test("passes with the CNAMEs' type written in lower case: the provider deploys `cname` as CNAME (recordType)", () => {
    expect(
      check((j) => {
        for (const [, r] of sesCnames(j)) r.type = "cname";
      }),
    ).toEqual({ kind: "compliant" });
  });

  test("fails when the three SES CNAMEs are gone, though another sender's google._domainkey key remains", () => {
    const out = check((j) => dropRecords(j, (name) => !name.startsWith("Dkim_ses-dkim-")));
    expect(records(synthesized).some(([, r]) => r.name === "google._domainkey.example.com")).toBe(true);
    expect(messages(out)).toEqual([missing("tokens 1, 2, 3")]);
  });

  test("fails naming the one token whose CNAME is missing, or whose three CNAMEs all publish one token", () => {
    expect(messages(check((j) => dropRecords(j, (name) => !name.startsWith("Dkim_ses-dkim-1_"))))).toEqual([missing("token 2")]);
    const oneToken = check((j) =>
      sesCnames(j).forEach(([, r]) => {
        r.name = String(r.name).replace(/, [12]\)/, ", 0)");
        r.content = String(r.content).replace(/, [12]\)/, ", 0)");
      }),
    );
    expect(messages(oneToken)).toEqual([missing("tokens 2, 3")]);
  });

  test("fails CNAMEs that are proxied, point at another token or DKIM domain, or are not CNAMEs", () => {
    const out = messages(
      check((j) => {
        const [[, first], [, second], [, third]] = sesCnames(j) as [[string, Block], [string, Block], [string, Block]];
        first.proxied = true;
        second.content = String(second.content).replace(", 1)", ", 2)");
        third.content = String(third.content).replace("dkim.amazonses.com", "dkim.eu-south-1.amazonses.com");
      }),
    );
    expect(out).toEqual([
      "the record of Easy DKIM token 1 of the SES identity example.com is proxied, so Cloudflare answers with its own addresses instead of the CNAME",
      "the record of Easy DKIM token 2 of the SES identity example.com does not point at the same token under dkim.amazonses.com",
      "the record of Easy DKIM token 3 of the SES identity example.com does not point at the same token under dkim.amazonses.com",
      missing("tokens 1, 2, 3"),
    ]);
    const txt = messages(
      check((j) =>
        sesCnames(j)
          .slice(0, 1)
          .forEach(([, r]) => (r.type = "TXT")),
      ),
    );
    expect(txt).toContain("the record of Easy DKIM token 1 of the SES identity example.com is a TXT record; Easy DKIM needs a CNAME");
  });

  test("CNAMEs built from another identity's tokens, or literal tokens, do not count", () => {
    const other = check((j) =>
      sesCnames(j).forEach(([, r]) => {
        r.name = String(r.name).replace(IDENTITY, "aws_sesv2_email_identity.Other");
        r.content = String(r.content).replace(IDENTITY, "aws_sesv2_email_identity.Other");
      }),
    );
    expect(messages(other)).toEqual([missing("tokens 1, 2, 3")]);
    const literal = check((j) =>
      sesCnames(j).forEach(([, r], i) =>
        Object.assign(r, { name: `tok${i}._domainkey.example.com`, content: `tok${i}.dkim.amazonses.com` }),
      ),
    );
    expect(messages(literal)).toEqual([missing("tokens 1, 2, 3")]);
  });

  test("the target follows the identity's region: its provider's, or its own region argument", () => {
    const inRegion = (region: string, target: string) => (j: SynthJson) => {
      const aws = (j.provider?.aws as Block[] | undefined)?.[0];
      if (aws) aws.region = region;
      sesCnames(j).forEach(([, r]) => (r.content = String(r.content).replace("dkim.amazonses.com", target)));
    };
    expect(check(inRegion("af-south-1", "dkim.af-south-1.amazonses.com"))).toEqual({ kind: "compliant" });
    expect(messages(check(inRegion("af-south-1", "dkim.amazonses.com")))).toContain(
      missing("tokens 1, 2, 3", "dkim.af-south-1.amazonses.com"),
    );
    const ownRegion = messages(
      check((j) => Object.values(j.resource.aws_sesv2_email_identity ?? {}).forEach((i) => (i.region = "il-central-1"))),
    );
    expect(ownRegion).toContain(missing("tokens 1, 2, 3", "dkim.il-central-1.amazonses.com"));
    // The email stack of a region with its own DKIM domain, as synthesized, agrees with the rule.
    const afSouth = synthKind(exampleConfig([[["email", "region"], "af-south-1"]]), "email");
    expect(sesCnames(afSouth).every(([, r]) => String(r.content).endsWith(".dkim.af-south-1.amazonses.com"))).toBe(true);
    expect(check(() => {}, afSouth)).toEqual({ kind: "compliant" });
    // A region Terraform resolves at plan time: any Easy DKIM domain golive knows is accepted.
    expect(check(inRegion("${var.region}", "dkim.eu-south-1.amazonses.com"))).toEqual({ kind: "compliant" });
  });

  test("the other ways Terraform writes a token reference read the same: tokens[i] and the v1 dkim_tokens", () => {
    expect(tokenRef("${aws_sesv2_email_identity.Ses_1.dkim_signing_attributes[0].tokens[2]}._domainkey.example.com")).toEqual({
      address: "aws_sesv2_email_identity.Ses_1",
      index: 2,
      rest: "._domainkey.example.com",
    });
    expect(tokenRef("${element(aws_ses_domain_dkim.Dkim.dkim_tokens, 4)}.dkim.amazonses.com")).toEqual({
      address: "aws_ses_domain_dkim.Dkim",
      index: 1,
      rest: ".dkim.amazonses.com",
    });
    expect(tokenRef("${aws_sesv2_email_identity.Ses_1.dkim_signing_attributes[0].tokens[3]}._domainkey.example.com")).toBeUndefined();
    expect(tokenRef("${aws_sesv2_email_identity.Ses_1.email_identity}._domainkey.example.com")).toBeUndefined();
    const indexed = check((j) =>
      sesCnames(j).forEach(([, r]) => {
        for (const key of ["name", "content"]) r[key] = String(r[key]).replace(/^\$\{element\(([^,]+), (\d)\)\}/, "${$1[$2]}");
      }),
    );
    expect(indexed).toEqual({ kind: "compliant" });
  });

  test("an SES v1 identity counts the CNAMEs of its aws_ses_domain_dkim tokens", () => {
    const v1 = check((j) => {
      delete j.resource.aws_sesv2_email_identity;
      Object.assign(j.resource, {
        aws_ses_domain_identity: { Identity: { domain: "example.com" } },
        aws_ses_domain_dkim: { Dkim: { domain: "${aws_ses_domain_identity.Identity.domain}" } },
      });
      sesCnames(j).forEach(([, r]) => {
        for (const key of ["name", "content"])
          r[key] = String(r[key]).replace(`${IDENTITY}.dkim_signing_attributes[0].tokens`, "aws_ses_domain_dkim.Dkim.dkim_tokens");
      });
    });
    expect(v1).toEqual({ kind: "compliant" });
  });

  test("with its own key (domain_signing_selector), the identity needs that selector's TXT, not token CNAMEs", () => {
    const byo = (selector: string) => (j: SynthJson) => {
      for (const identity of Object.values(j.resource.aws_sesv2_email_identity ?? {}))
        identity.dkim_signing_attributes = { domain_signing_selector: selector, domain_signing_private_key: "${var.dkim_private_key}" };
      dropRecords(j, (name) => !name.startsWith("Dkim_ses-dkim-"));
    };
    expect(check(byo("google"))).toEqual({ kind: "compliant" });
    expect(messages(check(byo("ses1")))).toEqual([
      'no DKIM record (ses1._domainkey.example.com TXT) publishes the key of domain_signing_selector "ses1"',
    ]);
  });
});
