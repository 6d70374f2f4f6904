import { golive } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

/** What `golive --help` lists under "Commands:", in order, run in-process. */
export async function helpCommands(): Promise<string[]> {
  const run = await golive(["--help"], { cwd: REPO_ROOT });
  if (run.code !== 0) throw new Error(`golive --help exited ${run.code}: ${run.stderr}`);
  const lines = run.stdout.split("\n");
  const start = lines.findIndex((l) => /^Commands:\s*$/.test(l));
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const name = /^ {2}([a-z][a-z0-9-]*)\s{2,}\S/.exec(line)?.[1];
    if (name === undefined) break;
    names.push(name);
  }
  return names;
}

/** `golive help <command>`, run in-process: the usage text the command's parser documents. */
export async function helpText(command: string): Promise<string> {
  const run = await golive(["help", command], { cwd: REPO_ROOT });
  if (run.code !== 0) throw new Error(`golive help ${command} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}
