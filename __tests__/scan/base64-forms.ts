import { PLANTED_GH_TOKEN } from "./planted-files";

// Credentials committed base64-encoded (no rule read them: the rules read text): an AWS credentials
// file's secret key line as a Kubernetes Secret's data, a PEM private key as tls.key, on one line and wrapped as `openssl
// base64` writes it, a GitHub token in notes. Then base64 that decodes to no credential: a certificate,
// plain settings, a digest. Planted in the shared repository of planted-repository.ts, asserted by
// base64-values.spec.ts. Every value is built at run time: the gate scans this file.
const j = (...parts: string[]) => parts.join("");
const b64 = (text: string) => Buffer.from(text).toString("base64");
const AWS_SECRET = j("Zq3kP9vT2mX7", "bN4wR8yL1cF6", "hJ5dG0sA2eUi", "Ko9Q");
/** The secret key line alone: the key id (AKIA...) would be found by its own rule. */
const credentials = j("[default]\naws_secret_access_key = ", AWS_SECRET, "\n");
const pemBlock = (label: string, body: string) => [`-----BEGIN ${label}-----`, body, `-----END ${label}-----`, ""].join("\n");
const PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0";
const PRIVATE_KEY = pemBlock(j("RSA PRIV", "ATE KEY"), PEM_BODY);

/** What BASE64_FORMS hold, decoded: the scan must never print one. */
export const BASE64_SECRETS: readonly string[] = [AWS_SECRET, PEM_BODY, PLANTED_GH_TOKEN];

/** Each file holds a credential base64-encoded. */
export const BASE64_FORMS: Readonly<Record<string, string>> = {
  "encoded/aws-secret.yaml": `apiVersion: v1\nkind: Secret\ndata:\n  credentials: ${b64(credentials)}\n`,
  "encoded/tls-secret.yaml": `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.key: ${b64(PRIVATE_KEY)}\n`,
  "encoded/key.json": JSON.stringify({ key: b64(PRIVATE_KEY) }),
  "encoded/key.b64": `${(b64(PRIVATE_KEY).match(/.{1,64}/g) ?? []).join("\n")}\n`,
  "encoded/notes.md": `The bot reads \`${b64(`token: ${PLANTED_GH_TOKEN}`)}\` from its config.\n`,
};

/** Base64 that decodes to no credential: none may be named. */
export const BASE64_LOOK_ALIKES: Readonly<Record<string, string>> = {
  "encoded-ok/tls-cert.yaml": `data:\n  tls.crt: ${b64(pemBlock("CERTIFICATE", PEM_BODY))}\n`,
  "encoded-ok/settings.yaml": `data:\n  app.conf: ${b64("log_level: debug\nregion: eu-west-1\nreplicas: 3\n")}\n`,
  "encoded-ok/digest.json": JSON.stringify({ integrity: `sha512-${Buffer.alloc(64, 0x9c).toString("base64")}` }),
};
