import { generateKeyPairSync } from "node:crypto";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { authenticate, dkimSign, type AuthenticateResult, type DNSResolver } from "mailauth";
import { resolvePolicy } from "mailauth/lib/mta-sts";
import { mtaStsPolicyId, renderMtaStsPolicy } from "../../lib/features/email/mta-sts";
import { quoteTxt } from "../../lib/core/txt";
import { golive, tempDir } from "../helpers/cli";
import { loopbackResolver } from "../helpers/dns-resolver";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { startNsd, type NsdServer } from "../helpers/nsd";
import { exampleZone } from "./example-zone";

/**
 * End-to-end proof: the zone `golive zone production` exports from the synthesized stacks, served by a
 * real nsd on loopback next to a stand-in amazonses.com, makes mailauth report SPF, DKIM and DMARC pass
 * for a message SES would send; and the failures a user must hear about really fail.
 */

const TOKENS = ["golivetesttokenone", "golivetesttokentwo", "golivetesttokenthree"];
/** Stand-in for SES's sending network (TEST-NET-3); example.com's own relay network is 198.51.100.0/24. */
const SES_IP = "203.0.113.25";
const OUTSIDE_IP = "192.0.2.99";

function rsaKey(): { privateKey: string; publicKeyB64: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyB64: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
}

const sesKey = rsaKey();

/** What amazonses.com answers in this test: SPF for the stand-in network and the keys behind the tokens. */
function amazonsesZone(): string {
  const head = [
    "$ORIGIN amazonses.com.",
    "$TTL 300",
    "amazonses.com. 3600 IN SOA ns.golive.invalid. hostmaster.amazonses.com. 1 7200 3600 1209600 300",
    "amazonses.com. 3600 IN NS ns.golive.invalid.",
    'amazonses.com. 300 IN TXT "v=spf1 ip4:203.0.113.0/24 -all"',
    "feedback-smtp.eu-west-1.amazonses.com. 300 IN A 203.0.113.1",
  ];
  const keys = TOKENS.map((t) => `${t}.dkim.amazonses.com. 300 IN TXT ${quoteTxt(`v=DKIM1; k=rsa; p=${sesKey.publicKeyB64}`)}`);
  return [...head, ...keys, ""].join("\n");
}

/** example.com's zone moved to example.org without its DMARC record: "a missing DMARC record". */
function withoutDmarc(zone: string): string {
  return zone
    .split("\n")
    .filter((l) => !l.startsWith("_dmarc.example.com."))
    .join("\n")
    .replace(/example\.com\./g, "example.org.");
}

function message(from: string): string {
  return [
    `From: Ops Bot <${from}>`,
    "To: someone@example.net",
    "Subject: Your approval is needed",
    "Date: Sun, 29 Nov 2026 05:00:00 +0000",
    `Message-ID: <e2e-${Date.now()}@${from.split("@")[1]}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Please approve request 42.",
    "",
  ].join("\r\n");
}

let nsd: NsdServer | undefined;
let resolver: DNSResolver;
let exported = "";
const workDir = tempDir("golive-email-e2e-");

beforeAll(async () => {
  // The example configs as `golive zone` synthesized them (zone.spec.ts proves that synthesis), copied.
  cpSync((await exampleZone()).outdir, join(workDir, "cdktf.out"), { recursive: true, verbatimSymlinks: true });
  const run = await golive(
    [
      "zone",
      "production",
      "--dir",
      join(workDir, "cdktf.out"),
      "--config-dir",
      EXAMPLE_CONFIG_DIR,
      "--set",
      `dkim_tokens=${TOKENS.join(",")}`,
    ],
    { cwd: workDir },
  );
  if (run.code !== 0) throw new Error(`golive zone failed (${run.code}): ${run.stderr}`);
  exported = run.stdout;
  nsd = await startNsd([
    { name: "example.com", text: exported },
    { name: "example.org", text: withoutDmarc(exported) },
    { name: "amazonses.com", text: amazonsesZone() },
  ]);
  resolver = loopbackResolver(nsd.port);
});

afterAll(async () => {
  await nsd?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

async function send(opts: { from: string; envelope: string; ip: string; key?: string; selector?: string }): Promise<AuthenticateResult> {
  const domain = opts.from.split("@")[1] ?? "";
  const body = message(opts.from);
  const signer = { signingDomain: domain, selector: opts.selector ?? TOKENS[0] ?? "", privateKey: opts.key ?? sesKey.privateKey };
  // mailauth's types want the signer at the top level; at run time it signs with `signatureData`. A fixed
  // signTime: without one mailauth reads the clock twice (for the signed header and the written one), and
  // a half-second boundary between the two made a good signature fail under load.
  const signed = await dkimSign(body, { ...signer, signatureData: [signer], signTime: new Date() });
  if (signed.errors.length > 0) throw new Error(`signing failed: ${JSON.stringify(signed.errors)}`);
  return authenticate(signed.signatures + body, {
    ip: opts.ip,
    helo: "a27-1.smtp-out.eu-west-1.amazonses.com",
    sender: opts.envelope,
    mta: "mx.test.invalid",
    resolver,
    disableArc: true,
    disableBimi: true,
  });
}

function results(r: AuthenticateResult): { spf: string; dkim: string; dmarc: string } {
  return {
    spf: r.spf ? r.spf.status.result : "missing",
    dkim: r.dkim.results[0]?.status.result ?? "missing",
    dmarc: r.dmarc ? r.dmarc.status.result : "missing",
  };
}

test("the exported zone publishes the three SES DKIM CNAMEs with the supplied tokens", () => {
  for (const t of TOKENS) expect(exported).toContain(`${t}._domainkey.example.com. 300 IN CNAME ${t}.dkim.amazonses.com.`);
  expect(exported).not.toContain("UNKNOWN UNTIL APPLY");
});

test("mail sent through SES as example.com passes SPF, DKIM and DMARC", async () => {
  const r = await send({ from: "ops@example.com", envelope: "0102abc@bounce.example.com", ip: SES_IP });
  expect(results(r)).toEqual({ spf: "pass", dkim: "pass", dmarc: "pass" });
  expect(r.dkim.results[0]?.status.aligned).toBe("example.com");
});

test("every SES DKIM selector resolves through its CNAME to a usable key", async () => {
  for (const selector of TOKENS) {
    const r = await send({ from: "ops@example.com", envelope: "x@bounce.example.com", ip: SES_IP, selector });
    expect(results(r).dkim).toBe("pass");
  }
});

test("mail from the office relay network listed in SPF passes SPF for the domain itself", async () => {
  const r = await send({ from: "ops@example.com", envelope: "ops@example.com", ip: "198.51.100.7" });
  expect(results(r)).toEqual({ spf: "pass", dkim: "pass", dmarc: "pass" });
});

test("fails SPF when the sender IP is outside every SPF network", async () => {
  const r = await send({ from: "ops@example.com", envelope: "0102abc@bounce.example.com", ip: OUTSIDE_IP });
  expect(results(r).spf).toBe("fail");
});

test("fails DKIM when the message is signed with a key other than the published one", async () => {
  const r = await send({ from: "ops@example.com", envelope: "0102abc@bounce.example.com", ip: SES_IP, key: rsaKey().privateKey });
  expect(results(r).dkim).toBe("fail");
});

test("fails DMARC, with the reject policy, when neither SPF nor DKIM passes", async () => {
  const r = await send({ from: "ops@example.com", envelope: "0102abc@bounce.example.com", ip: OUTSIDE_IP, key: rsaKey().privateKey });
  expect(results(r)).toEqual({ spf: "fail", dkim: "fail", dmarc: "fail" });
  expect(r.dmarc ? r.dmarc.policy : undefined).toBe("reject");
});

test("fails to get any DMARC result when the domain has no DMARC record", async () => {
  const r = await send({ from: "ops@example.org", envelope: "0102abc@bounce.example.org", ip: SES_IP });
  expect(results(r)).toEqual({ spf: "pass", dkim: "pass", dmarc: "none" });
});

test("fails SPF and DMARC for mail claiming a non-sending name (v=spf1 -all, p=reject)", async () => {
  const r = await send({ from: "alerts@chat.example.com", envelope: "alerts@chat.example.com", ip: SES_IP, selector: "nokey" });
  expect(results(r).spf).toBe("fail");
  expect(r.dmarc ? r.dmarc.status.result : undefined).toBe("fail");
  expect(r.dmarc ? r.dmarc.policy : undefined).toBe("reject");
});

test("a sender's MTA-STS lookup finds the id of the policy the Worker serves", async () => {
  const policy = renderMtaStsPolicy({ mode: "enforce", mx: ["mx1.example.net", "mx2.example.net"], maxAge: 604800 });
  expect(await resolvePolicy("example.com", { resolver })).toBe(mtaStsPolicyId(policy));
});
