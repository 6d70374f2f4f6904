// The secret of a Cloudflare Access service token, the kind golive's ci-access feature creates (64 hex
// digits; its id is <32 hex>.access), where a repository spells it out: after the CF-Access-Client-Secret
// header (curl's -H, a headers object in code), and under a client_secret key in YAML. Then the same
// places holding a reference, the id alone, or a digest under another name. Planted in the shared
// repository of planted-repository.ts, asserted by access-secret.spec.ts. Every value is built at run
// time: the gate scans this file.
const j = (...parts: string[]) => parts.join("");
const SECRET = j("9c4e7a1f3b6d8e2a", "5f0c7b9d1e3a6f8c").repeat(2);
const CLIENT_ID = j("4b7e1c9a3f6d2e8b", "0a5c7f9e1d3b6a2c", ".access");
const DIGEST = j("e3b0c44298fc1c14", "9afbf4c8996fb924", "27ae41e4649b934c", "a495991b7852b855");
const HEADER = j("CF-Access", "-Client-Secret");

/** What ACCESS_SECRET_FORMS hold: the scan must never print it. */
export const ACCESS_SECRETS: readonly string[] = [SECRET];

/** Each file holds the service token's secret in one of the forms the scan must fail. */
export const ACCESS_SECRET_FORMS: Readonly<Record<string, string>> = {
  "ops/probe-origin.sh": `#!/bin/sh\ncurl -fsS -H "CF-Access-Client-Id: ${CLIENT_ID}" -H "${HEADER}: ${SECRET}" https://api.example.com/health\n`,
  "app/access-headers.ts": `export const headers = { "CF-Access-Client-Id": "${CLIENT_ID}", "${HEADER}": "${SECRET}" };\n`,
  "deploy/access/service-token.yaml": `serviceToken:\n  client_id: ${CLIENT_ID}\n  client_secret: ${SECRET}\n`,
};

/** The same places holding a reference, the id alone or a digest: none may be named. */
export const ACCESS_SECRET_LOOK_ALIKES: Readonly<Record<string, string>> = {
  "ops/probe-ref.sh": `#!/bin/sh\ncurl -fsS -H "CF-Access-Client-Id: ${CLIENT_ID}" -H "${HEADER}: $CF_ACCESS_CLIENT_SECRET" https://api.example.com/health\n`,
  "app/access-ref.ts": `export const headers = { "${HEADER}": process.env.CF_ACCESS_CLIENT_SECRET ?? "" };\n`,
  "deploy/access/service-token-ref.yaml": `serviceToken:\n  client_id: ${CLIENT_ID}\n  client_secret: \${{ secrets.CF_ACCESS_CLIENT_SECRET }}\n  client_secret_sha256: ${DIGEST}\n`,
};
