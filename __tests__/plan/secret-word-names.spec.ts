import { isSecretName } from "../../lib/core/plan/secret-names";
import { redactCredentials } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { reviewOfVariables } from "./lambda-variables";

// Names that call their value a secret, found shown in clear by the audit as Lambda environment
// variables: an encryption or master key, a JWT signing key, a pre-shared key, a session cookie's
// secret, a passphrase. Names about a key, and a cookie's settings, stay readable.
const SECRET_NAMES = [
  "ENCRYPTION_KEY",
  "MASTER_KEY",
  "JWT_SIGNING",
  "JWT_SIGNING_KEY",
  "PSK",
  "SESSION_COOKIE",
  "SESSION_SECRET",
  "PASSPHRASE",
  "dbPassphrase",
  "wifi-psk",
];
const ORDINARY_NAMES = [
  "KEY_ID",
  "key_name",
  "kms_master_key_id",
  "customer_master_key_spec",
  "encryption_key_arn",
  "SESSION_COOKIE_NAME",
  "SESSION_COOKIE_DOMAIN",
  "SESSION_COOKIE_SAMESITE",
  "PSK_ENABLED",
  "JWT_SIGNING_ALGORITHM",
  "LOG_LEVEL",
  "passthrough",
];

const sampleOf = (name: string) => `v4lue-of-${name.toLowerCase()}-9x`;

describe("redaction: secret words in a name hide its value, names about a secret stay readable", () => {
  const r = reviewOfVariables("names.json", Object.fromEntries([...SECRET_NAMES, ...ORDINARY_NAMES].map((n) => [n, sampleOf(n)])));

  test.each(SECRET_NAMES)("%s: its value never reaches the comment, the full report or the JSON", (name) => {
    expect(isSecretName(name)).toBe(true);
    for (const [where, text] of Object.entries({ comment: r.comment, full: r.fullMarkdown, json: r.json }))
      expect({ where, leaked: text.includes(sampleOf(name)) }).toEqual({ where, leaked: false });
    expect(r.comment).toContain(`environment[0].variables.${name}: null -> ${REDACTED_VALUE}`);
  });

  test.each(ORDINARY_NAMES)("%s is shown as it is", (name) => {
    expect(isSecretName(name)).toBe(false);
    expect(r.comment).toContain(`environment[0].variables.${name}: null -> "${sampleOf(name)}"`);
  });

  test.each([
    ["export PASSPHRASE=correct-horse-battery", `export PASSPHRASE=${REDACTED_VALUE}`],
    ["PSK=s3cr3t-shared-key", `PSK=${REDACTED_VALUE}`],
    ['{"JWT_SIGNING_KEY": "k3y-material-here"}', `{"JWT_SIGNING_KEY": "${REDACTED_VALUE}"}`],
    ["JWT_SIGNING=k3y-material-here", `JWT_SIGNING=${REDACTED_VALUE}`],
    ["SESSION_COOKIE: c00kie-secret-value", `SESSION_COOKIE: ${REDACTED_VALUE}`],
    ["ENCRYPTION_KEY=3ncrypt-me-please", `ENCRYPTION_KEY=${REDACTED_VALUE}`],
    ["app --master-key m4ster-key-value", `app --master-key ${REDACTED_VALUE}`],
    ["KEY_ID=abcd-1234-efgh", "KEY_ID=abcd-1234-efgh"],
  ])("in text: %s", (text, shown) => {
    expect(redactCredentials(text)).toBe(shown);
  });
});
