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
