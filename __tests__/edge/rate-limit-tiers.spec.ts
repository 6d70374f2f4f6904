import { configErrorText, exampleConfig, type ConfigEdit } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

const F = "config/production.yaml";

interface RateLimitRule {
  ref: string;
  action: string;
  expression: string;
  ratelimit: { period: number; requests_per_period: number; mitigation_timeout: number };
}

function rateLimitRules(edits: readonly ConfigEdit[]): RateLimitRule[] {
  const edge = synthKind(exampleConfig(edits), "edge");
  const ruleset = resourcesOf(edge, "cloudflare_ruleset").find(([, r]) => r.phase === "http_ratelimit");
  return (ruleset?.[1].rules ?? []) as RateLimitRule[];
}

const chat = (extra: Record<string, unknown> = {}) => [{ name: "chat", paths: ["/api/chat"], requestsPerPeriod: 20, ...extra }];
/** A free-plan config that writes no rate limits and no managed rulesets (those are pro+). */
const FREE: ConfigEdit[] = [
  [["cloudflare", "plan"], "free"],
  [["edge", "waf", "managed"], { cloudflare: false, owasp: false }],
  [["edge", "rateLimits"], undefined],
];

describe("rate limits: challenge actions below Enterprise", () => {
  test.each(["pro", "business"])("a managed_challenge rule on %s synthesizes with mitigation_timeout 0", (plan) => {
    const [rule] = rateLimitRules([
      [["cloudflare", "plan"], plan],
      [["edge", "rateLimits"], chat({ action: "managed_challenge" })],
    ]);
    expect(rule).toMatchObject({ action: "managed_challenge", ratelimit: { period: 60, mitigation_timeout: 0 } });
  });

  test("a managed_challenge rule may write mitigationTimeout 0", () => {
    expect(configErrorText([[["edge", "rateLimits"], chat({ action: "managed_challenge", mitigationTimeout: 0 })]])).toBe("");
  });

  test.each(["free", "pro", "business"])("fails on a non-zero timeout with a challenge action on %s, naming the field", (plan) => {
    const text = configErrorText([
      ...FREE,
      [["cloudflare", "plan"], plan],
      [["edge", "rateLimits"], chat({ action: "managed_challenge", mitigationTimeout: 10, period: 10 })],
    ]);
    expect(text).toBe(
      `${F}: edge.rateLimits[0].mitigationTimeout: a 10s mitigation timeout with the managed_challenge action (allowed: 0; with 0 Cloudflare challenges each request over the rate) is not available on the ${plan} plan; needs enterprise or higher`,
    );
  });

  test("Enterprise may hold a challenge for a duration", () => {
    expect(
      configErrorText([
        [["cloudflare", "plan"], "enterprise"],
        [["edge", "rateLimits"], chat({ action: "managed_challenge", mitigationTimeout: 600 })],
      ]),
    ).toBe("");
  });

  test("a block rule still refuses 0 below Enterprise (0 would mean throttling, an Enterprise option)", () => {
    expect(configErrorText([[["edge", "rateLimits"], chat({ mitigationTimeout: 0 })]])).toContain(
      `${F}: edge.rateLimits[0].mitigationTimeout: a 0s mitigation timeout (allowed: 10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600) is not available on the pro plan; needs enterprise or higher`,
    );
  });
});

describe("rate limits: defaults follow the plan", () => {
  test("a minimal free-plan config is valid: the defaults it never wrote fit free", () => {
    expect(configErrorText(FREE)).toBe("");
    expect(configErrorText([...FREE, [["edge", "rateLimits"], chat()]])).toBe("");
    expect(configErrorText([...FREE, [["edge", "rateLimits"], chat({ action: "managed_challenge" })]])).toBe("");
  });

  test("omitted on free, one rule (free's only one) covers chat and tool paths in a 10 s period", () => {
    const rules = rateLimitRules(FREE);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      ref: "ratelimit_api",
      action: "block",
      ratelimit: { period: 10, requests_per_period: 5, mitigation_timeout: 10 },
    });
    for (const path of ["/api/chat", "/api/tools", "/api/actions"]) expect(rules[0]?.expression).toContain(`"${path}"`);
  });

  test("a free-plan rule without period or timeout gets 10 s each", () => {
    const [rule] = rateLimitRules([...FREE, [["edge", "rateLimits"], chat()]]);
    expect(rule?.ratelimit).toMatchObject({ period: 10, mitigation_timeout: 10 });
  });

  test.each(["pro", "business", "enterprise"])("omitted on %s, the chat and tools defaults apply and are valid", (plan) => {
    const edits: ConfigEdit[] = [
      [["cloudflare", "plan"], plan],
      [["edge", "rateLimits"], undefined],
    ];
    expect(configErrorText(edits)).toBe("");
    expect(rateLimitRules(edits).map((r) => [r.ref, r.ratelimit.period, r.ratelimit.mitigation_timeout])).toEqual([
      ["ratelimit_chat", 60, 60],
      ["ratelimit_tools", 60, 3600],
    ]);
  });

  test("written values are still checked against the plan (free allows one rule and a 10 s period)", () => {
    const text = configErrorText([
      ...FREE,
      [
        ["edge", "rateLimits"],
        [...chat({ period: 60 }), { name: "tools", paths: ["/api/tools"], requestsPerPeriod: 2 }],
      ],
    ]);
    expect(text).toContain(
      `${F}: edge.rateLimits: 2 rate-limiting rules (1 allowed) is not available on the free plan; needs pro or higher`,
    );
    expect(text).toContain(
      `${F}: edge.rateLimits[0].period: a 60s period (allowed: 10) is not available on the free plan; needs pro or higher`,
    );
  });
});

describe("rate limits: periods and timeouts follow Cloudflare's availability table", () => {
  const PRO_PERIODS = "10, 15, 20, 30, 40, 45, 60";

  test.each([
    [30, 30],
    [45, 300],
    [60, 3600],
  ])("a %is period with a %is timeout is accepted on pro", (period, mitigationTimeout) => {
    expect(configErrorText([[["edge", "rateLimits"], chat({ period, mitigationTimeout })]])).toBe("");
    const [rule] = rateLimitRules([[["edge", "rateLimits"], chat({ period, mitigationTimeout })]]);
    expect(rule?.ratelimit).toMatchObject({ period, mitigation_timeout: mitigationTimeout });
  });

  test("fails on a 61 s period, which no plan allows, naming pro's values", () => {
    expect(configErrorText([[["edge", "rateLimits"], chat({ period: 61 })]])).toBe(
      `${F}: edge.rateLimits[0].period: a 61s period (allowed: ${PRO_PERIODS}) is not available on the pro plan; no plan allows it`,
    );
  });

  test("fails on a 600 s period on pro, naming business", () => {
    expect(configErrorText([[["edge", "rateLimits"], chat({ period: 600 })]])).toBe(
      `${F}: edge.rateLimits[0].period: a 600s period (allowed: ${PRO_PERIODS}) is not available on the pro plan; needs business or higher`,
    );
  });

  test("fails on a one-day timeout on pro (up to an hour), naming business", () => {
    expect(configErrorText([[["edge", "rateLimits"], chat({ mitigationTimeout: 86400 })]])).toBe(
      `${F}: edge.rateLimits[0].mitigationTimeout: a 86400s mitigation timeout (allowed: 10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600) is not available on the pro plan; needs business or higher`,
    );
  });

  test("fails on a 15 s period on free (10 s only), naming pro", () => {
    expect(configErrorText([...FREE, [["edge", "rateLimits"], chat({ period: 15 })]])).toBe(
      `${F}: edge.rateLimits[0].period: a 15s period (allowed: 10) is not available on the free plan; needs pro or higher`,
    );
  });

  test("business takes periods up to 600 s and a one-day timeout; a 900 s period needs enterprise", () => {
    const business = (extra: Record<string, unknown>): ConfigEdit[] => [
      [["cloudflare", "plan"], "business"],
      [["edge", "rateLimits"], chat(extra)],
    ];
    expect(configErrorText(business({ period: 600, mitigationTimeout: 86400 }))).toBe("");
    expect(configErrorText(business({ period: 900 }))).toBe(
      `${F}: edge.rateLimits[0].period: a 900s period (allowed: ${PRO_PERIODS}, 90, 120, 180, 240, 300, 480, 600) is not available on the business plan; needs enterprise or higher`,
    );
  });
});
