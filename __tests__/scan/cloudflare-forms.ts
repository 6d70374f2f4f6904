// A legacy Cloudflare API token (40 characters) or Global API key (37 hex) where it is usually written:
// a Terraform provider block, a cdktf provider or an SDK client in code, a curl X-Auth-Key header, and
// direnv's .envrc and wrangler's .dev.vars; and the same places holding no key. Planted in the shared
// repository of planted-repository.ts, asserted by cloudflare-key-forms.spec.ts. Every value is built
// at run time: the gate scans this file.
const j = (...parts: string[]) => parts.join("");
const TOKEN = j("aB3dE5fG7hJ9", "kL2mN4pQ6rS8", "tU0vW1xYaB3dE5fG");
const GLOBAL_API_KEY = "0123456789abcdef".repeat(3).slice(0, 37);
const ENV_SECRET = j("kP3vQ9zR", "7tW2yX5m", "N8bL4cJ6");
const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";

/** The keys CLOUDFLARE_KEY_FORMS hold: the scan must never print one. */
export const CLOUDFLARE_SECRETS: readonly string[] = [TOKEN, GLOBAL_API_KEY, ENV_SECRET];

/** Each file holds a key in one of the forms the scan must fail. */
export const CLOUDFLARE_KEY_FORMS: Readonly<Record<string, string>> = {
  "infra/main.tf": `provider "cloudflare" {\n  api_token = "${TOKEN}"\n}\n`,
  "infra/global-key.tf": `provider "cloudflare" {\n  email   = "ops@example.com"\n  api_key = "${GLOBAL_API_KEY}"\n}\n`,
  "infra/variables.tf": `variable "cloudflare_api_token" {\n  type    = string\n  default = "${TOKEN}"\n}\n`,
  "src/stack.ts": `new CloudflareProvider(this, "cloudflare", {\n  apiToken: "${TOKEN}",\n});\n`,
  "src/client.ts": `const client = new Cloudflare({ apiToken: "${TOKEN}" });\n`,
  "tools/purge.py": `import CloudFlare\ncf = CloudFlare.CloudFlare(token="${TOKEN}")\n`,
  "tools/purge.sh": `curl -H "X-Auth-Email: ops@example.com" -H "X-Auth-Key: ${GLOBAL_API_KEY}" https://api.cloudflare.com/client/v4/zones\n`,
  ".envrc": `export AWS_PROFILE=opsbot\nexport SESSION_SECRET=${ENV_SECRET}\n`,
  "worker/.dev.vars": `API_SECRET=${ENV_SECRET}\n`,
  "worker/.dev.vars.staging": `API_SECRET="${ENV_SECRET}"\n`,
};

/** The same places holding a reference, an id or a setting: none may be named. */
export const CLOUDFLARE_LOOK_ALIKES: Readonly<Record<string, string>> = {
  "infra/refs.tf": [
    'provider "cloudflare" {',
    "  api_token = var.cloudflare_api_token",
    "}",
    'variable "cloudflare_account_id" {',
    `  default = "${ACCOUNT_ID}"`,
    "}",
    "",
  ].join("\n"),
  "src/refs.ts": [
    'new CloudflareProvider(this, "cloudflare", { apiToken: process.env.CLOUDFLARE_API_TOKEN });',
    `new CloudflareProvider(this, "cf", { alias: "${TOKEN}" });`,
    "",
  ].join("\n"),
  "tools/refs.py": 'import os, CloudFlare\ncf = CloudFlare.CloudFlare(token=os.environ["CLOUDFLARE_API_TOKEN"])\n',
  "tools/refs.sh":
    'curl -H "X-Auth-Email: ops@example.com" -H "X-Auth-Key: $CLOUDFLARE_API_KEY" https://api.cloudflare.com/client/v4/zones\n',
  "refs/.envrc": "export AWS_PROFILE=opsbot-production\nexport NODE_ENV=development\nsource_up\n",
  "refs/.dev.vars": "ENVIRONMENT=development\nLOG_LEVEL=debug\n",
};
