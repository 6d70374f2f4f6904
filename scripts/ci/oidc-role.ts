// Assumes an AWS role with the job's GitHub OIDC token, as aws-actions/configure-aws-credentials does,
// but hands the credentials to one child process instead of the job's environment: a job that assumes
// one role per environment in a loop (pr.yml) cannot repeat that action for environments it discovers.
// The web-identity call to STS is unsigned (no credentials needed): https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
// The token request: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#updating-your-actions-for-oidc

/** The audience configure-aws-credentials requests, which the roles' trust policies require. */
const AUDIENCE = "sts.amazonaws.com";

export class RoleError extends Error {}

export interface RoleCredentials {
  readonly AWS_ACCESS_KEY_ID: string;
  readonly AWS_SECRET_ACCESS_KEY: string;
  readonly AWS_SESSION_TOKEN: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The job's OIDC token for STS; needs `permissions: id-token: write`. */
export async function githubOidcToken(env: Env): Promise<string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) throw new RoleError("no GitHub OIDC token: the job needs `permissions: id-token: write`");
  const res = await fetch(`${url}&audience=${encodeURIComponent(AUDIENCE)}`, { headers: { Authorization: `bearer ${bearer}` } });
  const body: unknown = res.ok ? await res.json() : undefined;
  const value = typeof body === "object" && body !== null && "value" in body ? body.value : undefined;
  if (typeof value !== "string" || value.length === 0) throw new RoleError(`the GitHub OIDC token request failed (HTTP ${res.status})`);
  return value;
}

/** The text of `<name>` in STS's XML answer (a flat, known shape: no XML parser needed). */
function xmlField(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/** One-hour credentials of `roleArn` for `token`; STS's error code and message when it refuses. */
export async function assumeRoleWithWebIdentity(options: {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly region: string;
  readonly token: string;
  /** AWS_ENDPOINT_URL_STS, as the AWS SDKs read it; default the region's STS endpoint. */
  readonly endpoint?: string;
}): Promise<RoleCredentials> {
  const endpoint = options.endpoint || `https://sts.${options.region}.amazonaws.com/`;
  const form = new URLSearchParams({
    Action: "AssumeRoleWithWebIdentity",
    Version: "2011-06-15",
    RoleArn: options.roleArn,
    RoleSessionName: options.sessionName,
    WebIdentityToken: options.token,
    DurationSeconds: "3600",
  });
  const res = await fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form });
  const xml = await res.text();
  const id = xmlField(xml, "AccessKeyId");
  const secret = xmlField(xml, "SecretAccessKey");
  const session = xmlField(xml, "SessionToken");
  if (!res.ok || !id || !secret || !session) {
    const why = [xmlField(xml, "Code"), xmlField(xml, "Message")].filter(Boolean).join(": ") || `HTTP ${res.status}`;
    throw new RoleError(`STS refused ${options.roleArn}: ${why}`);
  }
  return { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: session };
}
