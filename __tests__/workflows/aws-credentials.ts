import { isRecord } from "./support";

/** The action whose role credentials these tests follow. */
const AWS_ACTION = "aws-actions/configure-aws-credentials@";

/** The variables that carry an AWS role's credentials: a step holding any of them can call AWS. */
const AWS_CREDENTIAL_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;

/** Whether `step` is a configure-aws-credentials step. */
export const isAwsCredentials = (step: Record<string, unknown>): boolean => String(step.uses).startsWith(AWS_ACTION);

/**
 * The env a step that calls AWS gets from the job's configure-aws-credentials step (id `aws`, with
 * output-env-credentials: false): the role's credentials from its outputs, and the region it was given.
 */
export function awsStepEnv(region: string): Readonly<Record<string, string>> {
  return {
    AWS_ACCESS_KEY_ID: "${{ steps.aws.outputs.aws-access-key-id }}",
    AWS_SECRET_ACCESS_KEY: "${{ steps.aws.outputs.aws-secret-access-key }}",
    AWS_SESSION_TOKEN: "${{ steps.aws.outputs.aws-session-token }}",
    AWS_REGION: region,
  };
}

/** Whether `env` (a workflow's, a job's or a step's) holds any AWS credential variable. */
export const holdsAwsCredentials = (env: unknown): boolean => isRecord(env) && AWS_CREDENTIAL_VARIABLES.some((name) => name in env);
