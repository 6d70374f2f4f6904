import { configDirOption } from "../../core/config-dir-argument";

/**
 * The commands to run after init, ready to paste: `golive synth qa && golive check qa`, with
 * `--config-dir DIR` for a folder other than the default (configDirArgument): synth and check read
 * ./config unless told, and would not know the environment (exit 2).
 */
export function nextCommands(environment: string, configDir?: string): string {
  const where = configDirOption(configDir);
  return `golive synth ${environment}${where} && golive check ${environment}${where}`;
}

/** The app's own controls, which no stack can prove: readiness.attestations items a person fills in. */
const APP_ATTESTATIONS = ["GL-APP-001", "GL-APP-002", "GL-APP-003", "GL-APP-004", "GL-APP-005"] as const;

/**
 * The blockers `golive check` reports on a config fresh from init until a person acts, as the file's
 * comments list them: the app's attestations; with CI roles, the GitHub environments' protection
 * (GL-SEC-010), without them the missing roles (GL-SEC-005); on free, the OWASP ruleset (GL-EDGE-007),
 * which runs on pro and above; without a runbooks/ folder where check runs, the runbooks (GL-REL-003).
 * Init attests nothing on anyone's behalf.
 */
export function blockersUntilAttested(plan: string, withGithubRepository: boolean, withRunbooks: boolean): string[] {
  return [
    ...APP_ATTESTATIONS,
    ...(plan === "free" ? ["GL-EDGE-007"] : []),
    withGithubRepository ? "GL-SEC-010" : "GL-SEC-005",
    // Check reads ./runbooks: a project without golive's runbooks has none until it copies them.
    ...(withRunbooks ? [] : ["GL-REL-003"]),
  ];
}
