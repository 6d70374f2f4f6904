import { rmSync } from "node:fs";
import { join } from "node:path";
import { dmarc } from "mailauth/lib/dmarc";
import { resolvePolicy } from "mailauth/lib/mta-sts";
import { evaluateRecord } from "../../lib/features/email/probes";
import { checkZoneEmail, type ZoneRecordLine } from "../../lib/features/email/zone-check";
import { golive, tempDir } from "../helpers/cli";
import { configErrorText, exampleConfig } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";
import { type Published, published, resolverOver, txt, withDns } from "./published-records";

const SECOND_DMARC = txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com");
const SECOND_STS = txt("_mta-sts.example.com", "v=STSv1; id=1");
const SECOND_TLSRPT = txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tls@example.com");

/** What mailauth decides for forged mail from example.com (neither SPF nor DKIM passes). */
async function forgedDmarc(records: readonly Published[]): Promise<string> {
  const r = await dmarc({ headerFrom: "example.com", spfDomains: [], dkimDomains: [], resolver: resolverOver(records) });
  return r ? r.status.result : "missing";
}

describe("one DMARC, MTA-STS, TLS-RPT record and DKIM key per name", () => {
  test("mailauth applies no DMARC and finds no MTA-STS policy once a second record is published (what is refused below)", async () => {
    const example = published(exampleConfig());
    expect(await forgedDmarc(example)).toBe("fail");
    expect(await forgedDmarc([...example, { ...SECOND_DMARC, text: SECOND_DMARC.content }])).toBe("none");
    await expect(
      resolvePolicy("example.com", { resolver: resolverOver([...example, { ...SECOND_STS, text: SECOND_STS.content }]) }),
    ).rejects.toMatchObject({
      code: "multi_sts_records",
    });
  });

  test("fails a second DMARC record at the domain, naming the edge.dns record and email.dmarc", () => {
    expect(configErrorText([withDns(SECOND_DMARC)])).toContain(
      "edge.dns[1]: _dmarc.example.com has 2 DMARC records; allowed: exactly one, since with more receivers apply no DMARC policy at all and forged mail is delivered (RFC 7489 6.6.3); they come from edge.dns[1] and email.dmarc",
    );
  });

  test("fails a second DMARC or MTA-STS record in lower case or after a space, which mailauth counts too", async () => {
    const variants = [
      txt("_dmarc.example.com", "v=dmarc1; p=none"),
      txt("_dmarc.example.com", " v=DMARC1; p=none"),
      txt("_mta-sts.example.com", "v=stsv1; id=1"),
      txt("_mta-sts.example.com", " v=STSv1; id=1"),
    ];
    const example = published(exampleConfig());
    for (const second of variants) {
      expect({ second, text: configErrorText([withDns(second)]) }).toEqual({
        second,
        text: expect.stringContaining(
          `edge.dns[1]: ${second.name} has 2 ${second.name === "_dmarc.example.com" ? "DMARC" : "MTA-STS"} records`,
        ),
      });
      const served = [...example, { ...second, text: second.content }];
      if (second.name === "_dmarc.example.com") expect(await forgedDmarc(served)).toBe("none");
      else
        await expect(resolvePolicy("example.com", { resolver: resolverOver(served) })).rejects.toMatchObject({ code: "multi_sts_records" });
    }
  });

  test("config validation refuses exactly the second records golive verify fails on (one definition: single-txt.ts)", () => {
    const golives = published(exampleConfig()).filter((r) => r.type === "TXT");
    const seconds = [
      ...["v=dmarc1; p=none", " v=DMARC1; p=none", "v = DMARC1 ; p=none", "v=DMARC10; p=none", "p=none; v=DMARC1"].map((t) =>
        txt("_dmarc.example.com", t),
      ),
      ...["v=stsv1; id=1", " v=STSv1; id=1", "v=STSv10; id=1"].map((t) => txt("_mta-sts.example.com", t)),
      ...["v=tlsrptv1; rua=mailto:x@example.com", "tls-verification=1"].map((t) => txt("_smtp._tls.example.com", t)),
    ];
    const outcomes = seconds.map((second) => {
      const own = golives.find((r) => r.name === second.name);
      if (own === undefined) throw new Error(`golive publishes no TXT at ${second.name}`);
      const expected = { stack: "email-production", name: own.name, type: "TXT" as const, value: own.text };
      const live = { name: own.name, type: "TXT" as const, values: [{ value: own.text }, { value: second.content }] };
      const refused = configErrorText([withDns(second)]).includes(`edge.dns[1]: ${second.name} has 2 `);
      return { second: second.content, refused, verifyFails: evaluateRecord(expected, live).status === "fail" };
    });
    expect(outcomes.filter((o) => o.refused !== o.verifyFails)).toEqual([]);
    expect(outcomes.filter((o) => o.refused).map((o) => o.second)).toEqual([
      "v=dmarc1; p=none",
      " v=DMARC1; p=none",
      "v = DMARC1 ; p=none",
      "v=stsv1; id=1",
      " v=STSv1; id=1",
      "v=tlsrptv1; rua=mailto:x@example.com",
    ]);
  });

  test("fails a second MTA-STS and TLS-RPT record, naming both sources", () => {
    const text = configErrorText([withDns(SECOND_STS, SECOND_TLSRPT)]);
    expect(text).toContain("edge.dns[1]: _mta-sts.example.com has 2 MTA-STS records; allowed: exactly one");
    expect(text).toContain("(RFC 8461 3.1); they come from edge.dns[1] and email.mtaSts");
    expect(text).toContain("edge.dns[2]: _smtp._tls.example.com has 2 TLS-RPT records; allowed: exactly one");
    expect(text).toContain("(RFC 8460 3); they come from edge.dns[2] and email.tlsRpt.rua");
  });

  test("fails a second DKIM key at a selector email.extraDkim publishes, and a DMARC record at a non-sending name", () => {
    const text = configErrorText([
      withDns(
        txt("google._domainkey.example.com", "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"),
        txt("_dmarc.old.example.com", "v=DMARC1; p=none"),
      ),
    ]);
    expect(text).toContain("edge.dns[1]: google._domainkey.example.com has 2 DKIM key records; allowed: exactly one");
    expect(text).toContain("they come from edge.dns[1] and email.extraDkim[0].value");
    expect(text).toContain("edge.dns[2]: _dmarc.old.example.com has 2 DMARC records; allowed: exactly one");
    expect(text).toContain("they come from edge.dns[2] and email.nonSending[0]");
  });

  test("fails two DMARC records in edge.dns when the config has no email section", () => {
    const text = configErrorText([[["email"], undefined], withDns(SECOND_DMARC, txt("_dmarc.example.com", "v=DMARC1; p=none"))]);
    expect(text).toContain("edge.dns[1]: _dmarc.example.com has 2 DMARC records; allowed: exactly one");
    expect(text).toContain("they come from edge.dns[1] and edge.dns[2]");
  });

  test("records at those names that receivers discard stay allowed (RFC 7489 6.6.3, RFC 8461 3.1, RFC 8460 3)", async () => {
    const edits = [
      withDns(
        txt("_dmarc.example.com", "some-verification=abc123"),
        txt("_mta-sts.example.com", "v=STSv10 not this"),
        txt("_smtp._tls.example.com", "note: reports go to tls-reports@example.com"),
        txt("_adsp._domainkey.example.com", "dkim=unknown"),
      ),
    ];
    expect(configErrorText(edits)).toBe("");
    // And mailauth still finds the one policy: p=reject applies to forged mail.
    expect(await forgedDmarc(published(exampleConfig(edits)))).toBe("fail");
  });
});

describe("golive zone: one DMARC, MTA-STS, TLS-RPT record and DKIM key per name", () => {
  const workDir = tempDir("golive-zone-policy-");
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  const line = (name: string, type: string, rdata: string): ZoneRecordLine => ({ name, type, rdata, missing: [] });

  test("fails two DMARC, MTA-STS or TLS-RPT records and a TXT key next to an SES DKIM CNAME", () => {
    const findings = checkZoneEmail([
      line("_dmarc.example.com.", "TXT", '"v=DMARC1; p=reject; rua=mailto:a@example.com"'),
      line("_dmarc.example.com.", "TXT", '"v=DMARC1; p=none"'),
      line("_mta-sts.example.com.", "TXT", '"v=STSv1; id=1"'),
      line("_mta-sts.example.com.", "TXT", '"v=STSv1; id=2"'),
      line("_smtp._tls.example.com.", "TXT", '"v=TLSRPTv1; rua=mailto:a@example.com"'),
      line("_smtp._tls.example.com.", "TXT", '"v=TLSRPTv1; rua=mailto:b@example.com"'),
      line("tok0._domainkey.example.com.", "CNAME", "tok0.dkim.amazonses.com."),
      line("tok0._domainkey.example.com.", "TXT", '"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"'),
    ]);
    expect(findings.filter((f) => f.code.endsWith("-multiple")).map((f) => [f.name, f.code])).toEqual([
      ["_dmarc.example.com.", "dmarc-multiple"],
      ["_mta-sts.example.com.", "mta-sts-multiple"],
      ["_smtp._tls.example.com.", "tls-rpt-multiple"],
      ["tok0._domainkey.example.com.", "dkim-multiple"],
    ]);
  });

  test("a DKIM CNAME still unknown (token not supplied) and records receivers discard are not counted", () => {
    const findings = checkZoneEmail([
      { name: "${tok}._domainkey.example.com.", type: "CNAME", rdata: "x.dkim.amazonses.com.", missing: ["dkim_tokens[0]"] },
      line("_dmarc.example.com.", "TXT", '"v=DMARC1; p=reject"'),
      line("_dmarc.example.com.", "TXT", '"some-verification=abc"'),
    ]);
    expect(findings.filter((f) => f.code.endsWith("-multiple"))).toEqual([]);
  });

  test("fails with exit 1 when the synthesized stacks publish two DMARC records", async () => {
    const dir = join(workDir, "cdktf.out");
    const dmarcTxt = (content: string) => ({ name: "_dmarc.example.com", type: "TXT", content, ttl: 300, zone_id: "x" });
    writeSynthOutput(dir, {
      "edge-twodmarc": {
        resource: {
          cloudflare_zone: { Z: { name: "example.com" } },
          cloudflare_dns_record: { a: dmarcTxt('"v=DMARC1; p=reject"'), b: dmarcTxt('"v=DMARC1; p=none"') },
        },
      },
    });
    const run = await golive(["zone", "twodmarc", "--dir", dir], { cwd: workDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: _dmarc.example.com. _dmarc.example.com. has 2 DMARC records; allowed: exactly one");
  });
});
