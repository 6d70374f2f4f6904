import type { StackInput } from "../../lib/core/readiness/model";
import type { AppConfig } from "../../lib/config/schema";
import { MAX_EXPRESSION_CHARS } from "../../lib/features/edge/edge-rule";
import { findRedirectLoops } from "../../lib/features/edge/redirects";
import { expressionCoversPath } from "../../lib/features/edge/expression-match";
import { check, envConfig, messages, ruleById } from "../checks/support";
import { configErrorText, exampleConfig } from "../helpers/example-config";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";

/**
 * No Cloudflare expression evaluator exists in this repo, so these tests pin the exact expression text
 * and say, case by case, which part of it decides. Where the repo already reads path literals back
 * (expressionCoversPath, the readiness rules' reader) they also evaluate the path part with it.
 */

interface Rule {
  readonly ref: string;
  readonly action: string;
  readonly expression: string;
}

function phaseRules(json: SynthJson, phase: string): Rule[] {
  const ruleset = resourcesOf(json, "cloudflare_ruleset").find(([, r]) => r.phase === phase);
  return (ruleset?.[1].rules ?? []) as Rule[];
}

function ruleOf(json: SynthJson, phase: string, ref: string): Rule {
  const rule = phaseRules(json, phase).find((r) => r.ref === ref);
  if (!rule) throw new Error(`no rule ${ref} in ${phase}`);
  return rule;
}

function edgeStacks(cfg: AppConfig, json: SynthJson = synthKind(cfg, "edge")): StackInput[] {
  return [{ name: `edge-${cfg.environment}`, file: `cdktf.out/stacks/edge-${cfg.environment}/cdk.tf.json`, json }];
}

/** Config paths written with capitals: the expressions must lower them, the config keeps them. */
const mixedCase = exampleConfig([
  [
    ["edge", "waf", "admin", "paths"],
    ["/admin", "/Ops/Console/"],
  ],
  [["edge", "rateLimits"], [{ name: "chat", paths: ["/Api/Chat"], requestsPerPeriod: 30, period: 60, mitigationTimeout: 60 }]],
  [["edge", "redirects", 1, "from"], "example.com/Docs"],
]);
const mixedJson = synthKind(mixedCase, "edge");
const exampleJson = synthKind(exampleConfig(), "edge");

const LOWER_PATH = "lower(http.request.uri.path)";

describe("case-insensitive path matching at the edge", () => {
  test("admin, rate-limit and redirect rules compare lower(http.request.uri.path) with the lower-cased config path", () => {
    expect(mixedCase.edge.waf.admin?.paths).toEqual(["/admin", "/Ops/Console/"]); // config kept as written
    expect(ruleOf(mixedJson, "http_request_firewall_custom", "admin_networks_only").expression).toBe(
      `(((${LOWER_PATH} eq "/admin" or starts_with(${LOWER_PATH}, "/admin/")) or (${LOWER_PATH} eq "/ops/console" or starts_with(${LOWER_PATH}, "/ops/console/"))) and not ip.src in {198.51.100.0/24 2001:db8:100::/48})`,
    );
    expect(ruleOf(mixedJson, "http_ratelimit", "ratelimit_chat").expression).toBe(
      `(${LOWER_PATH} eq "/api/chat" or starts_with(${LOWER_PATH}, "/api/chat/"))`,
    );
    expect(phaseRules(mixedJson, "http_request_dynamic_redirect").map((r) => r.expression)).toContain(
      `(http.host eq "example.com" and (${LOWER_PATH} eq "/docs" or starts_with(${LOWER_PATH}, "/docs/")))`,
    );
  });

  test("no rule expression of the custom, rate-limit or redirect phase reads the path without lower()", () => {
    const phases = ["http_request_firewall_custom", "http_ratelimit", "http_request_dynamic_redirect"];
    for (const json of [exampleJson, mixedJson]) {
      const expressions = phases.flatMap((p) => phaseRules(json, p).map((r) => r.expression));
      expect(expressions.filter((e) => e.includes("uri.path")).length).toBeGreaterThanOrEqual(3);
      for (const e of expressions) expect(e.replaceAll(LOWER_PATH, "")).not.toContain("http.request.uri.path");
    }
  });

  test("/ADMIN/x is blocked like /admin/x, and /administrator is not an admin path", () => {
    const admin = ruleOf(exampleJson, "http_request_firewall_custom", "admin_networks_only").expression;
    expect(admin).toContain(`starts_with(${LOWER_PATH}, "/admin/")`);
    // The path part, before ` and not ip.src in {...}` (the reader verifies only path and host clauses).
    const paths = admin.slice(1, admin.indexOf(" and not ip.src in "));
    for (const path of ["/admin", "/admin/x", "/ADMIN/x", "/Admin", "/aDmIn/users/1"])
      expect([path, expressionCoversPath(paths, path)]).toEqual([path, true]);
    for (const path of ["/administrator", "/api/admin", "/"]) expect([path, expressionCoversPath(paths, path)]).toEqual([path, false]);
    // The same rule without lower() is what let /ADMIN through.
    expect(expressionCoversPath(paths.replaceAll(LOWER_PATH, "http.request.uri.path"), "/ADMIN/x")).toBe(false);
    // The whole rule also reads the client address, so it is no proof of covering anything.
    expect(expressionCoversPath(admin, "/admin")).toBe(false);
  });

  test("/Api/Chat and /API/CHAT/stream count against the chat rate limit", () => {
    const chat = ruleOf(exampleJson, "http_ratelimit", "ratelimit_chat").expression;
    for (const path of ["/api/chat", "/Api/Chat", "/API/CHAT/stream"]) expect(expressionCoversPath(chat, path)).toBe(true);
    expect(expressionCoversPath(chat, "/api/chatty")).toBe(false);
  });

  test("the readiness reader treats a lower() literal as case-insensitive and a plain one as exact", () => {
    const family = (field: string, base: string) => `(${field} eq "${base}" or starts_with(${field}, "${base}/"))`;
    expect(expressionCoversPath(family(LOWER_PATH, "/api/chat"), "/API/Chat")).toBe(true);
    expect(expressionCoversPath(family("http.request.uri.path", "/api/chat"), "/api/chat")).toBe(true);
    expect(expressionCoversPath(family("http.request.uri.path", "/api/chat"), "/API/Chat")).toBe(false);
    // lower() of the path never equals a literal with capitals.
    expect(expressionCoversPath(family(LOWER_PATH, "/API/chat"), "/API/chat")).toBe(false);
    // A path is covered with everything below it: the exact form alone, or the prefix alone, is not enough.
    expect(expressionCoversPath(`(${LOWER_PATH} eq "/api/chat")`, "/api/chat")).toBe(false);
    expect(expressionCoversPath(`starts_with(${LOWER_PATH}, "/api/tools/")`, "/Api/Tools")).toBe(false);
    expect(expressionCoversPath(`starts_with(${LOWER_PATH}, "/api/")`, "/Api/Tools")).toBe(true);
  });

  test("GL-EDGE-008 finds the chat path covered whatever case readiness names it in", () => {
    const cfg = exampleConfig();
    const base = envConfig(cfg);
    const config = { ...base, readiness: { ...base.readiness, chatPaths: ["/API/Chat"] } };
    expect(check(ruleById("GL-EDGE-008"), edgeStacks(cfg, exampleJson), { config }).kind).toBe("compliant");
  });

  test("fails when a redirect comes back into its own prefix in another case (the edge matches it)", () => {
    const docs = { fromHost: "example.com", fromPath: "/Docs", status: 301, preservePath: true, source: ["edge", "redirects", 0] } as const;
    // /Docs/x -> /docs/v2/x, which the rule for /Docs matches again: a loop. Into /help it is not.
    expect(findRedirectLoops([{ ...docs, to: "https://example.com/docs/v2" }])).toEqual([[0]]);
    expect(findRedirectLoops([{ ...docs, to: "https://example.com/help" }])).toEqual([]);
    const text = configErrorText([[["edge", "redirects"], [{ from: "example.com/Docs", to: "https://example.com/docs/v2" }]]]);
    expect(text).toContain("edge.redirects[0]: redirect loop: example.com/Docs -> https://example.com/docs/v2");
  });

  test("fails a long redirect loop in one line of bounded length, naming where it starts and the entries it runs through", () => {
    const long = "x".repeat(900);
    const hops = Array.from({ length: 12 }, (_, i) => ({
      from: `example.com/${i}/${long}`,
      to: `https://example.com/${(i + 1) % 12}/${long}`,
    }));
    const loop = configErrorText([
      [["cloudflare", "plan"], "enterprise"],
      [["edge", "redirects"], hops],
    ])
      .split("\n")
      .filter((l) => l.includes("redirect loop"));
    expect(loop).toHaveLength(1);
    expect(loop[0]).toMatch(/edge\.redirects\[\d+\]: redirect loop: example\.com\/\d+\/x{50}.*… \(also edge\.redirects\[/);
    expect(loop[0]?.length).toBeLessThan(2_200);
  });

  test("fails when two redirects differ only in the case of their path", () => {
    const text = configErrorText([
      [
        ["edge", "redirects"],
        [
          { from: "example.com/docs", to: "https://chat.example.com/help" },
          { from: "example.com/Docs", to: "https://chat.example.com/other" },
        ],
      ],
    ]);
    expect(text).toContain("edge.redirects[1].from");
    expect(text).toContain("they differ only in case");
  });
});

const ORIGIN = 'http.request.headers["origin"]';
const REFERER = 'http.request.headers["referer"]';
const ALLOWED = '{"https://chat.example.com" "https://example.com"}';

describe("CSRF rule: Origin, else Referer, on state-changing requests", () => {
  const csrf = ruleOf(exampleJson, "http_request_firewall_custom", "csrf_foreign_origin");

  test("the rule blocks a foreign Origin, or without Origin a foreign Referer (exact expression)", () => {
    expect(csrf.action).toBe("block");
    expect(csrf.expression).toBe(
      `(http.request.method in {"POST" "PUT" "PATCH" "DELETE"} and (` +
        // 1. Origin present and not an allowed origin: blocked (Origin: null included).
        `(len(${ORIGIN}) >= 0 and not any(${ORIGIN}[*] in ${ALLOWED})) or ` +
        // 2. Origin absent, Referer present, and the Referer is neither an allowed origin nor below one.
        `(not len(${ORIGIN}) >= 0 and len(${REFERER}) >= 0 and not (` +
        `any(${REFERER}[*] in ${ALLOWED}) or ` +
        `any(starts_with(${REFERER}[*], "https://chat.example.com/")) or ` +
        `any(starts_with(${REFERER}[*], "https://example.com/"))))))`,
    );
  });

  test("absent Origin with a Referer from an allowed origin passes; with a foreign Referer it is blocked", () => {
    // Branch 2 is the only one that applies without Origin; it blocks unless the Referer is allowed.
    const branch = `(not len(${ORIGIN}) >= 0 and len(${REFERER}) >= 0 and not (`;
    expect(csrf.expression).toContain(branch);
    const allowedTests = csrf.expression.slice(csrf.expression.indexOf(branch) + branch.length);
    const prefixes = [...allowedTests.matchAll(/starts_with\(http\.request\.headers\["referer"\]\[\*\], "([^"]*)"\)/g)].map((m) => m[1]);
    expect(prefixes).toEqual(["https://chat.example.com/", "https://example.com/"]);
    // A same-site page's Referer is below an allowed origin and passes; any other is blocked.
    expect(prefixes.some((p) => "https://chat.example.com/app/thread/1".startsWith(p ?? "\u0000"))).toBe(true);
    expect(prefixes.some((p) => "https://evil.example.net/post".startsWith(p ?? "\u0000"))).toBe(false);
  });

  test("a Referer of https://chat.example.com.evil.net/ or another port is not an allowed origin", () => {
    // Every Referer prefix ends in "/": a bare "https://chat.example.com" prefix would let these through.
    const prefixes = [...csrf.expression.matchAll(/starts_with\([^,]+, "([^"]*)"\)/g)].map((m) => m[1] ?? "");
    expect(prefixes.length).toBe(2);
    for (const p of prefixes) expect(p.endsWith("/")).toBe(true);
    for (const referer of ["https://chat.example.com.evil.net/", "https://chat.example.com.evil.net/x", "https://chat.example.com:8443/"]) {
      expect([referer, prefixes.some((p) => referer.startsWith(p))]).toEqual([referer, false]);
      expect(ALLOWED).not.toContain(`"${referer}"`);
    }
  });

  /**
   * An absent header is a "missing value", not an empty array (cloudflare-docs ruleset-engine/rules-language/
   * values.mdx, Maps: `not len(http.request.uri.args["order"]) >= 0  # ==> true` for a key the request lacks;
   * the missing-value partial: "Any comparison `<expr> <op> <literal>` where `<expr>` evaluates to a missing
   * value will evaluate to false"). So with h absent `len(h) >= 0` and `len(h) == 0` are both false, and
   * `not len(h) >= 0` is true; with h present (at least one value) `len(h) >= 0` is true. Each header is read
   * only through that documented form, and the five cases follow from where each one stands:
   * - Origin present, allowed: branch 1's `not any(origin in allowed)` is false; branch 2's `not len(origin) >= 0` is false. Passes.
   * - Origin present, foreign: branch 1 is true. Blocked.
   * - Origin absent, Referer foreign: branch 1's `len(origin) >= 0` is false; branch 2 is true, true, not(false). Blocked.
   * - Origin absent, Referer allowed: branch 2's `not (referer allowed)` is false. Passes.
   * - Both absent: branch 2's `len(referer) >= 0` is false. Passes.
   * The form it replaces, `len(origin) == 0`, compared a missing value, so branch 2 never matched and a
   * foreign Referer without Origin passed.
   */
  test("each header's presence is tested only as the docs write it: len(h) >= 0, its absence not len(h) >= 0", () => {
    const e = csrf.expression;
    expect(e).not.toMatch(/len\([^)]*\) (==|!=|eq|ne|<|<=|>) /);
    expect(e.match(/(?:not )?len\(http\.request\.headers\["[a-z]+"\]\) [^ ]+ \d+/g)).toEqual([
      `len(${ORIGIN}) >= 0`,
      `not len(${ORIGIN}) >= 0`,
      `len(${REFERER}) >= 0`,
    ]);
  });

  test("branch 1 needs Origin present; branch 2 needs Origin absent and Referer present, then a foreign Referer", () => {
    const [branch1, branch2] = csrf.expression.slice(csrf.expression.indexOf(" and (") + " and (".length, -2).split(" or (not ");
    expect(branch1?.startsWith(`(len(${ORIGIN}) >= 0 and not any(${ORIGIN}[*] in `)).toBe(true);
    expect(`(not ${branch2}`.startsWith(`(not len(${ORIGIN}) >= 0 and len(${REFERER}) >= 0 and not (any(${REFERER}[*] in `)).toBe(true);
    // The Origin branch reads only Origin, so a Referer never lets a foreign Origin through.
    expect(branch1).not.toContain("referer");
  });

  test("with neither Origin nor Referer the rule does not block (service tokens, webhooks)", () => {
    // Both branches require a header to be present: `len(origin) >= 0`, or `len(referer) >= 0`.
    expect(csrf.expression.match(/(?<!not )len\(http\.request\.headers\["(origin|referer)"\]\) >= 0/g)).toEqual([
      `len(${ORIGIN}) >= 0`,
      `len(${REFERER}) >= 0`,
    ]);
  });

  test("the example's rule fits Cloudflare's expression length limit", () => {
    expect(csrf.expression.length).toBeLessThan(MAX_EXPRESSION_CHARS);
  });

  test("fails at load when edge.waf.allowedOrigins make the CSRF rule longer than Cloudflare allows", () => {
    const origins = Array.from({ length: 30 }, (_, i) => `https://tenant-${String(i).padStart(2, "0")}.app.example.com`);
    const text = configErrorText([[["edge", "waf", "allowedOrigins"], origins]]);
    expect(text).toMatch(
      /edge\.waf\.allowedOrigins: makes the CSRF rule expression \d{4} characters; Cloudflare allows at most 4096 in one rule expression: list fewer origins/,
    );
    expect(configErrorText([[["edge", "waf", "allowedOrigins"], origins.slice(0, 10)]])).toBe("");
  });

  test("GL-CSRF-001 passes on the synthesized rule and fails on one that ignores Referer", () => {
    const cfg = exampleConfig();
    const rule = ruleById("GL-CSRF-001");
    expect(check(rule, edgeStacks(cfg, exampleJson)).kind).toBe("compliant");
    // The earlier form, whose `len(origin) == 0` is false on a missing Origin, no longer counts.
    const stale = JSON.parse(JSON.stringify(exampleJson)) as SynthJson;
    for (const r of phaseRules(stale, "http_request_firewall_custom") as { ref: string; expression: string }[])
      if (r.ref === "csrf_foreign_origin") r.expression = r.expression.replace(`not len(${ORIGIN}) >= 0`, `len(${ORIGIN}) == 0`);
    expect(check(rule, edgeStacks(cfg, stale)).kind).not.toBe("compliant");
    const json = JSON.parse(JSON.stringify(exampleJson)) as SynthJson;
    for (const r of phaseRules(json, "http_request_firewall_custom") as { ref: string; expression: string }[]) {
      if (r.ref === "csrf_foreign_origin")
        r.expression = `(http.request.method in {"POST"} and len(${ORIGIN}) >= 0 and not any(${ORIGIN}[*] in ${ALLOWED}))`;
    }
    expect(messages(check(rule, edgeStacks(cfg, json)))).toEqual([
      expect.stringMatching(
        /^rules\[0\] \(csrf_foreign_origin\) of cloudflare_ruleset\.WafCustom_[0-9A-F]{8} checks the Origin header, but its expression is not the one golive writes for the origins it allows, so it is not known to block every POST, PUT, PATCH, DELETE whose Origin \(or, without one, Referer\) is foreign$/,
      ),
    ]);
  });
});
