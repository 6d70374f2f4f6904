import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spf as mailauthSpf } from "mailauth/lib/spf";
import { stringify } from "yaml";
import type { DNSResolver } from "mailauth";
import { KNOWN_SPF_RECORDS } from "../../lib/features/email/spf-known";
import { checkZoneEmail, type ZoneRecordLine } from "../../lib/features/email/zone-check";
import { golive, tempDir } from "../helpers/cli";
import { type ConfigEdit, editedInput, exampleConfig, WITHOUT_STAGING } from "../helpers/example-config";
import { type Published, published, resolverOver, txt, withDns } from "./published-records";

/**
 * mailauth reads an MX answer as {exchange, priority} (as node:dns gives it) although its DNSResolver
 * type says strings; resolverOver answers [exchange] per MX record, so MX answers are reshaped here.
 */
function withMxObjects(served: DNSResolver): DNSResolver {
  const resolver = async (name: string, rrtype: string) => {
    const found = await served(name, rrtype);
    return rrtype === "MX" ? found.map((exchange, priority) => ({ exchange: String(exchange), priority })) : found;
  };
  return resolver as unknown as DNSResolver;
}

/** mailauth's SPF verdict for mail from `sender` sent by `ip`, over `records` and SES's own SPF record. */
async function mailauth(
  records: readonly Published[],
  ip: string,
  sender = "alerts@example.com",
): Promise<{ result: string; text: string }> {
  const ses = { name: "amazonses.com", type: "TXT", text: KNOWN_SPF_RECORDS["amazonses.com"] ?? "" };
  const r = await mailauthSpf({
    sender,
    ip,
    helo: "mta.example.com",
    mta: "mx.golive.invalid",
    resolver: withMxObjects(resolverOver([...records, ses])),
  });
  return { result: r.status.result, text: r.status.comment ?? "" };
}

/**
 * Runs `golive zone production` over the example config with `edits` and expects it refused: exit 1,
 * nothing printed on stdout and no cdktf.out written. Returns the stderr lines containing `marker`.
 */
async function refusedZone(workDir: string, edits: readonly ConfigEdit[], marker: string): Promise<string[]> {
  const configDir = join(workDir, "config");
  mkdirSync(configDir);
  writeFileSync(join(configDir, "production.yaml"), stringify(editedInput([WITHOUT_STAGING, ...edits])));
  const run = await golive(["zone", "production", "--config-dir", configDir, "--set", "dkim_tokens=tok1,tok2,tok3"], { cwd: workDir });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("Cannot synthesize, so there is no zone to print.");
  expect(run.stdout).toBe("");
  expect(existsSync(join(workDir, "cdktf.out"))).toBe(false);
  return run.stderr.split("\n").filter((l) => l.includes(marker));
}

describe("SPF void lookups are counted over the whole evaluation, included records too (RFC 7208 4.6.4)", () => {
  const workDir = tempDir("golive-spf-void-");
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  const SPF1 = txt("_spf1.example.com", "v=spf1 a:relay1.example.com a:relay1b.example.com ip4:192.0.2.0/25 -all");
  const SPF2 = txt("_spf2.example.com", "v=spf1 a:relay2.example.com ip4:192.0.2.128/25 -all");
  const INCLUDES: ConfigEdit = [
    ["email", "spf", "includes"],
    ["amazonses.com", "_spf1.example.com", "_spf2.example.com"],
  ];
  const LINE =
    'config/production.yaml: email.spf: 3 mechanisms name records that do not exist; more than 2 void lookups is a permerror (RFC 7208 4.6.4, counted over the records it includes too): relay1.example.com ("a:relay1.example.com" in include:_spf1.example.com), relay1b.example.com ("a:relay1b.example.com" in include:_spf1.example.com), relay2.example.com ("a:relay2.example.com" in include:_spf2.example.com); declare those names or remove the mechanisms';

  test("fails two included records with 2 and 1 void lookups, which mailauth answers with permerror, writing nothing", async () => {
    // The records the config would publish (golive refuses to build them): the example's, with its SPF record including both.
    const records = published(exampleConfig([withDns(SPF1, SPF2)])).map((r) =>
      r.name === "example.com" && r.text.startsWith("v=spf1")
        ? {
            ...r,
            text: r.text.replace("include:amazonses.com", "include:amazonses.com include:_spf1.example.com include:_spf2.example.com"),
          }
        : r,
    );
    expect(records.filter((r) => r.text.includes("_spf2.example.com")).map((r) => r.name)).toEqual(["example.com"]);
    // Mail from the office network: every include is evaluated before its ip4:, three void lookups.
    expect(await mailauth(records, "198.51.100.7")).toEqual({
      result: "permerror",
      text: expect.stringContaining("Too many void DNS results"),
    });
    expect(await refusedZone(workDir, [INCLUDES, withDns(SPF1, SPF2)], "void")).toEqual([LINE]);
  });
});

describe("an SPF mx mechanism may look up at most 10 MX hosts' addresses (RFC 7208 4.6.4)", () => {
  const workDir = tempDir("golive-spf-mx-");
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  const hosts = (count: number) => Array.from({ length: count }, (_, i) => `mx${i + 1}.example.com`);
  const relay = (count: number): ConfigEdit =>
    withDns(
      txt("relay.example.com", "v=spf1 mx -all"),
      ...hosts(count).flatMap((host, i) => [
        { name: "relay.example.com", type: "MX", content: host, priority: 10 + i },
        { name: host, type: "A", content: `192.0.2.${i + 1}` },
      ]),
    );
  const LINE =
    'config/production.yaml: edge.dns[1]: "mx": relay.example.com has 11 MX hosts; an mx mechanism may look up the addresses of at most 10 (RFC 7208 4.6.4), so every receiver\'s SPF check ends in permerror; name the senders with a:, ip4: or ip6: instead';

  test("fails an mx aimed at 11 declared MX hosts, which mailauth answers with permerror, writing nothing; 10 pass", async () => {
    // The records of 10 hosts, as published, plus an 11th MX host with its address.
    const ten = published(exampleConfig([relay(10)]));
    const eleven = [
      ...ten,
      { name: "relay.example.com", type: "MX", text: "mx11.example.com" },
      { name: "mx11.example.com", type: "A", text: "192.0.2.11" },
    ];
    expect(await mailauth(ten, "198.51.100.7", "alerts@relay.example.com")).toEqual({ result: "fail", text: expect.any(String) });
    expect(await mailauth(eleven, "198.51.100.7", "alerts@relay.example.com")).toEqual({
      result: "permerror",
      text: expect.stringContaining("Too many DNS requests"),
    });
    expect(await refusedZone(workDir, [relay(11)], "MX hosts")).toEqual([LINE]);
  });

  test("golive zone fails an mx: aimed at a name in the zone with 11 MX hosts, and counts only that name's", () => {
    const line = (name: string, type: string, rdata: string): ZoneRecordLine => ({ name, type, rdata, missing: [] });
    const mx = (name: string, count: number) => hosts(count).map((h, i) => line(name, "MX", `${10 + i} ${h}.`));
    const errors = (spf: string) =>
      checkZoneEmail([line("relay.example.com.", "TXT", `"${spf}"`), ...mx("example.com.", 11), ...mx("in.example.com.", 10)], {
        zone: "example.com",
      })
        .filter((f) => f.severity === "error")
        .map((f) => `${f.name} ${f.message}`);
    expect(errors("v=spf1 mx:example.com/24 -all")).toEqual([
      'relay.example.com. "mx:example.com/24": example.com has 11 MX hosts; an mx mechanism may look up the addresses of at most 10 (RFC 7208 4.6.4), so every receiver\'s SPF check ends in permerror; name the senders with a:, ip4: or ip6: instead',
    ]);
    expect(errors("v=spf1 mx:in.example.com -all")).toEqual([]);
  });
});
