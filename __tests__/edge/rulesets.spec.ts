import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind, type SynthJson } from "../helpers/synth";

interface Rule {
  ref: string;
  action: string;
  expression: string;
  enabled: boolean;
  action_parameters?: Record<string, unknown>;
  ratelimit?: Record<string, unknown>;
}

function phases(json: SynthJson): Map<string, { kind: unknown; rules: Rule[] }> {
  const out = new Map<string, { kind: unknown; rules: Rule[] }>();
  for (const [, r] of resourcesOf(json, "cloudflare_ruleset")) {
    expect(out.has(String(r.phase))).toBe(false); // one entry-point ruleset per phase
    out.set(String(r.phase), { kind: r.kind, rules: r.rules as Rule[] });
  }
  return out;
}

const edge = phases(synthKind(exampleConfig(), "edge"));
const rules = (phase: string) => edge.get(phase)?.rules ?? [];

describe("edge rulesets", () => {
  test("exactly one zone entry-point ruleset per phase we own", () => {
    expect([...edge.keys()].sort()).toEqual([
      "http_config_settings",
      "http_ratelimit",
      "http_request_dynamic_redirect",
      "http_request_firewall_custom",
      "http_request_firewall_managed",
      "http_response_headers_transform",
    ]);
    for (const p of edge.values()) expect(p.kind).toBe("zone");
  });

  test("managed WAF executes the Cloudflare Managed and OWASP rulesets", () => {
    const managed = rules("http_request_firewall_managed");
    expect(managed.map((r) => [r.action, r.action_parameters?.id])).toEqual([
      ["execute", "efb7b8c949ac4650a09736fc376e9aee"],
      ["execute", "4814384a9e5d4991b9815dcfc25d2f1f"],
    ]);
    expect(managed[1]?.action_parameters?.overrides).toEqual({
      rules: [{ id: "6179ae15870a4bb7b2d480d4843b323c", action: "block", score_threshold: 40 }],
    });
  });

  test("free plan gets the Free Managed Ruleset instead", () => {
    const cfg = exampleConfig([
      [["cloudflare", "plan"], "free"],
      [["edge", "waf", "managed"], { cloudflare: false, owasp: false }],
      [["edge", "rateLimits"], [{ name: "chat", paths: ["/api/chat"], requestsPerPeriod: 20, period: 10, mitigationTimeout: 10 }]],
    ]);
    const managed = phases(synthKind(cfg, "edge")).get("http_request_firewall_managed")?.rules ?? [];
    expect(managed.map((r) => r.action_parameters?.id)).toEqual(["77454fe2d30c4220b5701f6fdfb893ba"]);
  });

  test("CSRF rule blocks state-changing methods from origins that are not allowed", () => {
    // The expression itself, and why each branch is there: __tests__/edge/path-case-csrf.spec.ts.
    const csrf = rules("http_request_firewall_custom").find((r) => r.ref === "csrf_foreign_origin");
    expect(csrf?.action).toBe("block");
    expect(csrf?.expression).toMatch(/^\(http\.request\.method in \{"POST" "PUT" "PATCH" "DELETE"\} and /);
  });

  test("admin paths are blocked outside the configured networks", () => {
    const admin = rules("http_request_firewall_custom").find((r) => r.ref === "admin_networks_only");
    expect(admin).toMatchObject({
      action: "block",
      expression:
        '((lower(http.request.uri.path) eq "/admin" or starts_with(lower(http.request.uri.path), "/admin/")) and not ip.src in {198.51.100.0/24 2001:db8:100::/48})',
    });
  });

  test("chat and tool endpoints are rate limited per IP with their own limits", () => {
    const rl = rules("http_ratelimit");
    expect(rl.map((r) => r.ref)).toEqual(["ratelimit_chat", "ratelimit_tools"]);
    expect(rl[0]).toMatchObject({
      action: "block",
      expression: '(lower(http.request.uri.path) eq "/api/chat" or starts_with(lower(http.request.uri.path), "/api/chat/"))',
      ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requests_per_period: 30, mitigation_timeout: 60 },
    });
    expect(rl[1]?.ratelimit).toMatchObject({ requests_per_period: 10, mitigation_timeout: 3600 });
    expect(rl[1]?.expression).toContain('"/api/actions"');
  });

  test("every rate-limit rule counts on [cf.colo.id, ip.src] in that order (a List in provider v5.14.0, ruleset/schema.go:1681)", () => {
    const rl = rules("http_ratelimit");
    expect(rl.length).toBeGreaterThan(0);
    for (const r of rl) expect(r.ratelimit?.characteristics).toEqual(["cf.colo.id", "ip.src"]);
  });

  test("redirects keep path and query and use the configured status", () => {
    const r = rules("http_request_dynamic_redirect");
    expect(r.map((x) => x.expression)).toEqual([
      '(http.host eq "www.example.com")',
      '(http.host eq "old.example.com")',
      '(http.host eq "example.com" and (lower(http.request.uri.path) eq "/docs" or starts_with(lower(http.request.uri.path), "/docs/")))',
    ]);
    expect(r[0]?.action_parameters?.from_value).toEqual({
      status_code: 301,
      target_url: { expression: 'concat("https://example.com", http.request.uri.path)' },
      preserve_query_string: true,
    });
    // The matched prefix is swapped for the target path: /docs/a -> /help/a. `$${1}` is Terraform's
    // escape for the literal `${1}` that wildcard_replace fills with the rest of the path.
    expect(r[2]?.action_parameters?.from_value).toMatchObject({
      status_code: 308,
      target_url: { expression: 'concat("https://chat.example.com", wildcard_replace(http.request.uri.path, "/docs*", "/help$${1}"))' },
    });
  });

  test("a redirect with preservePath false goes to the fixed target", () => {
    const cfg = exampleConfig([
      [["edge", "redirects"], [{ from: "old.example.com", to: "https://chat.example.com/", preservePath: false }]],
    ]);
    const r = phases(synthKind(cfg, "edge")).get("http_request_dynamic_redirect")?.rules ?? [];
    expect(r[1]?.action_parameters?.from_value).toMatchObject({
      target_url: { value: "https://chat.example.com" },
      preserve_query_string: true,
    });
  });

  test("one host's longer prefix is matched first, whatever the config order: the first matching rule wins at the edge", () => {
    const cfg = exampleConfig([
      [
        ["edge", "redirects"],
        [
          { from: "www.example.com/docs", to: "https://chat.example.com/help" },
          { from: "old.example.com", to: "https://chat.example.com" },
          { from: "www.example.com/docs/v2", to: "https://chat.example.com/v2" },
        ],
      ],
    ]);
    const hosts = (phases(synthKind(cfg, "edge")).get("http_request_dynamic_redirect")?.rules ?? []).map((x) => x.ref);
    // www.example.com's three (canonicalHost apex's, from the whole host, last) keep the slots they had: old.example.com stays third.
    expect(hosts).toEqual([
      "redirect_www_example_com_docs_v2",
      "redirect_www_example_com_docs",
      "redirect_old_example_com",
      "redirect_www_example_com",
    ]);
  });

  test("a $ in a kept-path target is escaped for wildcard_replace, so the rest of the path still fills ${1}", () => {
    const targetOf = (to: string): string => {
      const cfg = exampleConfig([[["edge", "redirects"], [{ from: "example.com/docs", to }]]]);
      const rule = phases(synthKind(cfg, "edge"))
        .get("http_request_dynamic_redirect")
        ?.rules.find((x) => x.ref === "redirect_example_com_docs");
      const url =
        (rule?.action_parameters?.from_value as { target_url?: { expression?: string } } | undefined)?.target_url?.expression ?? "";
      return /, "([^"]*)"\)\)$/.exec(url)?.[1] ?? url;
    };
    // Terraform reads `$${` as a literal `${` and keeps other `$` (terraform apply of these strings as
    // outputs: "/pay$$ment${1}", "/price$$${1}"); wildcard_replace then reads `$$` as one `$` and `${1}`
    // as the part the `*` matched: /docs/x goes to /pay$ment/x and /price$/x.
    expect(targetOf("https://chat.example.com/pay$ment")).toBe("/pay$$ment$${1}");
    expect(targetOf("https://chat.example.com/price$")).toBe("/price$$$${1}");
    expect(targetOf("https://chat.example.com/help")).toBe("/help$${1}");
  });

  test("targets reach the edge percent-encoded, in all three forms, and a query keeps its last character", () => {
    const cfg = exampleConfig([
      [
        ["edge", "redirects"],
        [
          { from: "old.example.com", to: "https://chat.example.com/über" },
          { from: "example.com/docs", to: "https://chat.example.com/hilfe/über" },
          { from: "example.com/a", to: "https://chat.example.com/über?next=/", preservePath: false },
        ],
      ],
    ]);
    const targets = (phases(synthKind(cfg, "edge")).get("http_request_dynamic_redirect")?.rules ?? [])
      .filter((x) => x.ref !== "redirect_www_example_com")
      .map((x) => (x.action_parameters?.from_value as { target_url?: unknown } | undefined)?.target_url);
    expect(targets).toEqual([
      { expression: 'concat("https://chat.example.com/%C3%BCber", http.request.uri.path)' },
      { expression: 'concat("https://chat.example.com", wildcard_replace(http.request.uri.path, "/docs*", "/hilfe/%C3%BCber$${1}"))' },
      { value: "https://chat.example.com/%C3%BCber?next=/" },
    ]);
  });

  test("security headers are set on every response", () => {
    const [headers] = rules("http_response_headers_transform");
    expect(headers?.action).toBe("rewrite");
    expect(headers?.action_parameters?.headers).toEqual({
      "X-Content-Type-Options": { operation: "set", value: "nosniff" },
      "X-Frame-Options": { operation: "set", value: "DENY" },
      "Referrer-Policy": { operation: "set", value: "strict-origin-when-cross-origin" },
      "Permissions-Policy": { operation: "set", value: "camera=(), microphone=(), geolocation=()" },
      "Content-Security-Policy": {
        operation: "set",
        value: "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
      },
    });
  });

  test("without a configured CSP the header still forbids framing (frame-ancestors 'none')", () => {
    const cfg = exampleConfig([[["edge", "securityHeaders", "contentSecurityPolicy"], undefined]]);
    const [headers] = phases(synthKind(cfg, "edge")).get("http_response_headers_transform")?.rules ?? [];
    expect(headers?.action_parameters?.headers).toMatchObject({
      "Content-Security-Policy": { operation: "set", value: "frame-ancestors 'none'" },
      "X-Frame-Options": { operation: "set", value: "DENY" },
    });
  });

  test("every rule has a stable ref and is enabled", () => {
    for (const p of edge.values()) {
      const refs = p.rules.map((r) => r.ref);
      expect(new Set(refs).size).toBe(refs.length);
      for (const r of p.rules) expect(r.enabled).toBe(true);
    }
  });
});

describe("rate-limit defaults", () => {
  test("omitting edge.rateLimits gives a chat limit and a stricter tools/actions limit", () => {
    const cfg = exampleConfig([[["edge", "rateLimits"], undefined]]);
    const rl = phases(synthKind(cfg, "edge")).get("http_ratelimit")?.rules ?? [];
    expect(rl.map((r) => [r.ref, r.ratelimit?.requests_per_period, r.ratelimit?.period])).toEqual([
      ["ratelimit_chat", 30, 60],
      ["ratelimit_tools", 10, 60],
    ]);
    expect(rl[1]?.expression).toContain('"/api/actions"');
  });

  test("a rate limit may omit period and mitigation timeout (60 s each on pro)", () => {
    const cfg = exampleConfig([[["edge", "rateLimits"], [{ name: "chat", paths: ["/api/chat"], requestsPerPeriod: 20 }]]]);
    const rl = phases(synthKind(cfg, "edge")).get("http_ratelimit")?.rules ?? [];
    expect(rl[0]).toMatchObject({ action: "block", ratelimit: { period: 60, mitigation_timeout: 60 } });
  });
});
