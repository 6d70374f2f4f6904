import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spf as mailauthSpf } from "mailauth/lib/spf";
import { stringify } from "yaml";
import { KNOWN_SPF_RECORDS } from "../../lib/features/email/spf-known";
import { golive, tempDir } from "../helpers/cli";
import { type ConfigEdit, editedInput, exampleConfig, WITHOUT_STAGING } from "../helpers/example-config";
import { type Published, published, resolverOver, txt, withDns } from "./published-records";

/** mailauth's SPF verdict for mail from example.com sent by `ip`, over `records` and SES's own SPF record. */
async function mailauth(records: readonly Published[], ip: string): Promise<{ result: string; text: string }> {
  const ses = { name: "amazonses.com", type: "TXT", text: KNOWN_SPF_RECORDS["amazonses.com"] ?? "" };
  const r = await mailauthSpf({
    sender: "alerts@example.com",
    ip,
    helo: "mta.example.com",
    mta: "mx.golive.invalid",
    resolver: resolverOver([...records, ses]),
  });
  return { result: r.status.result, text: r.status.comment ?? "" };
}

/** `golive zone production` over the example config with `edits`: exit code, stderr, stdout, whether it wrote cdktf.out. */
async function zone(workDir: string, edits: readonly ConfigEdit[]) {
  const configDir = join(workDir, "config");
  mkdirSync(configDir);
  writeFileSync(join(configDir, "production.yaml"), stringify(editedInput([WITHOUT_STAGING, ...edits])));
  const run = await golive(["zone", "production", "--config-dir", configDir, "--set", "dkim_tokens=tok1,tok2,tok3"], { cwd: workDir });
  return { ...run, wrote: existsSync(join(workDir, "cdktf.out")) };
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
    const run = await zone(workDir, [INCLUDES, withDns(SPF1, SPF2)]);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter((l) => l.includes("void"))).toEqual([LINE]);
    expect(run.stderr).toContain("Cannot synthesize, so there is no zone to print.");
    expect(run.stdout).toBe("");
    expect(run.wrote).toBe(false);
  });
});
