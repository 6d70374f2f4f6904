import { PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
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
export function checkEndpoint(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "is not a URL";
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return undefined;
  return "must be https:// (plain http only to 127.0.0.1, localhost or [::1])";
}
