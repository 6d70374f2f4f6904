import { specOf } from "./command-specs";
import type { Command } from "./types";

/**
 * A command whose module loads only when it runs or prints its usage, so `golive synth` never pays for
 * the AWS SDK, the Cloudflare SDK or mailauth. `summary` is repeated here for `golive --help`; a test
 * keeps it equal to the command's own.
 */
export function lazyCommand(name: string, summary: string, load: () => Command): Command {
  let loaded: Command | undefined;
  const get = (): Command => (loaded ??= load());
  const spec = specOf(name);
  return {
    name,
    summary,
    ...(spec ? { spec } : {}),
    get usage() {
      return get().usage;
    },
    run: (args, io) => get().run(args, io),
  };
}
