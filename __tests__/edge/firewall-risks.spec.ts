import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";
import { bothReviews, edgeBlock } from "./edge-risks.helpers";

const edge = (): SynthJson => synthKind(exampleConfig(), "edge");
type Rule = Record<string, unknown> & { ratelimit?: Record<string, unknown>; action_parameters?: Record<string, unknown> };

/** The stack with rule `index` of the ruleset `prefix` changed by `edit`. */
function editRule(prefix: string, index: number, edit: (rule: Rule) => Rule): SynthJson {
  const head = edge();
  const [, ruleset] = edgeBlock(head, "cloudflare_ruleset", prefix);
  ruleset.rules = (ruleset.rules as Rule[]).map((r, i) => (i === index ? edit(structuredClone(r)) : r));
  return head;
}

/** Each review's flags with the address's hash dropped: `waf-loosened cloudflare_ruleset.WafCustom: ...`. */
const reviewed = (head: SynthJson) => bothReviews(edge(), head).map((flags) => flags.map((f) => f.replace(/_[0-9A-F]{8}:/, ":")));

const ratelimit =
  (requests: number, period: number) =>
  (r: Rule): Rule => ({
    ...r,
    ratelimit: { ...r.ratelimit, requests_per_period: requests, period },
  });

describe("plan review: a protective rule that matches, runs or counts something else", () => {
  test("a block rule's expression set to false, or changed, is flagged in both reviews", () => {
    for (const flags of reviewed(editRule("WafCustom", 1, (r) => ({ ...r, expression: "false" }))))
      expect(flags).toEqual([
        'waf-loosened cloudflare_ruleset.WafCustom: http_request_firewall_custom: "Admin paths only from configured networks" expression now "false": it matches no request',
      ]);
    for (const flags of reviewed(editRule("WafCustom", 1, (r) => ({ ...r, expression: 'http.host eq "nothing.example.com"' }))))
      expect(flags).toEqual([
        expect.stringMatching(
          /^waf-loosened cloudflare_ruleset\.WafCustom: http_request_firewall_custom: "Admin paths only from configured networks" expression changed: review it matches what it did \(was ".+"\)$/,
        ),
      ]);
  });

  test('another managed ruleset run, a higher OWASP score threshold and a string "false" override are flagged in both reviews', () => {
    const head = editRule("WafManaged", 1, (r) => {
      const overrides = r.action_parameters?.overrides as { rules: Record<string, unknown>[] };
      return {
        ...r,
        action_parameters: {
          id: "0000000000000000000000000000000a",
          overrides: { rules: overrides.rules.map((o) => ({ ...o, score_threshold: 60 })) },
        },
      };
    });
    const [, managed] = edgeBlock(head, "cloudflare_ruleset", "WafManaged");
    const first = (managed.rules as Rule[])[0] as Rule;
    first.action_parameters = { ...first.action_parameters, overrides: { rules: [{ id: "x1", enabled: "false" }] } };
    const name = 'waf-loosened cloudflare_ruleset.WafManaged: http_request_firewall_managed: "Cloudflare';
    for (const flags of reviewed(head))
      expect(flags).toEqual([
        `${name} Managed Ruleset" managed ruleset overrides now disable or only log more rules`,
        `${name} OWASP Core Ruleset (block at anomaly score 40)" runs another managed ruleset: id "4814384a9e5d4991b9815dcfc25d2f1f" -> "0000000000000000000000000000000a"`,
        `${name} OWASP Core Ruleset (block at anomaly score 40)" rules 6179ae15870a4bb7b2d480d4843b323c score_threshold raised: 40 -> 60 (blocks fewer requests)`,
      ]);
  });

  test("a lower OWASP score threshold raises no flag", () => {
    const head = editRule("WafManaged", 1, (r) => {
      const overrides = r.action_parameters?.overrides as { rules: Record<string, unknown>[] };
      return {
        ...r,
        action_parameters: { ...r.action_parameters, overrides: { rules: overrides.rules.map((o) => ({ ...o, score_threshold: 25 })) } },
      };
    });
    for (const flags of reviewed(head)) expect(flags).toEqual([]);
  });

  test("rate-limit characteristics changed and a counting_expression added are flagged in both reviews", () => {
    const head = editRule("RateLimits", 0, (r) => ({
      ...r,
      ratelimit: { ...r.ratelimit, characteristics: ["cf.colo.id"], counting_expression: "http.response.code eq 401" },
    }));
    const name = 'waf-loosened cloudflare_ruleset.RateLimits: http_ratelimit: "Rate limit chat: 30 requests per 60s per IP"';
    for (const flags of reviewed(head))
      expect(flags).toEqual([
        `${name} characteristics ["cf.colo.id","ip.src"] -> ["cf.colo.id"]: requests are counted per another key`,
        `${name} counting_expression (unset) -> "http.response.code eq 401": only the requests it matches count`,
      ]);
  });
});

describe("plan review: a rate limit is judged by its rate, not its count", () => {
  test("30 per 60s -> 60 per 3600s (30 times stricter) raises no flag", () => {
    for (const flags of reviewed(editRule("RateLimits", 0, ratelimit(60, 3600)))) expect(flags).toEqual([]);
  });

  test("30 per 60s -> 60 per 60s and 30 per 60s -> 30 per 30s are flagged in both reviews", () => {
    const name = 'waf-loosened cloudflare_ruleset.RateLimits: http_ratelimit: "Rate limit chat: 30 requests per 60s per IP"';
    for (const flags of reviewed(editRule("RateLimits", 0, ratelimit(60, 60))))
      expect(flags).toEqual([`${name} requests_per_period 30 -> 60`]);
    for (const flags of reviewed(editRule("RateLimits", 0, ratelimit(30, 30))))
      expect(flags).toEqual([`${name} allowed rate up: 30/60s -> 30/30s`]);
  });
});
