import { randomUUID } from "node:crypto";
import { awsAuthProblem } from "../../core/aws-errors";
import { accountOfArn } from "../../core/arn-account";
import { type AttemptFate, boundedRequests, guardAwsClient } from "../../core/aws-request-guard";

export interface PutSecretValueInput {
  readonly region: string;
  readonly secretId: string;
  readonly value: string;
  /** The account config puts the secret in (secrets.accountId): nothing is written to a secret of another one. */
  readonly accountId: string;
  /** Alternative endpoint (a local fake in tests). @default the regional Secrets Manager endpoint */
  readonly endpoint?: string;
  /** Environment to take static credentials from; without them the SDK's default chain applies (SSO, profiles, web identity). */
  readonly env: NodeJS.ProcessEnv;
  /** Bound on connecting and on the answer, per attempt (two attempts). @default PUT_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

/** 10 s per attempt: PutSecretValue answers in well under a second; two attempts, so at most ~20 s in all. */
export const PUT_TIMEOUT_MS = 10_000;

export interface PutSecretValueResult {
  readonly versionId: string;
}

/**
 * The write failed. `mayHaveWritten` is false only when no attempt can have reached Secrets Manager, or
 * every one it answered was refused (4xx); otherwise (a reset after sending, a timeout, a 5xx, an
 * unreadable 200) the value may be stored as version `versionId` (the request token, random per run).
 */
export class PutSecretValueError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly mayHaveWritten: boolean,
    readonly versionId: string,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = cause instanceof Error ? cause.name : "Error";
  }
}

/**
 * The secret the credentials reach is in another AWS account than config's (credentials of another
 * account find the secret by name in their own): nothing was written.
 */
export class WrongAccountError extends Error {
  constructor(
    /** The account in the ARN DescribeSecret answered; undefined when it gave no ARN naming one. */
    readonly found: string | undefined,
    readonly expected: string,
  ) {
    super(
      found === undefined
        ? `Secrets Manager's DescribeSecret answer gave no ARN naming an account, so the secret's account could not be checked against secrets.accountId (${expected})`
        : `the credentials are of AWS account ${found}, where they found the secret, but secrets.accountId is ${expected}`,
    );
    this.name = "WrongAccountError";
  }
}

/**
 * DescribeSecret found no such secret: by name it looks in the credentials' own account, which golive
 * cannot name without STS (it has no STS client), so it names config's and how to see theirs.
 */
export class SecretNotFoundError extends Error {
  constructor(
    readonly secretId: string,
    readonly region: string,
    readonly expected: string,
  ) {
    super(
      `Secrets Manager found no secret ${secretId} in ${region} of the AWS account the credentials are of (aws sts get-caller-identity --query Account shows which), and secrets.accountId is ${expected}`,
    );
    this.name = "SecretNotFoundError";
  }
}

/**
 * A rotation is unfinished: AWSPENDING is on another version than AWSCURRENT. A write now would be undone,
 * as the rotation's last step moves AWSCURRENT to the pending version (rotate-secrets_how.html, step 4;
 * PutSecretValue without VersionStages moves AWSCURRENT to the new one): nothing was written.
 */
export class PendingRotationError extends Error {
  constructor(
    readonly secretId: string,
    readonly region: string,
    readonly pending: string,
    readonly current: string | undefined,
  ) {
    const stage = `aws secretsmanager update-secret-version-stage --secret-id ${secretId} --region ${region}`;
    super(
      `a rotation of ${secretId} is unfinished: version ${pending} is AWSPENDING, not AWSCURRENT, and finishing that rotation would replace the value written now; ` +
        `cancel it (${stage} --version-stage AWSPENDING --remove-from-version-id ${pending}) or, when the pending value is already in use at its issuer, finish it (${stage} --version-stage AWSCURRENT --move-to-version-id ${pending} --remove-from-version-id ${current ?? "<the AWSCURRENT version>"}); then retry`,
    );
    this.name = "PendingRotationError";
  }
}

/** The versions of an unfinished rotation, AWSPENDING's when it is not also AWSCURRENT's (DescribeSecret's VersionIdsToStages). */
function unfinishedRotation(stages: Record<string, string[]> | undefined): { pending: string; current?: string } | undefined {
  const entries = Object.entries(stages ?? {});
  const pending = entries.find(([, labels]) => labels.includes("AWSPENDING"));
  if (!pending || pending[1].includes("AWSCURRENT")) return undefined;
  const current = entries.find(([, labels]) => labels.includes("AWSCURRENT"))?.[0];
  return { pending: pending[0], ...(current === undefined ? {} : { current }) };
}

function envCredentials(env: NodeJS.ProcessEnv): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

/**
 * Writes a new version with PutSecretValue. DescribeSecret first: by name it finds the secret in the
 * credentials' own account, so its ARN says which account they are of (there is no STS client); one
 * other than `accountId` is refused (WrongAccountError) with nothing sent but that, and the write then
 * names the secret by that ARN. So is a secret with an unfinished rotation (PendingRotationError). The value travels only in the TLS request body: every attempt goes to
 * https (plain http to loopback only), whichever endpoint the SDK picked (lib/core/aws-request-guard.ts).
 * Rejects with PutSecretValueError.
 */
export async function putSecretValue(input: PutSecretValueInput): Promise<PutSecretValueResult> {
  // Loaded here, not at the top: `secrets list` and --help should not pay for the AWS SDK.
  const { DescribeSecretCommand, PutSecretValueCommand, SecretsManagerClient } =
    require("@aws-sdk/client-secrets-manager") as typeof import("@aws-sdk/client-secrets-manager");
  const credentials = envCredentials(input.env);
  const client = new SecretsManagerClient({
    region: input.region,
    ...boundedRequests(input.timeoutMs ?? PUT_TIMEOUT_MS),
    ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });
  const fates: AttemptFate[] = [];
  guardAwsClient(client, (fate) => fates.push(fate));
  // One token for every attempt of this run, so the SDK's retry of a request that did arrive is
  // idempotent; a new run has a new token (a hash of the value would publish a guessable fingerprint
  // of it as the version id, which more roles can list than can read the value).
  const token = randomUUID();
  let writing = false; // until the write is sent, no failure can have stored the value
  try {
    const described = await client.send(new DescribeSecretCommand({ SecretId: input.secretId })).catch((err: unknown) => {
      if (err instanceof Error && err.name === "ResourceNotFoundException")
        throw new SecretNotFoundError(input.secretId, input.region, input.accountId);
      throw err;
    });
    const account = accountOfArn(described.ARN, "secretsmanager", "secret");
    if (account !== input.accountId) throw new WrongAccountError(account, input.accountId);
    const rotation = unfinishedRotation(described.VersionIdsToStages);
    if (rotation) throw new PendingRotationError(input.secretId, input.region, rotation.pending, rotation.current);
    fates.length = 0;
    writing = true;
    const out = await client.send(
      new PutSecretValueCommand({ SecretId: described.ARN, SecretString: input.value, ClientRequestToken: token }),
    );
    return { versionId: out.VersionId ?? token };
  } catch (err) {
    throw new PutSecretValueError(err, writing && fates.includes("delivered"), token);
  } finally {
    client.destroy();
  }
}

/**
 * What to do when the write failed for want of credentials or rights, or was refused for credentials
 * of another account than config's or for an unfinished rotation, in one line; undefined for other errors. `writers` are the roles
 * config allows to write (secrets.writers).
 */
export function credentialHint(err: unknown, writers: readonly string[]): string | undefined {
  const name = err instanceof Error ? err.name : "";
  const roles = writers.join(" or ");
  if (err instanceof PendingRotationError) return err.message;
  if (err instanceof SecretNotFoundError)
    return `${err.message}: use credentials of a role in secrets.writers (${roles}) of ${err.expected}; if they are of it already, deploy the secrets stack (secrets-<env>) first, which creates the secret`;
  if (err instanceof WrongAccountError)
    return err.found === undefined
      ? err.message
      : `${err.message}: use credentials of a role in secrets.writers (${roles}) of ${err.expected}`;
  const problem = awsAuthProblem(err);
  if (problem === "no-credentials")
    return `no AWS credentials found: run aws sso login --profile NAME and set AWS_PROFILE=NAME (a profile that assumes ${roles}); in CI, assume that role first (aws-actions/configure-aws-credentials with role-to-assume)`;
  if (problem === "bad-credentials")
    return `AWS refused the credentials as expired or invalid (${name}): run aws sso login again (or refresh AWS_PROFILE's credentials), then retry`;
  if (problem === "not-allowed")
    return `AWS denied the write (${name}): use credentials of a role in secrets.writers (${roles}), e.g. AWS_PROFILE set to a profile that assumes it`;
  return undefined;
}
