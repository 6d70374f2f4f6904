import { cpSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";

import { MAX_FLAG_VALUE_CHARS } from "../../lib/cli/args";
import { COMMAND_SPECS } from "../../lib/cli/command-specs";
import { type CliRun, golive, spawnGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

/**
 * A flag's value is repeated in its error cut short (lib/core/shown-value.ts): a 100 KB value pasted into
 * any flag of any command is one short line naming the flag, exit 2, nothing written, as the hostile
 * suite asks of every refusal (stderr under 2,000 characters). The flags come from the command table
 * (lib/cli/command-specs.ts), so a flag added later is tried too.
 */
const MAX_STDERR = 2000;
const HUGE = "a".repeat(100_000);
/** A refusal is immediate; one that takes this long is a hang. */
const HANG_MS = 5_000;
const PLAN = join(REPO_ROOT, "__tests__", "fixtures", "plans", "tf-changes.json");
type CommandName = keyof typeof COMMAND_SPECS;

/**
 * What each command is given besides the flag, so that the flag's own check is reached: the
 * environment, stack, subcommand or file it needs. Every command not named here is run with none.
 */
const CONTEXTS: Readonly<Partial<Record<CommandName, readonly (readonly string[])[]>>> = {
  verify: [["production"]],
  zone: [["production"]],
  secrets: [["list", "production"]],
  release: [
    ["status", "production"],
    ["start", "production"],
    ["promote", "production", "--watch"],
  ],
  preflight: [["production"]],
  init: [["qa", "--yes"]],
  outputs: [["edge-production"]],
  "plan-report": [[PLAN]],
  "plan-compare": [["review.json", "."]],
  completion: [["bash"]],
};

interface FlagRun {
  readonly command: CommandName;
  readonly flag: string;
  readonly args: readonly string[];
}

/** Every value-taking flag of every command, in each of its command's contexts, given `value`. */
function flagRuns(value: string): FlagRun[] {
  return Object.entries(COMMAND_SPECS).flatMap(([name, spec]) => {
    const command = name as CommandName;
    const flags: readonly string[] = [
      ...("values" in spec.flags ? spec.flags.values : []),
      ...("repeatable" in spec.flags ? spec.flags.repeatable : []),
    ];
    return flags.flatMap((flag) =>
      (CONTEXTS[command] ?? [[]]).map((context) => ({ command, flag, args: [command, ...context, `--${flag}`, value] })),
    );
  });
}

function project(): string {
  const dir = tempDir("golive-long-values-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  return dir;
}

const listing = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

async function run(args: readonly string[], cwd: string): Promise<CliRun | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const answer = await Promise.race([
    golive(args, { cwd, env: { CLOUDFLARE_API_TOKEN: "t".repeat(40) }, stdin: Readable.from([]) }),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), HANG_MS);
    }),
  ]);
  clearTimeout(timer);
  return answer;
}

const shown = (r: FlagRun) => `${r.args.slice(0, -1).join(" ")} <${r.args[r.args.length - 1]?.length} characters>`;

describe("a long flag value is cut in its error", () => {
  test("fails on every command's every value flag given 100,000 characters: exit 2 naming the flag in one short line, nothing written", async () => {
    const dir = project();
    const before = listing(dir);
    const runs = flagRuns(HUGE);
    const wrong: string[] = [];
    for (const r of runs) {
      const answer = await run(r.args, dir);
      if (answer === undefined) {
        wrong.push(`${shown(r)}: hung`);
        continue;
      }
      const problems = [
        answer.code !== 2 && `exit ${answer.code}`,
        answer.stderr.length >= MAX_STDERR && `stderr of ${answer.stderr.length} characters`,
        !answer.stderr.includes(`--${r.flag}`) && `does not name --${r.flag}`,
        /\n\s+at /.test(answer.stderr) && "a stack trace",
      ].filter(Boolean);
      if (problems.length > 0) wrong.push(`${shown(r)}: ${problems.join(", ")}: ${JSON.stringify(answer.stderr.slice(0, 160))}`);
    }
    expect(runs.length).toBeGreaterThan(90);
    expect(wrong).toEqual([]);
    expect(listing(dir)).toEqual(before);
  }, 60_000);

  test(`fails on every value flag given the longest value a flag takes (${MAX_FLAG_VALUE_CHARS} characters): its own check cuts it`, async () => {
    const dir = project();
    const before = listing(dir);
    const wrong: string[] = [];
    for (const r of flagRuns("a".repeat(MAX_FLAG_VALUE_CHARS))) {
      const answer = await run(r.args, dir);
      const bound = MAX_STDERR;
      if (answer === undefined) wrong.push(`${shown(r)}: hung`);
      else if (answer.stderr.length >= bound)
        wrong.push(`${shown(r)}: stderr of ${answer.stderr.length} characters: ${JSON.stringify(answer.stderr.slice(0, 160))}`);
    }
    expect(wrong).toEqual([]);
    expect(listing(dir)).toEqual(before);
  }, 60_000);

  test("shows at most 80 characters of the value and says how long it was (the first case spawned)", async () => {
    const dir = project();
    const a79 = "a".repeat(79);
    const cases: readonly (readonly [readonly string[], string])[] = [
      [
        ["check", "--format", HUGE],
        `golive check: --format: got "${a79}…", a value of 100,000 characters; allowed: at most 8,192 characters`,
      ],
      [
        ["check", "--format", "a".repeat(200)],
        `golive check: --format: got "${a79}…" (200 characters), allowed: table, json, sarif, junit`,
      ],
      [
        ["plan", "--concurrency", "9".repeat(300)],
        `golive plan: --concurrency: got "${"9".repeat(79)}…" (300 characters), allowed: a whole number from 1 to 16`,
      ],
      [
        ["zone", "production", "--zone", `${"a".repeat(3000)}.com`],
        `golive zone: --zone: got "${a79}…" (3,004 characters), allowed: a DNS name such as example.com`,
      ],
      [
        ["init", "qa", "--yes", "--plan", "a".repeat(3000)],
        `golive init: --plan: got "${a79}…" (3,000 characters), allowed: free, pro, business, enterprise`,
      ],
      [
        ["check", "--config-dir", "a".repeat(3000)],
        `golive check: --config-dir: a name in the path is 3000 bytes long (a file system allows 255): ${"a".repeat(24)}...`,
      ],
    ];
    // The 100,000-character value as a process (the argument list the OS passes on); the rest in-process.
    for (const [i, [args, line]] of cases.entries()) {
      const answer = await (i === 0 ? spawnGolive : golive)(args, { cwd: dir });
      expect({ args: args.map((a) => a.slice(0, 20)), code: answer.code, stderr: answer.stderr }).toEqual({
        args: args.map((a) => a.slice(0, 20)),
        code: 2,
        stderr: `${line}\nsee: golive ${args[0]} --help\n`,
      });
    }
  }, 30_000);
});

describe("a long word where a command, subcommand, shell or percent goes is cut in its error too", () => {
  test.each([
    [["x".repeat(100_000)]],
    [["release", "x".repeat(100_000)]],
    [["release", "shift", "production", "9".repeat(100_000)]],
    [["completion", "x".repeat(100_000)]],
  ])("%#: exit 2, one short line", async (args) => {
    const run = await golive(args, { cwd: tempDir("golive-long-word-") });
    expect(run.code).toBe(2);
    expect(run.stderr.length).toBeLessThan(2_000);
    expect(run.stderr).toContain("(100,000 characters)");
  });
});
