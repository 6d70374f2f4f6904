import { rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { extname, join } from "node:path";
import { mayHoldCredential, REDACTED_VALUE, redactCredentials, redactReportText } from "../../lib/core/plan/redact-values";
import patterns from "../../lib/core/secret-patterns.json";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { addressParts } from "./fixtures";

// The secret scan runs @secretlint/secretlint-rule-preset-recommend, whose rules keep their patterns
// inside; lib/core/secret-patterns.json copies them (presetRecommend) for the plan review's redaction.
// Here each rule runs in-process (secretlint's core, no CLI) on a sample it must flag, and the review
// must hide the sample's secret: a preset update that adds a finding fails until it is listed there.
// secretlint's packages are ES modules, which jest's module registry (CommonJS here) cannot load; Node's
// own require can (require(esm), Node >= 20.19). Jest's `node:module` is a subclass of Node's Module
// whose createRequire returns jest's require, so Node's is taken from the class it extends.
const nodeModule: typeof Module = Object.getPrototypeOf(Module)?.createRequire ? Object.getPrototypeOf(Module) : Module;
const nodeRequire = nodeModule.createRequire(join(REPO_ROOT, "package.json"));
/** What this test uses of secretlint's core and preset (their own types are ES-module only). */
interface PresetRule {
  readonly meta: { readonly id: string };
  readonly messages?: Readonly<Record<string, unknown>>;
}
interface SecretlintCore {
  lintSource(args: {
    source: { filePath: string; content: string; ext: string; contentType: "text" };
    options: { config: { rules: { id: string; rule: PresetRule; options: Readonly<Record<string, unknown>> }[] } };
  }): Promise<{ messages: { messageId: string }[] }>;
}
const core: SecretlintCore = nodeRequire("@secretlint/core");
const preset: { rules: readonly PresetRule[] } = nodeRequire("@secretlint/secretlint-rule-preset-recommend");

// Every sample is assembled at run time: the repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const rep = (alphabet: string, n: number) => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join("");
const ALNUM = "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY";
const HEX = "0123456789abcdef";
const LETTERS = "aBcDeFgHiJkLmNoPqRsTuVwXyZ";
const B64 = j(ALNUM, "+/");
const PEM_BODY = j("MII", rep(j(ALNUM, "+/"), 157));
const PEM = j("-----BEGIN RSA PRIVATE", " KEY-----\n", PEM_BODY, "\n-----END RSA PRIVATE", " KEY-----");

/** A 1Password service-account token: ops_ and a base64 JSON object (`ey...fQ==`), as the rule decodes it. */
function opsToken(): string {
  for (let pad = 0; ; pad++) {
    const json = JSON.stringify({ email: "ops-bot@1passwordserviceaccounts.lcl", secretKey: rep(ALNUM, 40 + pad), srpX: rep(HEX, 64) });
    const b64 = Buffer.from(json).toString("base64");
    if (/fQ={0,2}$/.test(b64)) return j("op", "s_", b64);
  }
}

interface Sample {
  /** `<rule>/<message id>`, the rule named without its `@secretlint/secretlint-rule-` prefix. */
  readonly finding: string;
  /** The text the rule reads (a file's content) and the plan review redacts. */
  readonly text: string;
  /** What must never reach the review. */
  readonly secret: string;
  readonly file?: string;
  /** The rule's options, when the finding needs one switched on. */
  readonly options?: Readonly<Record<string, unknown>>;
}
const sample = (finding: string, text: string, secret: string, file?: string): Sample => ({
  finding,
  text,
  secret,
  ...(file ? { file } : {}),
});
const token = (finding: string, value: string): Sample => sample(finding, `value: ${value}\n`, value);

const GCP_KEY = JSON.stringify({ type: "service_account", private_key_id: rep(HEX, 40), private_key: `${PEM}\n` });
const DB_PASSWORD = j("Vq8p", "Lm2Rz7");
const OAUTH = rep(ALNUM, 40);
const NPMRC = j("0f3a9c1e-5b7d", "-2f4a-6c8e-0b1d3f5a7c9e");
const SAMPLES: readonly Sample[] = [
  // Off in the scan (the rule's default), on here to show the shared pattern covers what the rule would find.
  { ...token("aws/AWSAccessKeyID", j("AK", "IA", "QX7RZ2M4KD9WJ3HT")), options: { enableIDScanRule: true } },
  sample("aws/AWSSecretAccessKey", j("aws_secret", '_access_key = "', rep(B64, 40), '"\n'), rep(B64, 40)),
  sample("gcp/PrivateKeyJSON", GCP_KEY, PEM_BODY.slice(10, 60), "service-account.json"),
  sample("privatekey/PrivateKey", PEM, PEM_BODY.slice(10, 60)),
  sample(
    "npm/PackageJSON_xOauthToken",
    JSON.stringify({ repository: j("https://", OAUTH, ":x-oauth", "-basic@github.com/org/app.git") }),
    OAUTH,
    "package.json",
  ),
  sample("npm/Npmrc_authToken", j("//registry.npmjs.org/:_auth", "Token=", NPMRC, "\n"), NPMRC, ".npmrc"),
  token("npm/NPM_ACCESS_TOKEN", j("np", "m_", rep(ALNUM, 20), "_", rep(ALNUM, 15))),
  sample("basicauth/BasicAuth", j("https://deploy:", DB_PASSWORD, "@ci.internal.dev/hook\n"), DB_PASSWORD),
  token("slack/SLACK_TOKEN", j("xo", "xb-", "123456789012-1234567890123-", rep(ALNUM, 24))),
  token("slack/IncomingWebhook", j("https://hooks.slack.com/services/", "T4K2M9Q7Z/B6R1W8N3P/", rep(ALNUM, 24))),
  token("sendgrid/SENDGRID_KEY", j("S", "G.", rep(ALNUM, 22), ".", rep(j(ALNUM, "_-"), 43))),
  token("shopify/SHOPIFY_KEY", j("shp", "at_", rep(HEX, 32))),
  token("github/GITHUB_TOKEN", j("gh", "p_", rep(ALNUM, 20), "_", rep(ALNUM, 15))),
  token("github/GITHUB_TOKEN", j("github", "_pat_", rep(ALNUM, 22), "_", rep(ALNUM, 59))),
  token("gitlab/GITLAB_PERSONAL_ACCESS_TOKEN", j("glp", "at-", rep(j(ALNUM, "_-"), 20))),
  token("grafana/GRAFANA_CLOUD_API_TOKEN", j("gl", "c_", "eyJ", rep(B64, 60), "==")),
  token("grafana/GRAFANA_SERVICE_ACCOUNT_TOKEN", j("gl", "sa_", rep(ALNUM, 32), "_", rep(HEX, 8))),
  token("openai/OPENAI_TOKEN", j("sk", "-proj-", rep(ALNUM, 74), "T3Blbk", "FJ", rep(ALNUM, 74))),
  token("openai/OPENAI_TOKEN", j("sk", "-", rep(ALNUM, 20), "T3Blbk", "FJ", rep(ALNUM, 20))),
  token("anthropic/ANTHROPIC_API_KEY", j("sk", "-ant-api03-", rep(j(ALNUM, "_-"), 93), "AA")),
  token("groq/GROQ_API_KEY", j("gs", "k_", rep(ALNUM, 52))),
  token("huggingface/HUGGINGFACE_USER_ACCESS_TOKEN", j("h", "f_", rep(LETTERS, 34))),
  token("linear/LINEAR_API_TOKEN", j("lin", "_api_", rep(ALNUM, 40))),
  token("notion/NOTION_INTEGRATION_TOKEN", j("nt", "n_", "12345678901", rep(ALNUM, 35))),
  token("1password/OPS_TOKEN", opsToken()),
  sample(
    "database-connection-string/MongoDBConnection",
    j("mongodb+srv://app:", DB_PASSWORD, "@cluster0.mongo.internal/app\n"),
    DB_PASSWORD,
  ),
  sample("database-connection-string/MySQLConnection", j("mysql://app:", DB_PASSWORD, "@db.internal:3306/app\n"), DB_PASSWORD),
  sample("database-connection-string/PostgreSQLConnection", j("postgresql://app:", DB_PASSWORD, "@db.internal:5432/app\n"), DB_PASSWORD),
  token("hashicorp-vault/HASHICORP_VAULT_SERVICE_TOKEN", j("hv", "s.", rep(j(ALNUM, "_-"), 95))),
  token("hashicorp-vault/HASHICORP_VAULT_BATCH_TOKEN", j("hv", "b.", rep(j(ALNUM, "_-"), 150))),
  token("hashicorp-vault/HASHICORP_VAULT_RECOVERY_TOKEN", j("hv", "r.", rep(j(ALNUM, "_-"), 95))),
  token("vercel/VERCEL_PERSONAL_ACCESS_TOKEN", j("vc", "p_", rep(ALNUM, 24))),
  token("vercel/VERCEL_INTEGRATION_TOKEN", j("vc", "i_", rep(ALNUM, 24))),
  token("vercel/VERCEL_APP_ACCESS_TOKEN", j("vc", "a_", rep(ALNUM, 24))),
  token("vercel/VERCEL_APP_REFRESH_TOKEN", j("vc", "r_", rep(ALNUM, 24))),
  token("vercel/VERCEL_AI_GATEWAY_API_KEY", j("vc", "k_", rep(ALNUM, 24))),
  token("databricks/DATABRICKS_PERSONAL_ACCESS_TOKEN", j("da", "pi", rep(HEX, 32))),
  token("docker/DOCKER_PERSONAL_ACCESS_TOKEN", j("dckr", "_pat_", rep(j(ALNUM, "_-"), 27))),
  token("figma/FIGMA_PERSONAL_ACCESS_TOKEN", j("fi", "gd_", rep(j(ALNUM, "_-"), 43))),
];

const PREFIX = "@secretlint/secretlint-rule-";
const ruleName = (id: string) => id.replace(PREFIX, "");
/** Every finding the preset's rules can report: `<rule>/<message id>`. */
const PRESET_FINDINGS = preset.rules.flatMap((r) => Object.keys(r.messages ?? {}).map((m) => `${ruleName(r.meta.id)}/${m}`));
const LISTED = patterns.presetRecommend.flatMap((p) => p.messages.map((m) => ({ finding: `${p.rule}/${m}`, entry: p })));

/** A RegExp-like string (`/source/flags`) as a RegExp, as every reader of secret-patterns.json compiles it. */
function regExp(literal: string): RegExp {
  const [, source = "", flags = ""] = /^\/(.+)\/([a-z]*)$/s.exec(literal) ?? [];
  return new RegExp(source, `${flags}u`);
}

/** The pattern the redaction uses for a listed finding: its copy, or the value pattern it names. */
function patternFor(finding: string): string | undefined {
  const entry = LISTED.find((l) => l.finding === finding)?.entry;
  if (!entry) return undefined;
  if ("pattern" in entry && entry.pattern) return entry.pattern;
  if ("sameAs" in entry) return patterns.values.find((v) => v.name === entry.sameAs)?.pattern;
  return undefined;
}

/** The findings of one preset rule on a text, by message id. */
async function findings(rule: string, s: Sample): Promise<string[]> {
  const file = s.file ?? "sample.txt";
  const creator = preset.rules.find((r) => r.meta.id === `${PREFIX}${rule}`);
  if (!creator) throw new Error(`no preset rule ${rule}`);
  const result = await core.lintSource({
    source: { filePath: join(REPO_ROOT, "sample", file), content: s.text, ext: extname(file), contentType: "text" },
    options: { config: { rules: [{ id: creator.meta.id, rule: creator, options: s.options ?? {} }] } },
  });
  return result.messages.map((m) => m.messageId);
}

describe("the plan review redacts everything the secret scan's preset rules find (lib/core/secret-patterns.json presetRecommend)", () => {
  test("every finding of every preset rule is listed once, and nothing else is", () => {
    expect(PRESET_FINDINGS.length).toBeGreaterThan(30);
    expect([...LISTED.map((l) => l.finding)].sort()).toEqual([...PRESET_FINDINGS].sort());
  });

  test("each listed finding has a copy of the rule's pattern, names a value pattern, or says why a review shows it", () => {
    for (const { finding, entry } of LISTED) {
      const how = ["pattern", "sameAs", "shown"].filter((k) => k in entry);
      expect([finding, how.length]).toEqual([finding, 1]);
      if ("sameAs" in entry) expect([finding, patterns.values.some((v) => v.name === entry.sameAs)]).toEqual([finding, true]);
      const pattern = "pattern" in entry ? entry.pattern : undefined;
      if (pattern !== undefined) expect([finding, regExp(pattern).flags, /\(\?<[a-z]/i.test(pattern)]).toEqual([finding, "u", false]);
    }
  });

  test("every finding a review redacts has a sample here", () => {
    const redacted = LISTED.filter((l) => !("shown" in l.entry)).map((l) => l.finding);
    expect(redacted.filter((f) => !SAMPLES.some((s) => s.finding === f))).toEqual([]);
  });

  test.each(SAMPLES.map((s) => [s.finding, s] as const))(
    "%s: the rule flags its sample and the review hides the secret",
    async (finding, s) => {
      const [rule = "", message] = finding.split("/");
      expect(await findings(rule, s)).toContain(message);
      expect(regExp(patternFor(finding) ?? "/$^/").test(s.text)).toBe(true);
      expect(mayHoldCredential(s.text)).toBe(true);
      for (const out of [redactCredentials(s.text), redactReportText(s.text)]) {
        expect(out).not.toContain(s.secret);
        expect(out).toContain(REDACTED_VALUE);
      }
    },
  );
});

// Issue 14's reproduction: six credentials the scan (or its preset) knows, in TXT contents and outputs.
const SIX: Readonly<Record<string, string>> = {
  "GitLab personal access token": j("glp", "at-", rep(ALNUM, 20)),
  "Shopify access token": j("shp", "at_", rep(HEX, 32)),
  "SendGrid API key": j("S", "G.", rep(ALNUM, 22), ".", rep(ALNUM, 43)),
  "Hugging Face token": j("h", "f_", rep(LETTERS, 34)),
  "Twilio API key": j("S", "K", rep(HEX, 32)),
  "Mailgun API key": j("ke", "y-", rep(HEX, 32)),
};

function sixPlan(): string {
  const txt = (i: number, value: string) => {
    const address = `cloudflare_dns_record.txt${i}`;
    const rec = (content: string) => ({ name: "t.example.com", type: "TXT", content, ttl: 300 });
    return {
      address,
      ...addressParts(address),
      change: {
        actions: ["update"],
        before: rec("old"),
        after: rec(`"verify=${value}"`),
        after_unknown: {},
        before_sensitive: {},
        after_sensitive: {},
      },
    };
  };
  const values = Object.values(SIX);
  return JSON.stringify({
    format_version: "1.2",
    resource_changes: values.map((v, i) => txt(i, v)),
    output_changes: Object.fromEntries(
      values.map((v, i) => [`key_${i}`, { actions: ["update"], before: "old", after: v, after_unknown: false }]),
    ),
  });
}

describe("issue 14: credentials the scan knows never reach plan-report", () => {
  test("GitLab, Shopify, SendGrid, Hugging Face, Twilio and Mailgun keys in TXT contents and outputs: neither the comment, the full report nor the JSON shows one", async () => {
    const r = renderPlanReport([{ stack: "edge-production", file: "six.json", plan: parsePlanJson("six.json", sixPlan()) }], "r.md");
    const dir = tempDir("golive-redact-six-");
    try {
      writeFileSync(join(dir, "edge-production.json"), sixPlan());
      const markdown = await golive(["plan-report", "edge-production.json"], { cwd: dir });
      const json = await golive(["plan-report", "edge-production.json", "--json"], { cwd: dir });
      expect([markdown.code, json.code]).toEqual([0, 0]);
      const texts = { comment: r.comment, full: r.fullMarkdown, json: r.json, stdout: markdown.stdout, jsonStdout: json.stdout };
      for (const [kind, value] of Object.entries(SIX))
        for (const [where, text] of Object.entries(texts))
          expect({ kind, where, leaked: text.includes(value) }).toEqual({ kind, where, leaked: false });
      expect(r.comment).toContain(`content: "old" -> "\\"verify=${REDACTED_VALUE}\\""`);
      expect(JSON.parse(json.stdout)).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
