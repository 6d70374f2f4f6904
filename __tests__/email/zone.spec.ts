import { execFileSync } from "node:child_process";
import { writeSynthOutput } from "../helpers/synth-output";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { renderZone } from "../../lib/engines/zone/render";
import type { StackRecord } from "../../lib/engines/zone/stack-records";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { checkZone, requireNsd } from "../helpers/nsd";
import { exampleZone } from "./example-zone";

const workDir = tempDir("golive-zone-");
/** Set by the "golive zone" block's beforeAll: the example configs synthesized by `golive zone`. */
let outdir = "";
const configDir = EXAMPLE_CONFIG_DIR;
const TOKEN_EXPR = (i: number) => `\${element(aws_sesv2_email_identity.Ses_E8AC89C5.dkim_signing_attributes[0].tokens, ${i})}`;

const ZoneJson = z.object({
  zone: z.string(),
  unresolved: z.array(z.string()),
  records: z.array(z.object({ name: z.string(), type: z.string() })),
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function rec(partial: Partial<StackRecord> & Pick<StackRecord, "name" | "type">): StackRecord {
  return { stack: "email-test", address: `cloudflare_dns_record.${partial.name}`, ttl: 300, proxied: false, ...partial };
}

describe("renderZone", () => {
  const records = [
    rec({ name: `${TOKEN_EXPR(0)}._domainkey.example.com`, type: "CNAME", content: `${TOKEN_EXPR(0)}.dkim.amazonses.com` }),
    rec({ name: "example.com", type: "TXT", content: `"${"a".repeat(300)}"` }),
    rec({ name: "old.example.com", type: "MX", content: ".", priority: 0 }),
    rec({ name: "example.com", type: "CAA", caa: { flags: 0, tag: "issue", value: "letsencrypt.org" }, ttl: 3600 }),
    rec({ name: "chat.example.com", type: "A", content: "192.0.2.11", ttl: 1, proxied: true }),
    rec({ name: "_sip._tcp.example.com", type: "SRV", content: "5 5060 sip.example.com", priority: 10 }),
    rec({ name: "_imap._tcp.example.com", type: "SRV", content: "0 0 .", priority: 0 }),
  ];

  test("values known only after apply are listed and their records commented out", () => {
    const z = renderZone({ zone: "example.com", records, values: new Map(), stacks: ["email-test"] });
    expect(z.unresolved).toEqual(["dkim_tokens[0]"]);
    expect(z.text).toContain("; INCOMPLETE: dkim_tokens[0] known only after apply");
    expect(z.text).toMatch(/^; UNKNOWN UNTIL APPLY \(dkim_tokens\[0\]\): \$\{element/m);
  });

  test("supplied values complete the zone; rdata is absolute, split, and TTL auto becomes 300", () => {
    const z = renderZone({ zone: "example.com", records, values: new Map([["dkim_tokens", ["tok0"]]]), stacks: ["email-test"] });
    expect(z.unresolved).toEqual([]);
    expect(z.text).toContain("tok0._domainkey.example.com. 300 IN CNAME tok0.dkim.amazonses.com.");
    expect(z.text).toContain(`example.com. 300 IN TXT "${"a".repeat(255)}" "${"a".repeat(45)}"`);
    expect(z.text).toContain("old.example.com. 300 IN MX 0 .");
    expect(z.text).toContain('example.com. 3600 IN CAA 0 issue "letsencrypt.org"');
    expect(z.text).toContain("chat.example.com. 300 IN A 192.0.2.11");
    expect(z.text).toContain("_sip._tcp.example.com. 300 IN SRV 10 5 5060 sip.example.com.");
    // The zone as nsd reads it: the SRV target absolute, not relative to $ORIGIN (RFC 1035 section 5.1).
    const loaded = checkZone("example.com", z.text, true);
    expect(loaded.status).toBe(0);
    expect(loaded.output).toMatch(/^_sip\s+300\s+IN\s+SRV\s+10 5 5060 sip\.example\.com\.$/m);
    expect(loaded.output).toMatch(/^_imap\s+300\s+IN\s+SRV\s+0 0 0 \.$/m);
    expect(loaded.output).not.toContain("example.com.example.com");
  });
});

describe("golive zone", () => {
  let production = "";

  // The first zone of the example configs in this folder: synthesized first (example-zone.ts), exit 0.
  beforeAll(async () => {
    ({ outdir, stdout: production } = await exampleZone());
  });

  test("synthesizes first when the stacks are missing, and prints every email record of the environment", () => {
    for (const line of [
      'example.com. 300 IN TXT "v=spf1 include:amazonses.com ip4:198.51.100.0/24 -all"',
      "bounce.example.com. 300 IN MX 10 feedback-smtp.eu-west-1.amazonses.com.",
      'bounce.example.com. 300 IN TXT "v=spf1 include:amazonses.com -all"',
      '_dmarc.example.com. 300 IN TXT "v=DMARC1; p=reject;',
      '_mta-sts.example.com. 300 IN TXT "v=STSv1; id=',
      '_smtp._tls.example.com. 300 IN TXT "v=TLSRPTv1; rua=mailto:tls-reports@example.com"',
      "old.example.com. 300 IN MX 0 .",
      'old.example.com. 300 IN TXT "v=spf1 -all"',
      '_dmarc.old.example.com. 300 IN TXT "v=DMARC1; p=reject; sp=reject',
      "example.com. 300 IN MX 10 mx1.example.net.",
      "; mta-sts.example.com: record created by Cloudflare (Worker custom domain)",
      '; ANOTHER ZONE MUST PUBLISH (DMARC report authorisation): example.com._report._dmarc.reports.example.org. TXT "v=DMARC1"',
      '; ANOTHER ZONE MUST PUBLISH (DMARC report authorisation): old.example.com._report._dmarc.reports.example.org. TXT "v=DMARC1"',
      '; ANOTHER ZONE MUST PUBLISH (DMARC report authorisation): chat.example.com._report._dmarc.reports.example.org. TXT "v=DMARC1"',
    ])
      expect(production).toContain(line);
  });

  test("includes the edge stack's records too (CAA, app hostnames)", () => {
    expect(production).toContain('example.com. 3600 IN CAA 0 issue "letsencrypt.org"');
    expect(production).toContain("api.example.com. 300 IN CNAME origin-api.example.net.");
  });

  test("the incomplete zone (DKIM tokens unknown) still loads in nsd", () => {
    expect(production.match(/^; UNKNOWN UNTIL APPLY \(dkim_tokens\[\d\]\)/gm)).toHaveLength(3);
    const check = checkZone("example.com", production);
    expect(check.output).toContain("zone example.com is ok");
    expect(check.status).toBe(0);
  });

  test("`terraform output -json` values complete the zone, which nsd loads", async () => {
    const file = join(workDir, "outputs.json");
    writeFileSync(
      file,
      JSON.stringify({
        configuration_set: { sensitive: false, type: "string", value: "opsbot-production" },
        dkim_tokens: { sensitive: false, type: ["list", "string"], value: ["aaaa1", "bbbb2", "cccc3"] },
        dmarc_report_authorisations: {
          sensitive: false,
          type: ["tuple", ["string"]],
          value: ['example.com._report._dmarc.reports.example.org. TXT "v=DMARC1"'],
        },
        feedback_topic_arn: {
          sensitive: false,
          type: "string",
          value: "arn:aws:sns:eu-west-1:123456789012:opsbot-production-ses-feedback",
        },
        // Outputs the zone does not read may have any type.
        retry_count: { sensitive: false, type: "number", value: 3 },
        pool_ids: { sensitive: false, type: ["map", "string"], value: { blue: "x" } },
      }),
    );
    const run = await golive(["zone", "production", "--dir", outdir, "--values", file], { cwd: workDir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("UNKNOWN UNTIL APPLY");
    expect(run.stdout).toContain("cccc3._domainkey.example.com. 300 IN CNAME cccc3.dkim.amazonses.com.");
    expect(checkZone("example.com", run.stdout).status).toBe(0);
  });

  test("fails naming the output when an output the zone reads has the wrong type", async () => {
    const file = join(workDir, "bad-outputs.json");
    writeFileSync(file, JSON.stringify({ dkim_tokens: { sensitive: false, type: "number", value: 3 } }));
    const run = await golive(["zone", "production", "--dir", outdir, "--values", file], { cwd: workDir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('output "dkim_tokens" must be a string or a list of strings');
  });

  test("--json lists the records and what is still unresolved", async () => {
    const run = await golive(["zone", "production", "--dir", outdir, "--json"], { cwd: workDir });
    const out = ZoneJson.parse(JSON.parse(run.stdout));
    expect(out.zone).toBe("example.com");
    expect(out.unresolved).toEqual(["dkim_tokens[0]", "dkim_tokens[1]", "dkim_tokens[2]"]);
    expect(out.records.filter((r) => r.type === "CNAME" && r.name.includes("_domainkey"))).toHaveLength(3);
  });

  test("staging prints its zone with the p=none ramp warning on stderr", async () => {
    const run = await golive(["zone", "staging", "--dir", outdir], { cwd: workDir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("warning: _dmarc.example.net. p=none only monitors");
    expect(checkZone("example.net", run.stdout).status).toBe(0);
  });

  test("fails with exit 1 when the synthesized records break an email rule (two SPF records)", async () => {
    const dir = join(workDir, "broken");
    const spf = (content: string) => ({ name: "example.com", type: "TXT", content, ttl: 300, zone_id: "x" });
    writeSynthOutput(dir, {
      "edge-broken": {
        resource: {
          cloudflare_zone: { Z: { name: "example.com" } },
          cloudflare_dns_record: { a: spf('"v=spf1 -all"'), b: spf('"v=spf1 include:amazonses.com -all"') },
        },
      },
    });
    const run = await golive(["zone", "broken", "--dir", dir], { cwd: workDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: example.com. example.com. has 2 SPF records");
  });

  test("fails with usage errors (exit 2) for a missing environment, a malformed --set and a bad token", async () => {
    expect((await golive(["zone"], { cwd: workDir })).code).toBe(2);
    expect((await golive(["zone", "production", "--dir", outdir, "--set", "dkim_tokens"], { cwd: workDir })).stderr).toContain(
      '--set: got "dkim_tokens"',
    );
    expect((await golive(["zone", "production", "--dir", outdir, "--set", "other=a"], { cwd: workDir })).stderr).toContain(
      '--set: unknown value "other"; allowed: dkim_tokens',
    );
    const bad = await golive(["zone", "production", "--dir", outdir, "--set", "dkim_tokens=a b,c,d"], { cwd: workDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('value of dkim_tokens: got "a b"');
  });

  test("fails on a DKIM token list that SES never gives (not three), a zone name that would inject lines, and a FIFO as --values", async () => {
    const two = await golive(["zone", "production", "--dir", outdir, "--set", "dkim_tokens=a,b"], { cwd: workDir });
    expect(two).toMatchObject({ code: 2, stderr: expect.stringContaining("value of dkim_tokens: got 2 values; allowed: exactly 3") });
    const injected = await golive(["zone", "production", "--dir", outdir, "--zone", "example.com\n$INCLUDE /etc/passwd"], { cwd: workDir });
    expect(injected).toMatchObject({ code: 2, stderr: expect.stringContaining("--zone: got ") });
    expect(injected.stdout).toBe("");
    const fifo = join(workDir, "outputs.fifo");
    execFileSync("mkfifo", [fifo]);
    const piped = await golive(["zone", "production", "--dir", outdir, "--values", fifo], { cwd: workDir });
    expect(piped).toMatchObject({ code: 2, stderr: expect.stringContaining("is a FIFO (named pipe), not a regular file") });
  });

  test("fails with a usage error (exit 2) for an environment that is neither synthesized nor configured", async () => {
    const run = await golive(["zone", "nowhere", "--dir", outdir, "--config-dir", configDir], { cwd: workDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown environment "nowhere" (allowed: production, staging)');
  });
});

test("fails with the install command, instead of skipping, when the DNS server binary is missing", () => {
  expect(() => requireNsd("nsd-not-installed-here")).toThrow(
    "nsd-not-installed-here is not installed: install it with `bash scripts/install-test-deps.sh`",
  );
});
