import { field, str } from "./json";

/**
 * What an AWS SDK error says about the caller's credentials, from its `name`: the SDK's own credential
 * errors, or the service's error code (the same codes across the JSON and query protocols).
 */
export type AwsAuthProblem =
  /** No usable credentials were found (credential chain, SSO token). */
  | "no-credentials"
  /** Credentials were sent and refused as expired or invalid. */
  | "bad-credentials"
  /** The credentials are valid but may not make this call (IAM, a permissions boundary, an SCP). */
  | "not-allowed";

const PROBLEMS: ReadonlyMap<string, AwsAuthProblem> = new Map([
  ["CredentialsProviderError", "no-credentials"],
  ["TokenProviderError", "no-credentials"],
  ["ExpiredTokenException", "bad-credentials"],
  ["ExpiredToken", "bad-credentials"],
  ["UnrecognizedClientException", "bad-credentials"],
  ["InvalidClientTokenId", "bad-credentials"],
  ["InvalidSignatureException", "bad-credentials"],
  ["AccessDeniedException", "not-allowed"],
  ["AccessDenied", "not-allowed"],
]);

/** The credentials problem an AWS SDK error names; undefined for any other error. */
export function awsAuthProblem(err: unknown): AwsAuthProblem | undefined {
  // By field, not instanceof: an error made in another realm (a test runner's sandbox) is still one.
  const name = str(field(err, "name"));
  return name === undefined ? undefined : PROBLEMS.get(name);
}
