import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spf as mailauthSpf } from "mailauth/lib/spf";
import { stringify } from "yaml";
import { checkSpf } from "../../lib/features/email/spf";
import { KNOWN_SPF_RECORDS } from "../../lib/features/email/spf-known";
import { checkZoneEmail } from "../../lib/features/email/zone-check";
import { golive, tempDir } from "../helpers/cli";
import { type ConfigEdit, configErrorText, editedInput, exampleConfig, WITHOUT_STAGING } from "../helpers/example-config";
import { type Published, published, resolverOver, txt, withDns } from "./published-records";

/** email.spf.includes naming `_spf.example.com`, a name in the example's zone, before SES. */
const INCLUDES_OWN_NAME: ConfigEdit = [
  ["email", "spf", "includes"],
  ["_spf.example.com", "amazonses.com"],
];
const DECLARED = txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 -all");
const UNDECLARED_LINE =
  'email.spf.includes[0]: "include:_spf.example.com": the zone example.com declares no SPF record at _spf.example.com, so every receiver\'s SPF check ends in permerror (RFC 7208 5.2); declare one there in edge.dns, or include another name';

/** mailauth's SPF result for mail from example.com sent by 192.0.2.99, over `records` and SES's own SPF record. */
async function spfResult(records: readonly Published[]): Promise<string> {
  const ses = { name: "amazonses.com", type: "TXT", text: KNOWN_SPF_RECORDS["amazonses.com"] ?? "" };
  const r = await mailauthSpf({
    sender: "alerts@example.com",
    ip: "192.0.2.99",
    helo: "mta.example.com",
    mta: "mx.golive.invalid",
    resolver: resolverOver([...records, ses]),
  });
  return r.status.result;
}

describe("SPF include:/redirect= of a name in the zone: golive declares every record there", () => {
  test("fails an email.spf include the zone declares no SPF record for, at that include, which mailauth answers with permerror", async () => {
    expect(configErrorText([INCLUDES_OWN_NAME])).toContain(UNDECLARED_LINE);
    // Declared in edge.dns, the same include is valid and passes the network it lists.
    const declared = published(exampleConfig([INCLUDES_OWN_NAME, withDns(DECLARED)]));
    expect(await spfResult(declared)).toBe("pass");
    // Without that record, what a receiver does with the rest: permerror (the record refused above).
    expect(await spfResult(declared.filter((r) => r.name !== DECLARED.name))).toBe("permerror");
  });

  test("fails a redirect= and a nested include in edge.dns records, each at its record, and an include through a declared record", () => {
    const text = configErrorText([
      INCLUDES_OWN_NAME,
      withDns(
        txt("shop.example.com", "v=spf1 redirect=_spf.shop.example.com"),
        txt("_spf.example.com", "v=spf1 include:_more.example.com -all"),
      ),
    ]);
    expect(text).toContain(
      'edge.dns[1]: "redirect=_spf.shop.example.com": the zone example.com declares no SPF record at _spf.shop.example.com, so every receiver\'s SPF check ends in permerror (RFC 7208 6.1); declare one there in edge.dns, or redirect to another name',
    );
    expect(text).toContain('edge.dns[2]: "include:_more.example.com": the zone example.com declares no SPF record at _more.example.com');
    expect(text).toContain(
      'email.spf.includes[0]: "include:_spf.example.com", then "include:_more.example.com": the zone example.com declares no SPF record at _more.example.com',
    );
  });

  test("an include of a name in another zone, or of a macro, stays a warning counted as an unknown provider", () => {
    const zone = "example.com";
    expect(checkSpf("v=spf1 include:spf.unknown-sender.example -all", { zone }).map((f) => `${f.severity}:${f.code}`)).toEqual([
      "warning:spf-unknown-include",
    ]);
    expect(checkSpf("v=spf1 include:%{d}.example.com -all", { zone }).map((f) => `${f.severity}:${f.code}`)).toEqual([
      "warning:spf-unknown-include",
    ]);
    // Declared names and the example's own includes are no error.
    expect(configErrorText([INCLUDES_OWN_NAME, withDns(DECLARED)])).toBe("");
  });

  test("golive zone fails the same include in the synthesized zone", () => {
    const line = (name: string, rdata: string) => ({ name, type: "TXT", rdata, missing: [] });
    const findings = checkZoneEmail([line("example.com.", '"v=spf1 include:_spf.example.com -all"')], { zone: "example.com" });
    expect(findings.map((f) => [f.severity, f.code, f.name])).toEqual([["error", "spf-undeclared-target", "example.com."]]);
    expect(Object.keys(findings[0] ?? {}).sort()).toEqual(["code", "message", "name", "severity"]);
  });
});

describe("golive zone with such an include in the config", () => {
  const workDir = tempDir("golive-spf-zone-target-");
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  test("fails with exit 1 and the one line naming email.spf.includes[0], synthesizing nothing", async () => {
    const configDir = join(workDir, "config");
    mkdirSync(configDir);
    writeFileSync(join(configDir, "production.yaml"), stringify(editedInput([WITHOUT_STAGING, INCLUDES_OWN_NAME])));
    const run = await golive(["zone", "production", "--config-dir", configDir, "--set", "dkim_tokens=a1,b2,c3"], { cwd: workDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`production.yaml: ${UNDECLARED_LINE}`);
    expect(run.stderr).toContain("Cannot synthesize, so there is no zone to print.");
    expect(run.stdout).toBe("");
  });
});
