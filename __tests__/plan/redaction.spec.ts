import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { addressParts, fixtureText } from "./fixtures";
import { createdOutputs, lambdaVariablesChange, reviewOfVariables } from "./lambda-variables";
import { mayHoldCredential } from "../../lib/core/credential-shapes";
import { redactCredentials } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import patterns from "../../lib/core/secret-patterns.json";
import { VENDOR_TOKENS } from "./vendor-tokens";

// Credential-shaped values are assembled at run time: the repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const rep = (alphabet: string, n: number) => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join("");
const ALNUM = "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY";

/** One of each kind issue #14 saw leak, by name. */
const CREDENTIALS: Readonly<Record<string, string>> = {
  "AWS access key id": j("AKIA", "QX7RZ2M4KD9WJ3HT"),
  "AWS secret access key": j("q8Zr/3Kd+Wm7", "Tx2Pv9Lb4Nc6Hj1Fs5Gy0Qa/Ue8R"),
  "AWS session token": j("IQoJb3JpZ2luX2Vj", rep("zyxwvutsrqponmlkjihgfedcba9876543210ZYXWVUTSRQPONMLKJIHGFEDCBA+/", 180)),
  "GitHub classic token": j("gh", "p_", rep(ALNUM, 36)),
  "GitHub fine-grained token": j("github", "_pat_", rep(ALNUM, 22), "_", rep(ALNUM, 59)),
  "Slack token": j("xo", "xb-", "123456789012-1234567890123-", rep(ALNUM, 24)),
  "Stripe live key": j("sk", "_live_", rep(ALNUM, 30)),
  "Google API key": j("AI", "za", rep(`${ALNUM}_-`, 35)),
  JWT: j("eyJ", "hbGciOiJIUzI1NiJ9", ".", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
  "password in a Postgres URL": j("postgres://app:", "Vq8pLm2Rz", "@db.internal.example:5432/app"),
  "Cloudflare API token": j("Xk4", rep(ALNUM, 34), "-9z"),
  "Discord webhook": j("https://discord.com/api/webhooks/", "123456789012345678/", rep(ALNUM, 68)),
  "npm token": j("np", "m_", rep(ALNUM, 36)),
  "Azure connection string": j(
    "DefaultEndpointsProtocol=https;AccountName=ops;AccountKey=",
    rep(ALNUM, 86),
    "==;EndpointSuffix=core.windows.net",
  ),
  "password= assignment": j("password", "=", "Ge7hT2kPq9"),
  "Datadog key in an assignment": j("DD_API", "_KEY=", "0f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e"),
};

/** What must never appear: the secret part of each (the whole value, or what follows its fixed prefix). */
function secretPart(value: string): string {
  const assignment = /=([^;=]+)$/.exec(value)?.[1];
  if (value.startsWith("password") || value.startsWith("DD_API")) return assignment ?? value;
  if (value.startsWith("postgres://")) return "Vq8pLm2Rz";
  if (value.startsWith("DefaultEndpoints")) return rep(ALNUM, 86).slice(10, 40);
  return value.slice(Math.max(0, value.length - 24));
}

const PEM_BODY = rep("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64);
const PEM = j("-----BEGIN RSA PRIVATE", " KEY-----\n", PEM_BODY, "\n", PEM_BODY, "\n-----END RSA PRIVATE", " KEY-----");
const PEM_CUT = j("-----BEGIN PRIVATE", " KEY-----\n", PEM_BODY, "\n", PEM_BODY.slice(0, 30));
const MARKED = "golive-malformed-mark-value-4e1f";

function dns(address: string, actions: string[], before: string | null, after: string | null, extra: Record<string, unknown> = {}) {
  const rec = (content: string) => ({ name: "t.example.com", type: "TXT", content, ttl: 300 });
  return {
    address,
    ...addressParts(address),
    change: {
      actions,
      before: before === null ? null : rec(before),
      after: after === null ? null : rec(after),
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
      ...extra,
    },
  };
}

/** A plan with every kind in TXT contents, Lambda environment variables, outputs, an address and a replace's before. */
function hostilePlan(): string {
  const kinds = Object.values(CREDENTIALS);
  const env = Object.fromEntries(kinds.map((v, i) => [`SETTING_${i}`, v]));
  return JSON.stringify({
    format_version: "1.2",
    resource_changes: [
      ...kinds.map((v, i) => dns(`cloudflare_dns_record.t${i}`, ["update"], "old", `prefix ${v} suffix`)),
      dns(`cloudflare_dns_record.keyed["${CREDENTIALS["GitHub classic token"]}"]`, ["create"], null, "x"),
      dns("cloudflare_dns_record.replaced", ["delete", "create"], `before ${CREDENTIALS["Stripe live key"]}`, "after", {
        replace_paths: [["content"]],
      }),
      dns("cloudflare_dns_record.pem", ["update"], "old", PEM),
      dns("cloudflare_dns_record.pemcut", ["update"], "old", PEM_CUT),
      dns(
        "cloudflare_dns_record.slack",
        ["update"],
        "old",
        j("https://hooks.slack.com/services/T01234567/B01234567/", rep(ALNUM, 24), '" and "more'),
      ),
      dns("cloudflare_dns_record.marked", ["update"], "old", MARKED, { after_sensitive: "true" }),
      dns("cloudflare_dns_record.marked2", ["update"], "old", `${MARKED}-2`, { after_sensitive: { content: 1 } }),
      dns("cloudflare_dns_record.lone\ud800", ["update"], "old", "new"),
      lambdaVariablesChange({ ...env, API_TOKEN: "plain-looking-value-1234" }),
    ],
    output_changes: createdOutputs(Object.fromEntries(kinds.map((v, i) => [`out_${i}`, v]))),
  });
}

describe("redaction fails closed on a hostile plan", () => {
  const plan = parsePlanJson("hostile.json", hostilePlan());
  const failure = { stack: "app-staging", step: "plan", message: `Error: ${CREDENTIALS["GitHub classic token"]}\n${PEM_CUT}` };
  const r = renderPlanReport([{ stack: "edge-production", file: "hostile.json", plan }], "r.md", undefined, [failure]);
  const texts = { comment: r.comment, full: r.fullMarkdown, json: r.json };

  test.each(Object.entries(CREDENTIALS))("a %s never reaches the comment, the full report or the JSON", (_, value) => {
    for (const [where, text] of Object.entries(texts))
      expect({ where, leaked: text.includes(secretPart(value)) }).toEqual({ where, leaked: false });
  });

  test("a private key is hidden whole, also when the value ends before its END line, and in a failure message", () => {
    for (const text of Object.values(texts)) {
      expect(text).not.toContain(PEM_BODY.slice(0, 40));
      expect(text).not.toContain(PEM_BODY.slice(-40));
    }
    expect(r.comment).toMatch(/cloudflare_dns_record\.pemcut\n {4}content: "old" -> "\(redacted\)/);
  });

  test("an unmarked value under a secret-named key is not shown; a malformed sensitivity mark hides its value", () => {
    expect(r.comment).toContain(`environment[0].variables.API_TOKEN: null -> ${REDACTED_VALUE}`);
    expect(r.comment).not.toContain("plain-looking-value-1234");
    for (const text of Object.values(texts)) expect(text).not.toContain(MARKED);
    expect(r.comment).toMatch(/cloudflare_dns_record\.marked\n {4}\(value\): \{[^\n]*\} -> \(sensitive\)\n/);
    expect(r.comment).toMatch(/cloudflare_dns_record\.marked2\n {4}content: "old" -> \(sensitive\)\n/);
  });

  test("the JSON output stays valid JSON (a redacted Slack URL before an escaped quote, a lone surrogate)", () => {
    const json = JSON.parse(r.json);
    expect(json.stacks[0].changes.some((c: { address: string }) => c.address === "cloudflare_dns_record.lone\ud800")).toBe(true);
    const slack = json.stacks[0].changes.find((c: { address: string }) => c.address === "cloudflare_dns_record.slack");
    expect(slack.attributes).toEqual([{ path: "content", before: '"old"', after: '"(redacted)\\" and \\"more"' }]);
  });

  test("ordinary values stay readable: construct ids, ARNs, hashes and settings are not redacted", () => {
    const ordinary = [
      "cloudflare_zero_trust_access_application.Access_app-api-example-com-admin_3A575968",
      "edge-production/Access/app-api-example-com-admin/Resource",
      "arn:aws:iam::111111111111:role/opsbot-production-deploy",
      "arn:aws:secretsmanager:us-east-1:111111111111:secret:inline-secret-gQgRvQ",
      '{"Resource":"arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-password-Ab12Cd"}',
      "arn:aws:ssm:us-east-1:111111111111:parameter/app/api_token",
      "5e0c3801-c889-5fe8-3408-e6e2ba45fb7e",
      "0123456789abcdef0123456789abcdef",
      '{"token_ttl":3600,"require_password":true,"password_length":16}',
      "v=DMARC1; p=reject; rua=mailto:dmarc@example.com",
    ];
    for (const text of ordinary) expect(redactCredentials(text)).toBe(text);
  });
});

/** An example of each shared pattern (lib/core/secret-patterns.json) that applies to plan values, by name. */
const SHARED_EXAMPLES: Readonly<Record<string, string>> = {
  "AWS access key id": CREDENTIALS["AWS access key id"] ?? "",
  "private key block": PEM,
  "GitHub token": CREDENTIALS["GitHub classic token"] ?? "",
  "Cloudflare API token or key (cfut_, cfat_, cfk_)": j(
    "cf",
    "ut_",
    rep("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40),
    "0a1b2c3d",
  ),
  "Stripe secret or restricted key": CREDENTIALS["Stripe live key"] ?? "",
  "Tailscale key": j("tskey-", "auth-", "kAbC1234XyZ", "-", rep(ALNUM, 30)),
  "Google API key (AIza..., Gemini, Maps, Firebase)": CREDENTIALS["Google API key"] ?? "",
  "Anthropic admin key (sk-ant-admin01-)": j("sk", "-ant-admin01-", rep(`${ALNUM}_-`, 93), "AA"),
  "Perplexity API key (pplx-)": j("pp", "lx-", rep(ALNUM, 48)),
  "API key (sk-...)": j("sk", "-proj-", rep(ALNUM, 30)),
  "Slack webhook URL": j("https://hooks.slack.com/services/", "T01234567/B01234567/", rep(ALNUM, 24)),
  "PagerDuty integration URL": j("https://events.pagerduty.com/integration/", "0123456789abcdef0123456789abcdef", "/enqueue"),
  "password in a URL": CREDENTIALS["password in a Postgres URL"] ?? "",
  "Twilio API key (SK + 32 hex)": j("S", "K", rep("0123456789abcdef", 32)),
  "Mailgun API key (key- + 32 hex)": j("ke", "y-", rep("0123456789abcdef", 32)),
  "GitLab token (glpat-, glrt-, gldt-, glptt-, glcbt-, gloas-, glft-, glimt-, glagent-, glsoat-, glffct-, GR1348941)": j(
    "glr",
    "t-",
    rep(ALNUM, 20),
  ),
  "Sentry auth token (sntrys_, sntryu_)": j("sntr", "yu_", rep("0123456789abcdef", 64)),
  "bearer token in an Authorization header (40 or more characters, not a $reference or a placeholder)": j(
    "Authorization: Bear",
    "er ",
    rep(ALNUM, 40),
  ),
  "Cloudflare API token or Global API key under a token or key nested in a cloudflare/cf object (JSON)": j(
    '{"cloudflare": {"tok',
    'en": "',
    rep(ALNUM, 40),
    '"}}',
  ),
  "Cloudflare API token or Global API key under a token or key nested in a cloudflare/cf block (YAML, up to 8 lines down)": j(
    "cf:\n  api_tok",
    "en: ",
    rep(ALNUM, 40),
  ),
  'Cloudflare API token or Global API key in an HCL block labelled cloudflare/cf or an object assigned to cloudflare/cf (provider "cloudflare" { api_token = ... }, variable "cloudflare_api_token" { default = ... }, cloudflare = { apiToken: ... })':
    j('provider "cloudflare" {\n  api_tok', 'en = "', rep(ALNUM, 40), '"\n}'),
  "Cloudflare API token or Global API key passed to a Cloudflare client or provider (new CloudflareProvider(this, id, { apiToken }), CloudFlare.CloudFlare(token=...), new Cloudflare({ apiToken }))":
    j("CloudFlare.CloudFlare(tok", 'en="', rep(ALNUM, 40), '")'),
  "Cloudflare Global API key (37 hex) in an X-Auth-Key header": j("X-Auth", "-Key: ", rep("0123456789abcdef", 37)),
  "Cloudflare API token or Global API key after a cloudflare/cf token or key name and a space (Dockerfile ENV NAME value, --cloudflare-api-token value)":
    j("ENV CLOUDFLARE_API", "_TOKEN ", rep(ALNUM, 40)),
  "Cloudflare API token or Global API key on the command line of a Cloudflare tool (flarectl, wrangler, cf-terraforming, cloudflared: --api-token, --token, --api-key, --key)":
    j("flarectl --api", "-token ", rep(ALNUM, 40), " zone list"),
  ...Object.fromEntries(Object.entries(VENDOR_TOKENS).map(([name, { token }]) => [name, token])),
};

describe("the quick check before redaction never skips a credential", () => {
  const shared = patterns.values.filter((p) => p.in === "any" || p.in === "terraform-json");

  test.each(shared.map((p) => [p.name, p.pattern]))(
    "the shared pattern %s has an example here, and the check lets it through",
    (name, pattern) => {
      const example = SHARED_EXAMPLES[name];
      expect(example).toBeDefined();
      const [, source = "", flags = ""] = /^\/(.+)\/([a-z]*)$/s.exec(pattern) ?? [];
      expect(new RegExp(source, `${flags}u`).test(example ?? "")).toBe(true);
      expect(mayHoldCredential(example ?? "")).toBe(true);
      expect(redactCredentials(example ?? "")).not.toBe(example);
    },
  );

  test.each(Object.entries(CREDENTIALS))("%s passes the check, in any letter case", (_, value) => {
    expect(mayHoldCredential(value)).toBe(true);
    expect(mayHoldCredential(value.toUpperCase())).toBe(true);
  });
});

describe("a name inside a colon path (an ARN) is no assignment; a name before one still is", () => {
  test("a real plan moving a policy from one secret's ARN to another's shows both ARNs", () => {
    const plan = parsePlanJson("secret-arn.json", fixtureText("offline", "secret-arn.json"));
    const r = renderPlanReport([{ stack: "secret-arn", file: "secret-arn.json", plan }], "r.md");
    for (const text of [r.comment, r.json]) {
      expect(text).toContain("arn:aws:secretsmanager:us-east-1:123456789012:secret:inline-secret-gQgRvQ");
      expect(text).toContain("arn:aws:secretsmanager:us-east-1:123456789012:secret:sep-secret-mCOyDc");
      expect(text).not.toContain(REDACTED_VALUE);
    }
  });

  const HEX = rep("0123456789abcdef", 32);
  const AWS_EXAMPLE = j("wJalrXUtnFEMI", "/K7MDENG/bPxRfiCY", "EXAMPLEKEY");
  test.each([
    ["secret:", j("secret", ":abc123"), "abc123"],
    ["secret: (YAML)", j("secret", ": abc123"), "abc123"],
    ["db_secret: at the start of a line of a multi-line value", j("x\ndb_secret", ": hunter2x"), "hunter2x"],
    ["password= after a colon (not a path: = follows)", j("env:pass", "word=hunter2x"), "hunter2x"],
    ["a JSON secret", j('{"sec', 'ret":"abc123"}'), "abc123"],
    ["a JSON-escaped secret", j('{\\"sec', 'ret\\":\\"abc123\\"}'), "abc123"],
    ["a hex key after token:", j("token", ":", HEX), HEX],
    ["AWS's example secret key after aws_secret_access_key:", j("aws_secret", "_access_key:", AWS_EXAMPLE), AWS_EXAMPLE],
  ])("%s stays redacted", (_, text, secret) => {
    expect(redactCredentials(text)).not.toContain(secret);
    expect(redactCredentials(text)).toContain(REDACTED_VALUE);
  });
});

describe("credential shapes without a fixed prefix, told by their name or context", () => {
  const HEX = "0123456789abcdef";
  const hex = (n: number) => rep(HEX, n);
  // AWS's documented example secret access key: only one digit, so no random-run shape matches it alone.
  const AWS_EXAMPLE = j("wJalrXUtnFEMI", "/K7MDENG/bPxRfiCY", "EXAMPLEKEY");
  const DB_PASSWORD = j("Vq8p", "Lm2Rz");

  test.each([
    ["AWS's example secret key assigned to AWS_SECRET_KEY", j("AWS_SECRET", "_KEY=", AWS_EXAMPLE), AWS_EXAMPLE],
    ["AWS's example secret key after a secret-named word", j("aws configure set aws_secret", "_access_key ", AWS_EXAMPLE), AWS_EXAMPLE],
    ["a password in a URL with an empty user", j("redis://:", DB_PASSWORD, "@cache.internal:6379/0"), DB_PASSWORD],
    ["a DB_PASS= assignment", j("DB_", "PASS=", DB_PASSWORD), DB_PASSWORD],
    ["a Datadog API key (32 hex) after a key name", j("DATADOG", "_KEY=", hex(32)), hex(32)],
    ["a Datadog application key (40 hex) in JSON", j('{"datadog_application', '_key":"', hex(40), '"}'), hex(40)],
    ["a Cloudflare global API key (37 hex) in a header", j("X-Auth", "-Key: ", hex(37)), hex(37)],
  ])("%s is redacted", (_, text, secret) => {
    expect(mayHoldCredential(text)).toBe(true);
    expect(redactCredentials(text)).not.toContain(secret);
    expect(redactCredentials(text)).toContain(REDACTED_VALUE);
  });

  test("the shared pattern (the secret scan's too) knows a URL password with an empty user", () => {
    const shared = patterns.values.find((p) => p.name === "password in a URL")?.pattern ?? "";
    const [, source = "", flags = ""] = /^\/(.+)\/([a-z]*)$/s.exec(shared) ?? [];
    expect(new RegExp(source, flags).test(j("redis://:", DB_PASSWORD, "@cache.internal"))).toBe(true);
  });

  test("in a plan: hex keys under key-named attributes are hidden, hashes under other names are shown", () => {
    const vars = {
      DATADOG_KEY: hex(32),
      cloudflare_global_key: hex(37),
      DB_PASS: DB_PASSWORD,
      AWS_SECRET_KEY: AWS_EXAMPLE,
      ETAG: hex(32).replace(/0/g, "e"),
      SOURCE_COMMIT: hex(40).replace(/1/g, "d"),
    };
    const r = reviewOfVariables("p.json", vars, {
      stack: "app-staging",
      before: { etag: "x" },
      after: { etag: vars.ETAG },
      outputs: { datadog_key: hex(32) },
    });
    for (const text of [r.comment, r.json]) {
      for (const secret of [hex(32), hex(37), DB_PASSWORD, AWS_EXAMPLE]) expect(text).not.toContain(secret);
      expect(text).toContain(vars.ETAG);
      expect(text).toContain(vars.SOURCE_COMMIT);
    }
    expect(r.comment).toContain(`environment[0].variables.DATADOG_KEY: null -> ${REDACTED_VALUE}`);
    expect(r.comment).toContain(`\`datadog_key\` (create): \`null\` → \`${REDACTED_VALUE}\``);
  });
});
