import { VENDOR_TOKENS } from "../plan/vendor-tokens";

// Every sample is assembled at run time, so this file itself stays clean for the gate.
const alnum = (seed: string, length: number) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
/**
 * One sample credential of each kind the shared pattern set (lib/core/secret-patterns.json) knows, as
 * synthesized Terraform JSON, and what golive check (GL-SEC-004) calls it.
 */
export const PATTERN_SAMPLES: Readonly<Record<string, { readonly json: unknown; readonly kind: string }>> = {
  aws: { json: { output: { k: { value: ["AKIA", alnum("Q7", 16)].join("") } } }, kind: "an AWS access key id" },
  "private-key": {
    json: {
      output: {
        k: {
          value: [
            ["-----BEGIN", "EC PRIVATE KEY-----"].join(" "),
            alnum("MHcCAQEEIA", 64),
            ["-----END", "EC PRIVATE KEY-----"].join(" "),
          ].join("\n"),
        },
      },
    },
    kind: "a private key",
  },
  "github-classic": { json: { locals: { t: ["gh", "p_", alnum("a1B2c3D4e5", 36)].join("") } }, kind: "a GitHub token" },
  "github-fine-grained": {
    json: { locals: { t: ["github", "_pat_", alnum("11AB2CD3E", 22), "_", alnum("f4G5h6J7k8", 59)].join("") } },
    kind: "a GitHub token",
  },
  "cloudflare-prefixed": {
    json: { locals: { t: ["cf", "ut_", alnum("Ab1Cd2Ef3G", 40), "0a1b2c3d"].join("") } },
    kind: "a Cloudflare API token",
  },
  "cloudflare-legacy": {
    json: { variable: { cloudflare_api_token: { default: alnum("aB3dE5fG7hJ9kL2mN4pQ6r", 40) } } },
    kind: "a Cloudflare API token",
  },
  "cloudflare-camel-case": {
    json: { variable: { CloudFlareApiToken: { default: alnum("aB3dE5fG7hJ9kL2mN4pQ6r", 40) } } },
    kind: "a Cloudflare API token",
  },
  "cloudflare-camel-case-local": { json: { locals: { cloudFlareToken: alnum("Zx9Yw8Vu7Ts6", 40) } }, kind: "a Cloudflare API token" },
  // The secret of an Access service token, as golive's ci-access creates it, under a client_secret name.
  "access-service-token": {
    json: { locals: { ci_client_secret: alnum("9c4e7a1f3b6d8e2a", 64) } },
    kind: "a Cloudflare Access service token secret",
  },
  "cloudflare-global-key": { json: { locals: { cf_api_key: alnum("a1b2c3d4e5f6", 37) } }, kind: "a Cloudflare API token" },
  stripe: { json: { locals: { s: ["sk", "_live_", alnum("Zx9Yw8Vu7T", 24)].join("") } }, kind: "a Stripe key" },
  tailscale: {
    json: { locals: { s: ["ts", "key-auth-", alnum("kQ2w", 12), "-", alnum("Zx9Yw8Vu7T", 30)].join("") } },
    kind: "a Tailscale key",
  },
  // A Gemini key in free text, as a secret's description carried it past GL-SEC-004 and the scan.
  google: {
    json: {
      resource: {
        aws_secretsmanager_secret: {
          Model: { description: ["calls, ", "AI", "za", alnum("Sy1b2C3d4E5f6G7h8I9j0", 35), " for now"].join("") },
        },
      },
    },
    kind: "a Google API key",
  },
  "anthropic-admin": {
    json: { locals: { a: ["sk", "-ant-admin01-", alnum("Ab1_Cd2-Ef3", 93), "AA"].join("") } },
    kind: "an Anthropic admin key",
  },
  perplexity: { json: { locals: { p: ["pp", "lx-", alnum("Zx9Yw8Vu7T", 48)].join("") } }, kind: "a Perplexity API key" },
  "api-key": { json: { locals: { model: ["sk", "-proj-", alnum("Ab1", 24)].join("") } }, kind: "an API key (sk-...)" },
  slack: {
    json: {
      variable: { hook: { default: ["https://hooks.slack.com/services", "T4K2M9Q7Z", "B6R1W8N3P", alnum("q8Zk2Lm4Np", 24)].join("/") } },
    },
    kind: "a Slack webhook URL",
  },
  pagerduty: {
    json: { locals: { p: ["https://events.pagerduty.com/integration", alnum("0a1b2c3d4e", 32), "enqueue"].join("/") } },
    kind: "a PagerDuty integration URL",
  },
  "url-password": {
    json: { locals: { db: ["postgres://app:", alnum("Pw9x", 12), "@db.internal:5432/app"].join("") } },
    kind: "a password in a URL",
  },
  twilio: { json: { locals: { t: ["S", "K", alnum("0a1b2c3d4e5f6789", 32)].join("") } }, kind: "a Twilio API key" },
  mailgun: { json: { locals: { m: ["ke", "y-", alnum("9f8e7d6c5b4a3210", 32)].join("") } }, kind: "a Mailgun API key" },
  gitlab: { json: { locals: { g: ["gl", "dt-", alnum("Zx9Yw8Vu7T", 20)].join("") } }, kind: "a GitLab token" },
  sentry: { json: { locals: { s: ["sntr", "yu_", alnum("9f8e7d6c5b4a3210", 64)].join("") } }, kind: "a Sentry auth token" },
  bearer: {
    json: { locals: { headers: { Authorization: ["Bear", "er ", alnum("aB3dE5fG7hJ9kL2mN4pQ6r", 48)].join("") } } },
    kind: "a bearer token",
  },
  // The vendor kinds gitleaks' default rules know, each in free text of a TXT record.
  ...Object.fromEntries(
    Object.values(VENDOR_TOKENS).map(({ token, kind }, i) => [
      `vendor-${i}`,
      { json: { resource: { cloudflare_dns_record: { T: { type: "TXT", content: `note ${token} here` } } } }, kind },
    ]),
  ),
  "secret-attribute": {
    json: { resource: { aws_db_instance: { Db: { password: "planted-literal" } } } },
    kind: 'a literal value for "password"',
  },
};
