import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { COMMAND_SPECS } from "../../lib/cli/command-specs";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

/**
 * Malformed and hostile command lines and stdin, run in-process against a project with the example
 * config and no synth output. Every one must be refused with one short, printable error that names what
 * was wrong (usage errors exit 2, failures 1), with no stack trace, no internal error, no terminal escape,
 * and nothing written into the project.
 */
interface CliCase {
  readonly name: string;
  readonly args: readonly string[];
  /** A word the error must contain (the flag or argument at fault). */
  readonly names: string;
  /** The exit status, when it must be this one (a bad flag value: 2). */
  readonly code?: number;
  readonly stdin?: Buffer;
}

const HUGE = "x".repeat(100_000);
/** A refusal is immediate; one that takes this long is a hang (a FIFO opened for reading, say). */
const HANG_MS = 5_000;
const ESCAPES = "\u001b[2J\u001b]0;pwned\u0007";

/** Bad values for a numeric flag: words, signs, fractions, exponents, hex, out of range, empty, huge. */
const BAD_NUMBERS = ["abc", "-1", "1.5", "1e3", "0x10", "99999999999999999999", "", " 5", HUGE.slice(0, 500)];

function numericCases(command: readonly string[], flag: string): CliCase[] {
  return BAD_NUMBERS.map((value) => ({
    name: `${command.join(" ")} --${flag} ${JSON.stringify(value.slice(0, 12))}`,
    args: [...command, `--${flag}`, value],
    names: `--${flag}`,
  }));
}

function cases(fifo: string, dir: string): CliCase[] {
  const out: CliCase[] = [
    ...numericCases(["verify", "production"], "timeout-ms"),
    ...numericCases(["verify", "production"], "samples"),
    ...numericCases(["verify", "production"], "https-port"),
    ...numericCases(["release", "promote", "production", "--watch"], "origin-port"),
    ...numericCases(["release", "rollback", "production", "--now"], "max-retries"),
    ...numericCases(["plan"], "concurrency"),
    ...numericCases(["preflight", "production"], "timeout-ms"),
    { name: "release shift with a percent sign", args: ["release", "shift", "production", "50%"], names: "50%" },
    { name: "release shift above 100", args: ["release", "shift", "production", "101"], names: "101" },
    { name: "check --format xml", args: ["check", "--format", "xml"], names: "--format" },
    { name: "check --today 2026-13-01", args: ["check", "--today", "2026-13-01"], names: "--today" },
    { name: "check --skip-rule of no rule", args: ["check", "--skip-rule", "GL-NOPE-999"], names: "GL-NOPE-999" },
    { name: "verify --resolver garbage", args: ["verify", "production", "--resolver", "not a host:port"], names: "--resolver" },
    { name: "verify --health-path without slash", args: ["verify", "production", "--health-path", "healthz"], names: "--health-path" },
    { name: "verify --ca-file that is a FIFO", args: ["verify", "production", "--ca-file", fifo], names: "--ca-file" },
    {
      name: "verify --ca-file that does not exist",
      args: ["verify", "production", "--ca-file", join(dir, "nope.pem")],
      names: "--ca-file",
    },
    {
      name: "release --api-base-url plain http",
      args: ["release", "rollback", "production", "--now", "--api-base-url", "http://api.example.com"],
      names: "--api-base-url",
    },
    {
      name: "preflight --api-base-url with a space",
      args: ["preflight", "production", "--api-base-url", "https://a b"],
      names: "--api-base-url",
    },
    { name: "zone --values a FIFO", args: ["zone", "production", "--values", fifo], names: "--values" },
    { name: "zone --set two DKIM tokens", args: ["zone", "production", "--set", "dkim_tokens=a,b"], names: "dkim" },
    { name: "zone --zone with a newline", args: ["zone", "production", "--zone", "example.com\n$INCLUDE /etc/passwd"], names: "--zone" },
    { name: "synth --output the working directory", args: ["synth", "--output", "."], names: "." },
    { name: "synth --output the config folder", args: ["synth", "--output", "config"], names: "config" },
    { name: "synth --output followed by a flag", args: ["synth", "--output", "--json"], names: "--output" },
    { name: "synth -x (a single-dash word)", args: ["synth", "-x"], names: "-x" },
    { name: "an unknown command with terminal escapes", args: [`deploy${ESCAPES}`], names: "deploy" },
    { name: "an unknown flag with terminal escapes", args: ["check", `--format${ESCAPES}`], names: "--format" },
    { name: "an environment of 100,000 characters", args: ["check", HUGE], names: "environment" },
    { name: "an environment with terminal escapes", args: ["zone", `prod${ESCAPES}`], names: "environment" },
    { name: "plan-report of a FIFO", args: ["plan-report", fifo], names: "pipe" },
    {
      name: "plan-compare of a review file that is no review",
      args: ["plan-compare", join(dir, "review.json"), dir],
      names: "review.json",
    },
    { name: "completion for fish", args: ["completion", "fish"], names: "fish" },
    { name: "release with no subcommand", args: ["release"], names: "subcommand" },
    { name: "release with --build on shift", args: ["release", "shift", "production", "10", "--build", "v2"], names: "--build" },
    { name: "release --no-alarms without --watch", args: ["release", "promote", "production", "--no-alarms"], names: "--no-alarms" },
    { name: "plan --no-lock with --keep-plan-file", args: ["plan", "--no-lock", "--keep-plan-file"], names: "--no-lock" },
  ];
  // Every command's every value flag given without its value, and with terminal escapes (a path with
  // them would create a folder no one can type; echoed raw they would clear or retitle the terminal).
  for (const [command, spec] of Object.entries(COMMAND_SPECS)) {
    const values: readonly string[] = [
      ...("values" in spec.flags ? (spec.flags.values ?? []) : []),
      ...("repeatable" in spec.flags ? (spec.flags.repeatable ?? []) : []),
    ];
    for (const flag of values) {
      if ("values" in spec.flags && (spec.flags.values as readonly string[]).includes(flag))
        out.push({ name: `${command} --${flag} without a value`, args: [command, `--${flag}`], names: `--${flag}` });
      out.push({
        name: `${command} --${flag} with terminal escapes`,
        args: [command, `--${flag}`, `out${ESCAPES}`],
        names: `--${flag}`,
        code: 2,
      });
    }
  }
  // Escapes in arguments that reach a message as they are (file names, stack names): shown escaped.
  out.push(
    { name: "plan-report of a file name with escapes", args: ["plan-report", `p${ESCAPES}.json`], names: "no such plan file", code: 2 },
    {
      name: "plan-compare of a review name with escapes",
      args: ["plan-compare", `r${ESCAPES}.json`, dir],
      names: "no such review file",
      code: 2,
    },
    { name: "outputs of a stack name with escapes", args: ["outputs", `edge${ESCAPES}`], names: "stack", code: 2 },
  );
  // Flags that write a file or folder: never over the project's own files, nor where the write cannot end.
  const plan = join(REPO_ROOT, "__tests__", "fixtures", "plans", "tf-changes.json");
  out.push(
    { name: "check --json=true", args: ["check", "--json=true"], names: "--json takes no value", code: 2 },
    { name: "check --compact=yes", args: ["check", "--compact=yes"], names: "--compact takes no value", code: 2 },
    {
      name: "check --output /proc/nope/x (mkdir -p never returns there)",
      args: ["check", "--output", "/proc/nope/x"],
      names: "--output",
      code: 2,
    },
    { name: "plan-report --output /proc/nope/x", args: ["plan-report", plan, "--output", "/proc/nope/x"], names: "--output", code: 2 },
    { name: "check --dir /proc/nope/out (it would synthesize there)", args: ["check", "--dir", "/proc/nope/out"], names: "--dir", code: 2 },
    { name: "check --output the config folder", args: ["check", "--output", "config"], names: "--output", code: 2 },
    { name: "check --output a config file", args: ["check", "--output", "config/production.yaml"], names: "--output", code: 2 },
    { name: "check --output below a file", args: ["check", "--output", "inputs/review.json/x"], names: "--output", code: 2 },
    {
      name: "plan-report --digest over a file of the user's",
      args: ["plan-report", plan, "--digest", "inputs/review.json"],
      names: "--digest",
      code: 2,
    },
    { name: "check --output with a 300-byte name", args: ["check", "--output", "o".repeat(300)], names: "--output", code: 2 },
    { name: "synth --output with a 300-byte name", args: ["synth", "--output", "o".repeat(300)], names: "--output", code: 2 },
  );
  // A --config-dir that is not there: exit 2 naming the flag, for every command that reads configs.
  for (const args of [
    ["synth"],
    ["check"],
    ["zone", "production"],
    ["verify", "production", "--dry-run"],
    ["secrets", "list", "production"],
    ["release", "status", "production"],
    ["preflight", "production"],
    ["plan"],
  ])
    out.push({
      name: `${args.join(" ")} --config-dir nope`,
      args: [...args, "--config-dir", "nope"],
      names: "--config-dir: nope does not exist",
      code: 2,
    });
  // stdin that is not a secret value golive may store.
  const put = ["secrets", "put", "production", "database-url"];
  out.push(
    {
      name: "secrets put: a DER key on stdin",
      args: put,
      names: "UTF-8",
      stdin: Buffer.from([0x30, 0x82, 0x01, 0x0a, 0xff, 0xfe, 0x00, 0x80]),
    },
    { name: "secrets put: UTF-16 text on stdin", args: put, names: "UTF", stdin: Buffer.from("\ufeffpassword123", "utf16le") },
    { name: "secrets put: an empty stdin", args: put, names: "empty", code: 2 },
  );
  return out;
}

/** Whether text holds a C0 control character other than tab and line feed, or DEL (an escape reached the terminal). */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f) return true;
  }
  return false;
}

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((p) => `${p} ${statSync(join(dir, p)).size}`)
    .sort();
}

describe("hostile command lines and stdin", () => {
  const dir = tempDir("golive-hostile-cli-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  mkdirSync(join(dir, "inputs"));
  const fifo = join(dir, "inputs", "pipe");
  execFileSync("mkfifo", [fifo]);
  writeFileSync(join(dir, "inputs", "review.json"), "{}\n");
  const all = cases(fifo, join(dir, "inputs"));

  test(`each of ${all.length} malformed invocations is refused by name: short, printable, no stack trace, nothing written`, async () => {
    const before = listing(dir);
    const started = performance.now();
    const wrong: string[] = [];
    let hung = 0;
    for (const c of all) {
      let timer: NodeJS.Timeout | undefined;
      const run = await Promise.race([
        golive(c.args, { cwd: dir, env: { CLOUDFLARE_API_TOKEN: "t".repeat(40) }, stdin: Readable.from(c.stdin ? [c.stdin] : []) }),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), HANG_MS);
        }),
      ]);
      clearTimeout(timer);
      if (run === undefined) {
        wrong.push(`${c.name}: hung (no answer in ${HANG_MS} ms)`);
        hung += 1;
        continue;
      }
      const problems = [
        run.code === 0 && "exit 0",
        c.code !== undefined && run.code !== c.code && `exit ${run.code}, not ${c.code}`,
        /\n\s+at |internal error|TypeError|ReferenceError/.test(run.stderr) && "stack trace or internal error",
        hasControlCharacter(run.stderr + run.stdout) && "control characters printed",
        run.stderr.length > 2000 && `stderr of ${run.stderr.length} characters`,
        !run.stderr.includes(c.names) && `does not name ${JSON.stringify(c.names)}`,
        listing(dir).join("\n") !== before.join("\n") && "wrote into the project",
      ].filter(Boolean);
      rmSync(join(dir, "cdktf.out"), { recursive: true, force: true });
      if (problems.length > 0)
        wrong.push(`${c.name}: ${problems.join(", ")} (exit ${run.code}: ${JSON.stringify(run.stderr.slice(0, 200))})`);
    }
    process.stdout.write(
      `hostile cli: tried ${all.length} (flags of every command, numbers, URLs, paths to a FIFO, escapes, stdin): ` +
        `refused by name ${all.length - wrong.length}, wrong ${wrong.length - hung}, hung ${hung}; ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    expect(wrong).toEqual([]);
    expect(listing(dir)).toEqual(before);
  }, 60_000);
});
