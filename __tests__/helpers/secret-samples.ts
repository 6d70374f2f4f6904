// Samples of what the secret scan's preset rules (@secretlint/secretlint-rule-preset-recommend) find,
// one per finding: __tests__/plan/redact-preset.spec.ts holds each to its rule; the redaction and
// golive check (GL-SEC-004) specs plant them. Every sample is assembled at run time: the repository's
// secret scan reads this file.
export const j = (...parts: string[]) => parts.join("");
export const rep = (alphabet: string, n: number) => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join("");
export const ALNUM = "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY";
export const HEX = "0123456789abcdef";
export const LETTERS = "aBcDeFgHiJkLmNoPqRsTuVwXyZ";
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

export interface PresetSample {
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
const sample = (finding: string, text: string, secret: string, file?: string): PresetSample => ({
  finding,
  text,
  secret,
  ...(file ? { file } : {}),
});
const token = (finding: string, value: string): PresetSample => sample(finding, `value: ${value}\n`, value);

const GCP_KEY = JSON.stringify({ type: "service_account", private_key_id: rep(HEX, 40), private_key: `${PEM}\n` });
const DB_PASSWORD = j("Vq8p", "Lm2Rz7");
const OAUTH = rep(ALNUM, 40);
const NPMRC = j("0f3a9c1e-5b7d", "-2f4a-6c8e-0b1d3f5a7c9e");
/** A sample of every finding of the preset the plan review redacts (each rule flags its own). */
export const PRESET_SAMPLES: readonly PresetSample[] = [
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

/**
 * Near misses of the samples, which neither the scan nor golive takes for credentials: one character
 * short, a character the rule does not allow, or an identifier.
 */
export const PRESET_LOOKALIKES: Readonly<Record<string, string>> = {
  "GitLab token one character short": j("glp", "at-", rep(ALNUM, 19)),
  "Shopify token with 31 hex digits": j("shp", "at_", rep(HEX, 31)),
  "Hugging Face token ending in a digit": j("h", "f_", rep(LETTERS, 33), "7"),
  "SendGrid key one character short": j("S", "G.", rep(ALNUM, 22), ".", rep(ALNUM, 42)),
  "Groq key one character short": j("gs", "k_", rep(ALNUM, 51)),
  "Docker token one character short": j("dckr", "_pat_", rep(ALNUM, 26)),
  "Linear token one character short": j("lin", "_api_", rep(ALNUM, 31)),
  "npm token one character short": j("np", "m_", rep(ALNUM, 35)),
  "Databricks token one hex digit short": j("da", "pi", rep(HEX, 31)),
  "Vercel token one character short": j("vc", "p_", rep(ALNUM, 19)),
  "Vault token one character short": j("hv", "s.", rep(j(ALNUM, "_-"), 89)),
  "AWS account id": "111111111111",
};
