// Secrets under a bare secret name the scan missed: no rule knew the name, so a 64-hex signing secret
// or a 40+ character random value under `secret:`, `"secret":` or `secret =` passed. Then the same
// names holding a reference, a placeholder, a digest under another name or a long word.
// Planted in the shared repository of planted-repository.ts, asserted by secret-names.spec.ts. Every
// value is built at run time: the gate scans this file.
const j = (...parts: string[]) => parts.join("");
const HEX64 = j("ca978112ca1bbdca", "fac231b39a23dc4d", "a786eff8147c4e72", "b9807785afee48bb");
const RANDOM = j("wbIQHP5HF0k1k1PP", "gXp7YJ2CayNQt4XD", "QB9ilHcoeRkv");
const KEY = j("sec", "ret");

/** What SECRET_NAME_FORMS hold: the scan must never print one. */
export const SECRET_NAME_SECRETS: readonly string[] = [HEX64, RANDOM];

/** Each file holds a secret under a secret-like name. */
export const SECRET_NAME_FORMS: Readonly<Record<string, string>> = {
  "named/webhook.yaml": `github:\n  ${KEY}: ${HEX64}\n`,
  "named/app.json": JSON.stringify({ [KEY]: HEX64 }),
  "named/main.tf": `locals {\n  ${KEY} = "${RANDOM}"\n}\n`,
  "named/hooks.ts": `export const webhook${KEY.replace("s", "S")} = "${RANDOM}";\n`,
};

/** The same names holding no secret, and a digest under another name: none may be named. */
export const SECRET_NAME_LOOK_ALIKES: Readonly<Record<string, string>> = {
  "named-ok/ci.yml": `with:\n  ${KEY}: \${{ secrets.WEBHOOK_${KEY.toUpperCase()} }}\n  ${KEY}_arn: arn:aws:secretsmanager:eu-west-1:123456789012:${KEY}:app\n`,
  "named-ok/lock.json": JSON.stringify({ sha256: HEX64, [`${KEY}Name`]: "app/webhook" }),
  "named-ok/example.yaml": `${KEY}: ${"a".repeat(64)}\nclient_${KEY}: ${j("wJalrXUtnFEMI/K7MDENG/bPxRfiCY", "EXAMPLEKEY")}\n`,
  "named-ok/words.tf": `${KEY} = "the-value-comes-from-the-secrets-manager-at-deploy-time"\n`,
};
