import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMAND_SPECS } from "../../lib/cli/command-specs";

// Every command, and every release subcommand, runs as a real process of bin/golive.js in at least one
// test: jest's transforms hide loader bugs (a dynamic import() that only the real loader fails on). Tests
// that run a command in-process to save CPU rely on this: the spawn named here must stay a spawn.

const TESTS = join(__dirname, "..");

/** Every test source, by its path under __tests__. */
function testSources(): Map<string, string> {
  const out = new Map<string, string>();
  for (const folder of readdirSync(TESTS, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(TESTS, folder.name)).filter((f) => f.endsWith(".ts")))
      out.set(`${folder.name}/${file}`, readFileSync(join(TESTS, folder.name, file), "utf8"));
  }
  return out;
}

const words = (...w: readonly string[]) => w.map((x) => `"${x}"`).join(",\\s*");

/** A spawnGolive call whose argument list starts with these words, written out. */
const literalSpawn = (...w: readonly string[]) => new RegExp(`spawnGolive\\(\\s*\\[\\s*${words(...w)}`);

/** Commands whose process run builds its arguments elsewhere: the file and the spawn in it. */
const BUILT_ARGUMENTS: Readonly<Record<string, { readonly file: string; readonly spawn: RegExp }>> = {
  synth: { file: "init/next-steps.spec.ts", spawn: /spawnCollect\("sh", \["-c", command\], \{ cwd, env: goliveOnPath\(cwd\) \}\)/ },
  init: { file: "init/init.spec.ts", spawn: /spawnGolive\(flags\(/ },
  completion: {
    file: "cli/epipe.spec.ts",
    spawn: /spawn\(process\.execPath, \[BIN, \.\.\.args\][\s\S]*withReaderGone\(\["completion", "bash"\]/,
  },
  "release run": { file: "release/release-processes.spec.ts", spawn: /const args = \["release", "run"[\s\S]*spawnGolive\(args,/ },
};

describe("every command runs as a process in some test", () => {
  const sources = testSources();
  const commands = [
    ...Object.keys(COMMAND_SPECS).filter((c) => c !== "release"),
    ...COMMAND_SPECS.release.subcommands.map((s) => `release ${s}`),
  ];

  test.each(commands)("%s", (command) => {
    const built = BUILT_ARGUMENTS[command];
    const spawned = built
      ? built.spawn.test(sources.get(built.file) ?? "")
      : [...sources.values()].some((text) => literalSpawn(...command.split(" ")).test(text));
    expect({ command, spawned }).toEqual({ command, spawned: true });
  });
});
