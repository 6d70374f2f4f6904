import { createHmac } from "node:crypto";
import { mayHoldCredential } from "../../lib/core/credential-shapes";
import { redactCredentials } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { mayNameToolPassword } from "../../lib/core/plan/tool-passwords";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { addressParts, contextPlan } from "./fixtures";

// Credentials shaped as in secretlint's and gitleaks' own test corpora, which an audit planted in plans.
// Each is assembled at run time: the repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const rep = (alphabet: string, n: number) => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join("");
const ALNUM = "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY";
const HEX = "0123456789abcdef";

/** A JWT signed with HS256 (header, claims, signature), its claims as given. */
function jwt(claims: Readonly<Record<string, unknown>>): { token: string; claims: string; signature: string } {
  const head = Buffer.from(JSON.stringify({ alg: "HS256" })).toString("base64url");
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const signature = createHmac("sha256", "golive-corpus").update(`${head}.${body}`).digest("base64url");
  return { token: `${head}.${body}.${signature}`, claims: body, signature };
}
const SHORT_JWT = jwt({ sub: "1234" });
/** Claims of 100 and more characters: the long-run rule used to take them and leave the signature. */
const LONG_JWT = jwt({ sub: "1234567890", name: "John Doe", iat: 1516239022, exp: 1516239022, aud: "https://example.com" });
const CURL_PASSWORD = j("pRf7vG2h", "1L8nQkW9");
const INSTALLATION_TOKEN = j("gh", "s_12345_", SHORT_JWT.token);
const APP_TOKEN = j("xa", "pp-1-A052FGTS2DL-5171572773297-", "610b6a11f4b7eb819e87b767d80e6575a3634791acb9a9ead051da87");
const CURL_SINGLE = j("curl --user kevin:'", CURL_PASSWORD, "' https://api.example");
const CURL_DOUBLE = j('curl --user "kevin":"', CURL_PASSWORD, '" https://api.example');
/** Sentry's claims are standard base64 (`+`, `/`, `=`), between `sntrys_` and `_<secret>`. */
const SENTRY_CLAIMS = Buffer.from(JSON.stringify({ iat: 1684000000.5, url: "https://sentry.io", org: "acme" })).toString("base64");
const SENTRY_ORG_TOKEN = j("sntr", "ys_", SENTRY_CLAIMS, "_", rep(`${ALNUM}+/`, 43));

interface Case {
  /** What the audit planted. */
  readonly name: string;
  /** The value a plan holds. */
  readonly value: string;
  /** What must never be shown. */
  readonly secrets: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: "a JWT after a word (`id_<JWT>`)",
    value: j("id_", SHORT_JWT.token),
    secrets: [SHORT_JWT.claims, SHORT_JWT.signature],
  },
  { name: "a GitHub installation token ghs_<app id>_<JWT>", value: INSTALLATION_TOKEN, secrets: [SHORT_JWT.claims, SHORT_JWT.signature] },
  { name: "a JWT whose claims run 100 characters and more", value: LONG_JWT.token, secrets: [LONG_JWT.signature] },
  {
    name: "a Slack app-level token (its last part longer than 40 characters)",
    value: APP_TOKEN,
    secrets: ["610b6a11f4b7eb819e87b767d80e6575", "5171572773297"],
  },
  { name: "curl's password in single quotes after the user", value: CURL_SINGLE, secrets: [CURL_PASSWORD] },
  { name: "curl's user and password each in double quotes", value: CURL_DOUBLE, secrets: [CURL_PASSWORD] },
  {
    name: "curl's user in quotes, its password bare",
    value: j("curl -u 'kevin':", CURL_PASSWORD, " https://api.example"),
    secrets: [CURL_PASSWORD],
  },
  {
    name: "a Slack webhook over plain http",
    value: j("http://hooks.sl", "ack.com/services/", "T024BE7LD/B01234567/", rep(ALNUM, 24)),
    secrets: [rep(ALNUM, 24), "B01234567"],
  },
  { name: "a Sentry organization token", value: SENTRY_ORG_TOKEN, secrets: [rep(`${ALNUM}+/`, 43), SENTRY_CLAIMS.slice(0, 24)] },
  { name: "a Sentry user token", value: j("sntr", "yu_", rep(HEX, 64)), secrets: [rep(HEX, 64)] },
  ...[
    ["a GitLab runner authentication token", "glrt-", rep(ALNUM, 20)],
    ["a routable GitLab runner authentication token", "glrt-", j("t1_", rep(ALNUM, 27), ".", "01", "a2b3c4d")],
    ["a GitLab runner token made by registration", "glrtr-", rep(ALNUM, 20)],
    ["a GitLab runner registration token", "GR1348941", rep(ALNUM, 20)],
    ["a GitLab deploy token", "gldt-", rep(ALNUM, 20)],
    ["a GitLab pipeline trigger token", "glptt-", rep(HEX, 40)],
    ["a GitLab CI/CD job token", "glcbt-", j("64_", rep(ALNUM, 20))],
    ["a GitLab OAuth application secret", "gloas-", rep(ALNUM, 64)],
    ["a GitLab feed token", "glft-", rep(ALNUM, 20)],
    ["a GitLab incoming mail token", "glimt-", rep(ALNUM, 25)],
    ["a GitLab agent token", "glagent-", rep(ALNUM, 50)],
    ["a GitLab SCIM token", "glsoat-", rep(ALNUM, 20)],
    ["a GitLab feature flag client token", "glffct-", rep(ALNUM, 20)],
    ["a GitLab runner token after an instance prefix", "acme-glrt-", rep(ALNUM, 20)],
  ].map(([name = "", prefix = "", secret = ""]) => ({ name, value: j(prefix, secret), secrets: [secret.slice(3, 19)] })),
];

/** The values in inputs and outputs (contextPlan), and the installation token as a for_each key, as the audit had it. */
function corpusPlan(): string {
  const plan: { resource_changes: unknown[] } = JSON.parse(
    contextPlan(
      CASES.map((c) => c.value),
      2,
    ),
  );
  const address = `terraform_data.installation["${INSTALLATION_TOKEN}"]`;
  plan.resource_changes.push({
    address,
    ...addressParts(address),
    change: { actions: ["create"], before: null, after: { input: "x" }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
  });
  return JSON.stringify(plan);
}

describe("redaction: credentials of secretlint's and gitleaks' corpora never reach the comment", () => {
  const r = renderPlanReport([{ stack: "app-staging", file: "p.json", plan: parsePlanJson("p.json", corpusPlan()) }], "r.md");

  test.each(CASES.map((c) => [c.name, c] as const))("%s: hidden in the comment, the full report and the JSON", (_, c) => {
    for (const [where, text] of Object.entries({ comment: r.comment, full: r.fullMarkdown, json: r.json }))
      expect({ where, shown: c.secrets.filter((s) => text.includes(s)) }).toEqual({ where, shown: [] });
  });

  test.each(CASES.map((c) => [c.name, c] as const))("%s: redacted as a value, and the quick check lets it through", (_, c) => {
    expect(mayHoldCredential(c.value) || mayNameToolPassword(c.value)).toBe(true);
    for (const out of [redactCredentials(c.value), redactCredentials(JSON.stringify(c.value))]) {
      expect(out).toContain(REDACTED_VALUE);
      expect(c.secrets.filter((s) => out.includes(s))).toEqual([]);
    }
  });

  test("a token goes whole; the word before a JWT, the program, its options and the user stay readable", () => {
    expect(redactCredentials(INSTALLATION_TOKEN)).toBe(j("gh", "s_12345_", REDACTED_VALUE));
    expect(redactCredentials(LONG_JWT.token)).toBe(REDACTED_VALUE);
    expect(redactCredentials(APP_TOKEN)).toBe(REDACTED_VALUE);
    expect(redactCredentials(SENTRY_ORG_TOKEN)).toBe(REDACTED_VALUE);
    expect(redactCredentials(CURL_SINGLE)).toBe(`curl --user kevin:'${REDACTED_VALUE}' https://api.example`);
    expect(redactCredentials(JSON.stringify(CURL_DOUBLE))).toBe(
      JSON.stringify(`curl --user "kevin":"${REDACTED_VALUE}" https://api.example`),
    );
    expect(r.comment).toContain(j("gh", "s_12345_", REDACTED_VALUE));
  });

  test.each([
    'curl --user "kevin":"$PASS" https://api.example',
    j('curl --user "$USER":"$', '{PASS}" https://api.example'),
    "curl --user 'kevin':$PASS https://api.example",
    j("curl --user kevin:$", "{PASS} https://api.example"),
    'curl -u "admin" "https://example.com"',
    "curl -H 'Accept: a:b' -u 'admin' https://example.com",
    "http://hooks.example.com/services/status",
    "glft-docs and gldt-short-name",
    "the key eyJ is no token; nor is eyJhbGci.short",
  ])("shown: %s", (text) => {
    expect(redactCredentials(JSON.stringify(text))).toBe(JSON.stringify(text));
  });
});
