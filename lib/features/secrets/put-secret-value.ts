import { randomUUID } from "node:crypto";

export interface PutSecretValueInput {
  readonly region: string;
  readonly secretId: string;
  readonly value: string;
  /** Alternative endpoint (a local fake in tests). @default the regional Secrets Manager endpoint */
  readonly endpoint?: string;
  /** Environment to take static credentials from; without them the SDK's default chain applies (SSO, profiles, web identity). */
  readonly env: NodeJS.ProcessEnv;
}

export interface PutSecretValueResult {
  readonly versionId: string;
}

function envCredentials(env: NodeJS.ProcessEnv): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

/** Writes a new version with PutSecretValue. The value travels only in the TLS request body. */
export async function putSecretValue(input: PutSecretValueInput): Promise<PutSecretValueResult> {
  // Loaded here, not at the top: `secrets list` and --help should not pay for the AWS SDK.
  const { PutSecretValueCommand, SecretsManagerClient } =
    require("@aws-sdk/client-secrets-manager") as typeof import("@aws-sdk/client-secrets-manager");
  const credentials = envCredentials(input.env);
  const client = new SecretsManagerClient({
    region: input.region,
    maxAttempts: 2,
    ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });
  try {
    const out = await client.send(
      new PutSecretValueCommand({ SecretId: input.secretId, SecretString: input.value, ClientRequestToken: randomUUID() }),
    );
    return { versionId: out.VersionId ?? "(unknown)" };
  } finally {
    client.destroy();
  }
}

/** Plain HTTP is allowed only to this machine (a local fake); anything else must be https. */

/** SDK error names meaning "no usable credentials" (credential chain, SSO token) or "credentials refused". */
const NO_CREDENTIALS = new Set(["CredentialsProviderError", "TokenProviderError"]);
const BAD_CREDENTIALS = new Set([
  "ExpiredTokenException",
  "ExpiredToken",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
]);
const NOT_ALLOWED = new Set(["AccessDeniedException", "AccessDenied"]);

/**
 * What to do when the write failed for want of credentials or rights, in one line; undefined for
 * other errors. `writers` are the roles config allows to write (secrets.writers).
 */
export function credentialHint(err: unknown, writers: readonly string[]): string | undefined {
  const name = err instanceof Error ? err.name : "";
  const roles = writers.join(" or ");
  if (NO_CREDENTIALS.has(name))
    return `no AWS credentials found: run aws sso login --profile NAME and set AWS_PROFILE=NAME (a profile that assumes ${roles}); in CI, assume that role first (aws-actions/configure-aws-credentials with role-to-assume)`;
  if (BAD_CREDENTIALS.has(name))
    return `AWS refused the credentials as expired or invalid (${name}): run aws sso login again (or refresh AWS_PROFILE's credentials), then retry`;
  if (NOT_ALLOWED.has(name))
    return `AWS denied the write (${name}): use credentials of a role in secrets.writers (${roles}), e.g. AWS_PROFILE set to a profile that assumes it`;
  return undefined;
}
