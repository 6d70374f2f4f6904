import { endpointProblem } from "../core/endpoint";
import { UsageError } from "./types";

/**
 * An API endpoint from a flag, else an environment variable (an empty one counts as unset): https, or
 * plain http on loopback only (the tests' stand-ins). A bad one is named by where it came from (exit 2).
 */
export function endpointFrom(flag: string | undefined, flagName: string, env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const fromEnv = env[variable] === "" ? undefined : env[variable];
  const endpoint = flag ?? fromEnv;
  const problem = endpoint === undefined ? undefined : endpointProblem(endpoint);
  if (problem) throw new UsageError(`${flag !== undefined ? flagName : variable}: ${problem}`);
  return endpoint;
}
