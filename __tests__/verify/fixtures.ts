import { writeSynthOutput } from "../helpers/synth-output";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { stringify } from "yaml";
import { runCli } from "../../lib/cli/main";
import type { CliIo } from "../../lib/cli/types";
import type { TestRecord } from "../helpers/dns-server";
import { exampleInput, setIn } from "../helpers/example-config";
import { z } from "zod";
import type { HttpObservation } from "../../lib/core/verify/types";
import { EDGE_TOKEN, HEALTH_PATH } from "./fake-edge";

/** Every name the production example makes users reach (app hostnames and redirect sources). */
export const HOSTS = ["example.com", "www.example.com", "chat.example.com", "api.example.com", "old.example.com"];

export const DMARC = "v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com; adkim=s; aspf=s";
export const SPF = "v=spf1 include:amazonses.com -all";

/** A record as cdk.tf.json holds it: only the attributes verify reads, plus the ones it must ignore. */
function record(name: string, type: string, content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type, content, ttl: 300, proxied: false, zone_id: "${cloudflare_zone.Zone.id}", ...extra };
}

/** Synth output as the email and edge stacks would write it (TXT quoted, one DKIM value known after apply). */
export const SYNTH_STACKS: Record<string, Record<string, Record<string, unknown>>> = {
  "email-production": {
    dmarc: record("_dmarc.example.com", "TXT", `"${DMARC}"`),
    spf: record("mail.example.com", "TXT", `"${SPF}"`),
    mx: record("mail.example.com", "MX", "feedback-smtp.us-east-1.amazonses.com", { priority: 10 }),
    dkim_literal: record("sel1._domainkey", "CNAME", "sel1.dkim.amazonses.com"),
    // The SES Easy DKIM CNAMEs as the email stack synthesizes them: tokens known only after apply.
    ...Object.fromEntries(
      [0, 1, 2].map((i) => {
        const token = `\${element(aws_sesv2_email_identity.Identity.dkim_signing_attributes[0].tokens, ${i})}`;
        return [`dkim_after_apply_${i}`, record(`${token}._domainkey`, "CNAME", `${token}.dkim.amazonses.com`)];
      }),
    ),
  },
  "edge-production": {
    verification: record("example.com", "TXT", '"google-site-verification=EXAMPLE-not-a-real-token"'),
    proxied_cname: record("api.example.com", "CNAME", "origin-api.example.net", { proxied: true }),
  },
  // Another environment's stack: never read for production.
  "email-staging": { dmarc: record("_dmarc.example.com", "TXT", '"v=DMARC1; p=none"') },
};

/** SES DKIM tokens as `terraform output -json` of the email stack gives them (`--values`). */
export const DKIM_TOKENS = ["tok0abc", "tok1def", "tok2ghi"];

/** The email stack's `terraform output -json`, holding the DKIM tokens and an output verify ignores. */
export function terraformOutputJson(tokens: readonly string[] = DKIM_TOKENS): string {
  return JSON.stringify({
    dkim_tokens: { sensitive: false, type: ["list", "string"], value: tokens },
    identity_arn: { sensitive: false, type: "string", value: "arn:aws:ses:us-east-1:123456789012:identity/example.com" },
  });
}

/** What the test DNS server answers when everything is deployed as synthesized. */
export function liveRecords(): TestRecord[] {
  return [
    ...HOSTS.map((name) => ({ name, type: "A" as const, value: "127.0.0.1" })),
    { name: "_dmarc.example.com", type: "TXT", value: DMARC },
    { name: "mail.example.com", type: "TXT", value: SPF },
    // What the SPF record's include:amazonses.com reaches: spf.evaluation walks it live.
    { name: "amazonses.com", type: "TXT", value: "v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 -all" },
    { name: "mail.example.com", type: "MX", value: "feedback-smtp.us-east-1.amazonses.com", priority: 10 },
    { name: "sel1._domainkey.example.com", type: "CNAME", value: "sel1.dkim.amazonses.com" },
    { name: "example.com", type: "TXT", value: "google-site-verification=EXAMPLE-not-a-real-token" },
    // The production example's email.inboundMx, which its email.mtaSts.mx lists (mta-sts.mx).
    { name: "example.com", type: "MX", value: "mx1.example.net", priority: 10 },
    { name: "example.com", type: "MX", value: "mx2.example.net", priority: 20 },
  ];
}

/** A synth output at `outdir` holding SYNTH_STACKS' records. */
export function writeRecordsSynth(outdir: string): void {
  writeSynthOutput(
    outdir,
    Object.fromEntries(Object.entries(SYNTH_STACKS).map(([stack, records]) => [stack, { resource: { cloudflare_dns_record: records } }])),
  );
}

/** The production example's sections named in `keep`, nothing else. */
function exampleSections(keep: readonly string[]): Record<string, unknown> {
  const input = exampleInput("production");
  return Object.fromEntries(Object.entries(typeof input === "object" && input !== null ? input : {}).filter(([k]) => keep.includes(k)));
}

const EDGE_SECTIONS = ["app", "environment", "cloudflare", "edge"];

/**
 * `<dir>/<configDir>/production.yaml`: the edge config plus the example's monitoring section with
 * `monitoring.latency.hostname` set (for `--config-dir`).
 */
export function writeMonitoredConfig(dir: string, configDir: string, latencyHostname: string): void {
  const monitored = setIn(exampleSections([...EDGE_SECTIONS, "monitoring"]), ["monitoring", "latency", "hostname"], latencyHostname);
  // Without the secrets and state sections, monitoring names its AWS account itself.
  const input = setIn(monitored, ["monitoring", "awsAccountId"], "123456789012");
  mkdirSync(join(dir, configDir));
  writeFileSync(join(dir, configDir, "production.yaml"), stringify(input));
}

/** `<dir>/config/production.yaml`: the edge config plus the example's email section (which declares MTA-STS). */
export function writeEmailConfig(dir: string): void {
  // Without the secrets and state sections, email names its AWS account itself.
  const input = setIn(exampleSections([...EDGE_SECTIONS, "email"]), ["email", "awsAccountId"], "123456789012");
  writeFileSync(join(dir, "config", "production.yaml"), stringify(input));
}

/** A temp project: the production example's edge config, synth output and the test CA file. */
export function makeProject(caPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), "golive-verify-"));
  mkdirSync(join(dir, "config"));
  writeFileSync(join(dir, "config", "production.yaml"), stringify(exampleSections(EDGE_SECTIONS)));
  writeRecordsSynth(join(dir, "cdktf.out"));
  writeFileSync(join(dir, "ca.pem"), caPem);
  return dir;
}

/** The JSON report of `golive verify --json`, as far as the tests read it. */
export const LiveReport = z.object({
  ok: z.boolean(),
  results: z.array(z.object({ check: z.string(), target: z.string(), status: z.enum(["pass", "fail", "skip"]), detail: z.string() })),
  latency: z.object({ samples: z.number(), p95Ms: z.number().nullable() }),
  recordsFrom: z.string(),
});
export type LiveReport = z.infer<typeof LiveReport>;

/** The service token the fake edge lets through, as the environment gives it to verify. */
export const TOKEN_ENV = { GOLIVE_ACCESS_CLIENT_ID: EDGE_TOKEN.clientId, GOLIVE_ACCESS_CLIENT_SECRET: EDGE_TOKEN.clientSecret };

/** Arguments that point `golive verify production` at the local DNS server and fake edge only. */
export function liveArgs(
  ports: { readonly dns: number; readonly https: number; readonly http: number },
  format: "json" | "text",
  extra: readonly string[] = [],
): string[] {
  return [
    "verify",
    "production",
    "--loopback-only",
    "--resolver",
    `127.0.0.1:${ports.dns}`,
    "--ca-file",
    "ca.pem",
    "--https-port",
    String(ports.https),
    "--http-port",
    String(ports.http),
    "--timeout-ms",
    "3000",
    "--samples",
    "5",
    "--health-path",
    HEALTH_PATH,
    "--format",
    format,
    ...extra,
  ];
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sink(chunks: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
}

export async function golive(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: sink(out), stderr: sink(err), cwd, env };
  const code = await runCli(args, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** An answer `status` (with a Location when given) to GET `url`, as probeHttp reports it. */
export function answerTo(url: string, status: number, location?: string): HttpObservation {
  return {
    url,
    method: "GET",
    status,
    headers: location === undefined ? {} : { location },
    bodyBytes: 0,
    bodySnippet: "",
    elapsedMs: 1,
  };
}
