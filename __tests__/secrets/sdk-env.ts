import { Readable } from "node:stream";
import { type CliRun, golive } from "../helpers/cli";

/**
 * `golive <args>` in-process with the environment spawnGolive would give the process: `env` (HOME the
 * working directory, so no shared AWS config or credentials file is read) is golive's io.env and, for
 * the run's length, process.env too, where the AWS SDK reads AWS_ENDPOINT_URL(_SECRETS_MANAGER) and
 * AWS_EC2_METADATA_DISABLED. `input` is all of stdin. secrets put runs as a process in put-secret.spec.ts.
 */
export async function goliveWithSdkEnv(
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly input: string },
): Promise<CliRun> {
  const env = { HOME: options.cwd, ...options.env };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await golive(args, { cwd: options.cwd, env, stdin: Readable.from([Buffer.from(options.input)]) });
  } finally {
    process.env = saved;
  }
}
