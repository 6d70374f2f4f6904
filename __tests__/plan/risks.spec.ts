import { FEATURES } from "../../lib/features";
import { renderPlanReport } from "../../lib/engines/plan";
import { toChangeView } from "../../lib/core/plan/changes";
import { riskFlags, RISK_RULES } from "../../lib/engines/plan/risks";
import type { ResourceChange } from "../../lib/core/plan/schema";
import { expectNoPlanted, fixtureInput } from "./fixtures";

// Hand-shaped cdktf plans (Cloudflare v5 and AWS v6 attribute shapes) with construct paths from a
// synthesized cdk.tf.json: __tests__/fixtures/plans/cdktf*.
// Rendered once: every test below only reads it.
let rendered: ReturnType<typeof renderPlanReport> | undefined;
const report = () =>
  (rendered ??= renderPlanReport([fixtureInput("cdktf/edge-production.json"), fixtureInput("cdktf/secrets-production.json")], "full.md"));

function details(rule: string, address?: string): string[] {
  return report()
    .report.stacks.flatMap((s) => s.risks)
    .filter((r) => r.rule === rule && (address === undefined || r.address === address))
    .map((r) => r.detail);
}

describe("risk flags on cdktf-shaped plans", () => {
  test("DMARC weakened: p lowered, pct lowered, rua removed", () => {
    expect(details("dmarc-weakened")).toEqual([
      "_dmarc.example.com: p lowered: reject -> none",
      "_dmarc.example.com: pct lowered: 100 -> 50",
      "_dmarc.example.com: rua removed: aggregate reports stop",
    ]);
  });

  test("SPF widened: softer all and new senders", () => {
    expect(details("spf-widened")).toEqual([
      "example.com: -all -> ~all",
      "example.com: new senders allowed: include:mail.example.net ip4:198.51.100.0/24",
    ]);
  });

  test("DKIM removed: the selector's CNAME deleted and SES signing changed", () => {
    expect(details("dkim-removed")).toEqual([
      "DKIM CNAME golive1._domainkey.example.com deleted: signatures with this selector stop verifying",
      'example.com: DKIM signing changed (dkim_signing_attributes[0].next_signing_key_length: "RSA_2048_BIT" -> "RSA_1024_BIT")',
    ]);
  });

  test("SSL mode and minimum TLS lowered, HSTS off", () => {
    expect(details("tls-lowered")).toEqual(['ssl lowered: "strict" -> "flexible"', 'min_tls_version lowered: "1.2" -> "1.0"']);
    expect(details("hsts-off")).toEqual(["HSTS turned off"]);
  });

  test("WAF and rate-limit rules removed or loosened, managed ruleset deleted", () => {
    expect(details("waf-loosened")).toEqual([
      "http_ratelimit: rule count 2 -> 1",
      'http_ratelimit: "Rate limit chat: 30 requests per 60s per IP" requests_per_period 30 -> 300',
      'http_ratelimit: "Rate limit login: 5 requests per 60s per IP" removed',
      'http_request_firewall_custom: "Block cross-origin writes" action block -> log',
      'http_request_firewall_custom: "Admin paths only from office networks" disabled',
      "http_request_firewall_managed ruleset deleted: 1 rule gone",
    ]);
  });

  test("Access widened: include everyone, application deleted", () => {
    expect(details("access-widened")).toEqual([
      "opsbot-production-allow-admins: include now has everyone",
      "Access application api.example.com/admin deleted: the path is no longer behind Access",
    ]);
  });

  test("load-balancer weights moved old -> new, pools named by the plan's own pool resources (colours, not ids)", () => {
    expect(details("lb-weights-moved")).toEqual(["pool weights moved: opsbot-production-green 0 -> 0.9, opsbot-production-blue 1 -> 0.1"]);
  });

  test("a weight move keeps the pool ids when the plan does not list the pools (e.g. another stack's plan)", () => {
    const flags = renderPlanReport([fixtureInput("sample/edge-production.json")], "full.md")
      .report.stacks.flatMap((s) => s.risks)
      .filter((r) => r.rule === "lb-weights-moved");
    expect(flags.map((r) => r.detail)).toEqual([expect.stringContaining("00000000000000000000000000000936 0 -> 0.9")]);
  });

  test("secret and KMS key scheduled for deletion, with their windows", () => {
    expect(details("deletion-scheduled")).toEqual([
      "secret opsbot/production/openai-api-key scheduled for deletion (recoverable for 7 days)",
      "KMS key opsbot production secrets scheduled for deletion in 30 days: data it encrypts becomes unreadable",
    ]);
  });

  test("protected resources destroyed: zone, DNSSEC, state bucket (replaced)", () => {
    expect(
      report()
        .report.stacks.flatMap((s) => s.risks)
        .filter((r) => r.rule === "protected-destroyed")
        .map((r) => r.address),
    ).toEqual([
      "cloudflare_zone.Zone_A5DE4B68",
      "cloudflare_zone_dnssec.Zone_Dnssec_077988C6",
      "aws_s3_bucket.StateBucket_Bucket_0A1B2C3D",
    ]);
  });

  test("every rule of the concerns the fixtures plan fires on them, and each flag names its construct path", () => {
    // The AWS concerns' rules (trust, grants, state bucket, alerting) are exercised in concern-risks.test.ts.
    const covered = new Set(["edge", "email", "release", "readiness"]);
    // Exercised on plan changes of their own in __tests__/edge/url-normalization.spec.ts, dns-risks.spec.ts
    // and transport-risks.spec.ts; provisioners (golive declares none) on real plans in provisioners.spec.ts.
    const elsewhere = new Set(["url-normalization-off", "dns-exposed", "origin-protection-off", "provisioner-runs"]);
    const expected = FEATURES.filter((f) => covered.has(f.name))
      .flatMap((f) => f.risks.map((r) => r.id))
      .filter((id) => !elsewhere.has(id));
    expect(FEATURES.flatMap((f) => f.risks.map((r) => r.id))).toEqual(expect.arrayContaining([...elsewhere]));
    const risks = report().report.stacks.flatMap((s) => s.risks);
    expect(new Set(risks.map((r) => r.rule))).toEqual(new Set(expected));
    expect(RISK_RULES.length).toBeGreaterThan(expected.length);
    for (const r of risks) expect(r.constructPath).toMatch(/^(edge|secrets)-production\//);
  });

  test("benign changes raise no flag: a new record, a service token duration, drift-only ruleset", () => {
    const flagged = new Set(
      report()
        .report.stacks.flatMap((s) => s.risks)
        .map((r) => r.address),
    );
    for (const a of [
      "cloudflare_dns_record.Dns_chat_5C6D7E8F",
      "cloudflare_zero_trust_access_service_token.Access_token-webhooks_B66EB165",
      "cloudflare_ruleset.Redirects_9B8A7C6D",
      "aws_iam_role.Ci_PlanRole_8C9D0E1F",
    ]) {
      expect(flagged.has(a)).toBe(false);
    }
  });

  test("risk flags come first in the comment, before any stack's change list", () => {
    const md = report().comment;
    expect(md.indexOf("### 🚨 Risk flags (24)")).toBeGreaterThan(0);
    expect(md.indexOf("### 🚨 Risk flags")).toBeLessThan(md.indexOf("### `edge-production`"));
  });

  test("planted Cloudflare and AWS secrets never appear; the service token secret shows as (sensitive)", () => {
    const r = report();
    expectNoPlanted(r.comment, r.fullMarkdown, r.json);
    expect(r.fullMarkdown).toContain("client_secret: (sensitive) -> (known after apply)");
  });

  test("the known-drift note names the v5 types with their provider issues; drift-only updates are marked", () => {
    const edge = report().report.stacks[0];
    expect(edge?.drift.map((d) => d.type)).toEqual([
      "cloudflare_dns_record",
      "cloudflare_load_balancer",
      "cloudflare_ruleset",
      "cloudflare_zone_setting",
    ]);
    expect(edge?.drift.find((d) => d.type === "cloudflare_ruleset")).toMatchObject({
      issues: ["#5419", "#5600", "#5657"],
      likelyDrift: ["cloudflare_ruleset.Redirects_9B8A7C6D"],
    });
    expect(report().comment).toContain(
      "`cloudflare_ruleset.Redirects_9B8A7C6D` · `edge-production/Redirects/Resource` (1 attribute; likely provider drift)",
    );
  });
});

/** A managed resource change for rule unit tests. */
function rc(
  type: string,
  actions: ResourceChange["change"]["actions"],
  before: unknown,
  after: unknown,
  extra: Partial<ResourceChange["change"]> = {},
): ResourceChange {
  return {
    address: `${type}.T`,
    mode: "managed",
    type,
    name: "T",
    change: { actions, before, after, before_sensitive: {}, after_sensitive: {}, after_unknown: {}, ...extra },
  };
}

function flags(change: ResourceChange): string[] {
  return riskFlags(toChangeView(change, undefined)).map((f) => `${f.rule}: ${f.detail}`);
}

const txt = (name: string, content: string) => ({ name, type: "TXT", content });
const setting = (id: string, value: unknown) => ({ setting_id: id, value });

describe("risk rules: what is not a weakening", () => {
  test("stronger DMARC, narrower SPF, higher SSL/TLS raise nothing", () => {
    expect(
      flags(
        rc(
          "cloudflare_dns_record",
          ["update"],
          txt("_dmarc.example.com", "v=DMARC1; p=none; rua=mailto:a@example.com"),
          txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:a@example.com"),
        ),
      ),
    ).toEqual([]);
    expect(
      flags(
        rc("cloudflare_dns_record", ["update"], txt("example.com", "v=spf1 include:a.example.net ~all"), txt("example.com", "v=spf1 -all")),
      ),
    ).toEqual([]);
    expect(flags(rc("cloudflare_zone_setting", ["update"], setting("ssl", "full"), setting("ssl", "strict")))).toEqual([]);
    expect(flags(rc("cloudflare_zone_setting", ["update"], setting("min_tls_version", "1.2"), setting("min_tls_version", "1.3")))).toEqual(
      [],
    );
  });

  test("values known only after apply raise nothing (no guessing)", () => {
    const hsts = setting("security_header", { strict_transport_security: { enabled: true, max_age: 100 } });
    expect(
      flags(rc("cloudflare_zone_setting", ["update"], hsts, { setting_id: "security_header" }, { after_unknown: { value: true } })),
    ).toEqual([]);
    const rules = { phase: "http_ratelimit", rules: [{ ref: "a", action: "block" }] };
    expect(flags(rc("cloudflare_ruleset", ["update"], rules, { phase: "http_ratelimit" }, { after_unknown: { rules: true } }))).toEqual([]);
  });

  test("a forgotten resource is not weakened: the object stays as it is", () => {
    expect(flags(rc("cloudflare_dns_record", ["forget"], txt("_dmarc.example.com", "v=DMARC1; p=reject"), null))).toEqual([]);
  });

  test("a replacement that forgets the old object (create then forget) destroys nothing: no deletion flag", () => {
    const secret = { name: "opsbot/production/openai-api-key", recovery_window_in_days: 7 };
    const key = { description: "opsbot production secrets", deletion_window_in_days: 30, is_enabled: true };
    const bucket = { bucket: "opsbot-production-state" };
    for (const [type, before] of [
      ["aws_secretsmanager_secret", secret],
      ["aws_kms_key", key],
      ["aws_s3_bucket", bucket],
    ] as const) {
      expect(flags(rc(type, ["create", "forget"], before, before))).toEqual([]);
      expect(flags(rc(type, ["delete", "create"], before, before))).not.toEqual([]);
    }
  });

  test("narrowing Access and unchanged load-balancer weights raise nothing", () => {
    const policy = (include: unknown[]) => ({ name: "p", decision: "allow", include });
    expect(
      flags(
        rc(
          "cloudflare_zero_trust_access_policy",
          ["update"],
          policy([{ email: { email: "a@example.com" } }, { email: { email: "b@example.com" } }]),
          policy([{ email: { email: "a@example.com" } }]),
        ),
      ),
    ).toEqual([]);
    const lb = { default_pools: ["a", "b"], random_steering: { pool_weights: { a: 1, b: 0 } } };
    expect(flags(rc("cloudflare_load_balancer", ["update"], lb, { ...lb, name: "renamed" }))).toEqual([]);
  });
});

describe("risk rules: edge cases that are weakenings", () => {
  test("HSTS max_age lowered and include_subdomains off", () => {
    const v = (max: number, sub: boolean) =>
      setting("security_header", { strict_transport_security: { enabled: true, max_age: max, include_subdomains: sub } });
    expect(flags(rc("cloudflare_zone_setting", ["update"], v(63072000, true), v(300, false)))).toEqual([
      "hsts-off: HSTS max_age lowered: 63072000 -> 300",
      "hsts-off: HSTS include_subdomains turned off",
    ]);
  });

  test("a secret deleted with no recovery window says so; a KMS deletion window shortened is flagged", () => {
    expect(flags(rc("aws_secretsmanager_secret", ["delete"], { name: "s", recovery_window_in_days: 0 }, null))).toEqual([
      "deletion-scheduled: secret s deleted immediately (recovery_window_in_days = 0): no recovery",
    ]);
    expect(
      flags(
        rc("aws_kms_key", ["update"], { description: "k", deletion_window_in_days: 30 }, { description: "k", deletion_window_in_days: 7 }),
      ),
    ).toEqual(["deletion-scheduled: KMS key k: deletion_window_in_days 30 -> 7"]);
  });

  test("Access: require dropped, decision to bypass, new email domain", () => {
    const before = {
      name: "p",
      decision: "allow",
      include: [{ email_domain: { domain: "example.com" } }],
      require: [{ group: { id: "g" } }],
    };
    const after = {
      name: "p",
      decision: "bypass",
      include: [{ email_domain: { domain: "example.com" } }, { email_domain: { domain: "example.org" } }],
      require: [],
    };
    expect(flags(rc("cloudflare_zero_trust_access_policy", ["update"], before, after))).toEqual([
      'access-widened: p: include adds email_domain {"domain":"example.org"}',
      'access-widened: p: require drops group {"id":"g"}',
      "access-widened: p: decision allow -> bypass",
    ]);
  });

  test("Access application: an inline policy that now includes everyone, a destination dropped", () => {
    const app = (include: unknown[], uris: string[]) => ({
      name: "app",
      domain: "chat.example.com",
      destinations: uris.map((uri) => ({ type: "public", uri })),
      policies: [{ decision: "allow", include }],
    });
    expect(
      flags(
        rc(
          "cloudflare_zero_trust_access_application",
          ["update"],
          app([{ group: { id: "g" } }], ["chat.example.com", "chat.example.com/admin"]),
          app([{ group: { id: "g" } }, { everyone: {} }], ["chat.example.com"]),
        ),
      ),
    ).toEqual([
      "access-widened: chat.example.com/admin no longer covered by Access",
      "access-widened: chat.example.com inline policy 0: include now has everyone",
    ]);
  });

  test("a new SPF record ending in +all, a DMARC record deleted, DNSSEC switched off", () => {
    expect(flags(rc("cloudflare_dns_record", ["create"], null, txt("example.com", "v=spf1 +all")))).toEqual([
      "spf-widened: example.com: new SPF record ends in +all (any server may send as the domain)",
    ]);
    expect(flags(rc("cloudflare_dns_record", ["delete"], txt("_dmarc.example.com", "v=DMARC1; p=reject"), null))).toEqual([
      "dmarc-weakened: DMARC record at _dmarc.example.com deleted (receivers fall back to no policy)",
    ]);
    expect(flags(rc("cloudflare_zone_dnssec", ["update"], { status: "active" }, { status: "disabled" }))).toEqual([
      "protected-destroyed: DNSSEC status active -> disabled",
    ]);
  });

  test("a rate limit whose period grows with the same requests is not flagged; a higher rate is", () => {
    const rl = (requests: number, period: number) => ({
      phase: "http_ratelimit",
      rules: [{ ref: "r", description: "d", action: "block", ratelimit: { requests_per_period: requests, period } }],
    });
    expect(flags(rc("cloudflare_ruleset", ["update"], rl(10, 10), rl(10, 60)))).toEqual([]);
    expect(flags(rc("cloudflare_ruleset", ["update"], rl(10, 60), rl(10, 10)))).toEqual([
      'waf-loosened: http_ratelimit: "d" allowed rate up: 10/60s -> 10/10s',
    ]);
  });
});
