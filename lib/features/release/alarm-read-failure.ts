import { awsAuthProblem } from "../../core/aws-errors";
import { InsecureEndpointError } from "../../core/aws-request-guard";
import { field, str } from "../../core/json";
import type { AlarmAccount } from "./alarm-query";

/** Socket errors and SDK timeouts: CloudWatch was not reached, or did not answer in time. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "ETIMEDOUT"]);

/** `Name: first line of the message`, never more than one line (an SDK message may span several). */
export function errorLine(err: unknown): string {
  const name = str(field(err, "name"));
  const message = (str(field(err, "message")) ?? String(err)).split("\n")[0]?.trim() ?? "";
  return name && name !== "Error" && !message.startsWith(name) ? `${name}: ${message}` : message;
}

/**
 * An alarm read is not of the account config puts the alarms in (its AlarmArn names another, or none):
 * the credentials are of another account, whose alarms say nothing of this environment, even under its
 * names. The read fails, as one that cannot be read does.
 */
export class AlarmAccountError extends Error {
  constructor(
    readonly alarm: string,
    /** The account in its AlarmArn; undefined when it came without one naming an account. */
    readonly found: string | undefined,
    readonly expected: AlarmAccount,
  ) {
    super(
      found === undefined
        ? `alarm "${alarm}" came without an AlarmArn naming its account, so it could not be checked against ${expected.field} ${expected.id}`
        : `alarm "${alarm}" is in AWS account ${found} (its AlarmArn), not ${expected.field} ${expected.id}: the credentials are of another account`,
    );
    this.name = "AlarmAccountError";
  }
}

/**
 * Why DescribeAlarms failed and what to do, in one sentence: missing or refused credentials, a
 * permission (IAM, a boundary, or a service control policy denying the action or the region), the
 * endpoint golive refused, credentials of another account, or CloudWatch out of reach.
 */
export function cloudWatchReadFailure(err: unknown, region: string): string {
  const what = errorLine(err);
  if (err instanceof InsecureEndpointError) return what;
  if (err instanceof AlarmAccountError)
    return `${what}; give this run credentials of AWS account ${err.expected.id}, where the monitoring stack keeps the alarms (AWS_PROFILE after aws sso login; in CI the deploy role of that account)`;
  switch (awsAuthProblem(err)) {
    case "no-credentials":
      return `no AWS credentials were found (${what}): give this run credentials that may call cloudwatch:DescribeAlarms in ${region} (AWS_PROFILE after aws sso login; in CI the deploy role, through aws-actions/configure-aws-credentials)`;
    case "bad-credentials":
      return `AWS refused the credentials as expired or invalid (${what}): refresh them (aws sso login, or AWS_PROFILE's) and run this again`;
    case "not-allowed":
      return `the credentials may not call cloudwatch:DescribeAlarms in ${region} (${what}): allow that action to the role, and check that no permissions boundary or service control policy denies it or the region ${region}, where the monitoring stack keeps these alarms (Route 53 publishes its health-check metrics only there)`;
    case undefined: {
      const code = str(field(err, "code"));
      if (str(field(err, "name")) === "TimeoutError" || (code !== undefined && UNREACHABLE_CODES.has(code)))
        return `CloudWatch in ${region} could not be reached or did not answer in time (${what}): check this machine's network and proxy, or --timeout-ms`;
      return what;
    }
  }
}
