// The secret-scan audit's verified misses (issue 13, item 6): a legacy Cloudflare API token as a
// workflow step's apiToken, after ENV in a Dockerfile, on flarectl's command line and under a name with
// cloudflare after token; a password literal in Python and TypeScript; nested YAML passwd: and db_pass:
// keys; YAML and .env files under a renamed extension; a .env value holding !#$@&. Then the same places
// holding a reference, a placeholder or a setting. Planted in the shared repository of
// planted-repository.ts, asserted by audit-gaps.spec.ts. Every value is built at run time: the gate
// scans this file.
const j = (...parts: string[]) => parts.join("");
const TOKEN = j("Qw7eRt5y", "Ui3oPa1s", "Df9gHj8k", "Lz6xCv4b", "Nm2qWe0r");
const CODE_PASSWORD = j("S3cr3t", "Passw0rd", "ForProd");
const YAML_PASSWORD = j("Hq7v", "Nc2L", "p9Xd");
const ENV_SECRET = j("mT4kW9", "pL2xQ7", "vN5rZ8", "bC3");
const SPECIAL_ENV = j("Xk9!mQ2#", "vL7$pR4@", "wN8&zT5");
const PINNED_SHA = "0123456789abcdef0123456789abcdef01234567";
const KEY = j("pass", "word");

/** What AUDIT_GAP_FORMS hold: the scan must never print one. */
export const AUDIT_GAP_SECRETS: readonly string[] = [TOKEN, CODE_PASSWORD, YAML_PASSWORD, ENV_SECRET, SPECIAL_ENV];

/** Each file holds a secret in one of the forms the scan must fail. */
export const AUDIT_GAP_FORMS: Readonly<Record<string, string>> = {
  ".github/workflows/pages.yml": [
    "jobs:",
    "  deploy:",
    "    steps:",
    "      - uses: cloudflare/wrangler-action@v3",
    "        with:",
    `          apiToken: ${TOKEN}`,
    "          command: pages deploy dist",
    "",
  ].join("\n"),
  "web/Dockerfile": `FROM node:22-slim\nENV CLOUDFLARE_API_TOKEN ${TOKEN}\nRUN npm ci\n`,
  "ops/purge-cache.sh": `#!/bin/sh\nflarectl --api-token ${TOKEN} zone purge --zone example.com --everything\n`,
  "ops/env.sh": `export TOKEN_CLOUDFLARE=${TOKEN}\n`,
  "app/db.py": `import psycopg\nDB_${KEY.toUpperCase()} = "${CODE_PASSWORD}"\n`,
  "app/app.ts": `const ${KEY} = "${CODE_PASSWORD}";\nexport const db = { user: "app", ${KEY} };\n`,
  "charts/db/values.yaml": `database:\n  auth:\n    user: app\n    passwd: ${YAML_PASSWORD}\n`,
  "charts/cache/values.yaml": `cache:\n  redis:\n    db_pass: ${YAML_PASSWORD}\n`,
  "charts/app/values.yaml.bak": `db:\n  ${KEY}: ${YAML_PASSWORD}\n`,
  "deploy/production.env.txt": `API_SECRET=${ENV_SECRET}\n`,
  "services/api/.env": `DB_HOST=db.internal\nDB_PASS=${SPECIAL_ENV}\n`,
};

/** The same places holding a reference, a placeholder, an id or a setting: none may be named. */
export const AUDIT_GAP_LOOK_ALIKES: Readonly<Record<string, string>> = {
  ".github/workflows/deploy.yml": [
    "jobs:",
    "  deploy:",
    "    steps:",
    `      - uses: actions/checkout@${PINNED_SHA} # v4`,
    `      - uses: cloudflare/wrangler-action@${PINNED_SHA} # v3`,
    "        with:",
    "          apiToken: ${{ secrets.CLOUDFLARE_API_TOKEN }}",
    "          token: ${{ github.token }}",
    "",
  ].join("\n"),
  "web/Dockerfile.dev":
    "FROM node:22-slim\nARG CLOUDFLARE_API_TOKEN\nENV CLOUDFLARE_API_TOKEN $CLOUDFLARE_API_TOKEN\nENV CLOUDFLARE_ACCOUNT_ID 0123456789abcdef0123456789abcdef\n",
  "ops/purge-ref.sh": '#!/bin/sh\nflarectl --api-token "$CLOUDFLARE_API_TOKEN" zone list\nwrangler deploy --name app\n',
  "ops/env-ref.sh": 'export TOKEN_CLOUDFLARE="${CF_TOKEN}"\nexport KEY_CF_ZONE=example.com\n',
  "app/db_ref.py": `import os\nDB_${KEY.toUpperCase()} = os.environ["DB_${KEY.toUpperCase()}"]\n${KEY} = "changeme"\n${KEY}_hint = "use 12 characters"\n${KEY}Field = "Input1Abc"\n`,
  "app/app-ref.ts": `const ${KEY} = process.env.DB_${KEY.toUpperCase()} ?? "";\nexport const weak = ${KEY} === "Aa1bbbbbbbb";\n`,
  "charts/db/values-ref.yaml": "database:\n  passwd: ${DB_PASSWD}\n  db_pass: true\n  first_pass: enabled\n  bypass: Xk9mQ2vL\n",
  "charts/app/values.yaml.orig": `db:\n  ${KEY}: <set by the pipeline>\n`,
  "deploy/staging.env.txt": "LOG_LEVEL=debug\nAPI_URL=https://api.example.com/v1\n",
  "services/web/.env": "GREETING=hello-world\nDB_PASS=${DB_PASS_FROM_VAULT}\nDB_HOST=db.internal\n",
};
