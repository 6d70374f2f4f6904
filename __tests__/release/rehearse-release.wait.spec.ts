import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isRecord } from "../../lib/core/json";
import { type CliRun, golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { initArgs } from "../init/init-args";
import { lastLine, releaseFixture } from "./release-fixture";

// scripts/rehearse-release.mjs, as `release --help` and docs/releasing.md tell a new user to run it: plain
// node, the stand-ins on loopback, then `golive release` against what it printed. The script runs as a
// process; the golive commands run in this one, sending the same requests to the stand-ins: `golive
// release` runs as a process of bin/golive.js in release-commands.spec.ts (abort: start and shift are the
// same module, engines/release/move), release-processes.spec.ts and cli/process.spec.ts (rollback --now
// --drain, its lazily loaded Cloudflare client).

interface Printed {
  readonly configDir: string;
  readonly env: Record<string, string>;
  readonly commands: string[];
  /** Why the rehearsal changed its copy beyond what the commands write (stand-in origins). */
  readonly note?: string;
}

/** The rehearsal's first stdout line (`--json`), once it is listening. */
async function printed(child: ChildProcessWithoutNullStreams): Promise<Printed> {
  let text = "";
  for await (const chunk of child.stdout) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  const value: unknown = JSON.parse(text.split("\n")[0] ?? "");
  if (!isRecord(value) || !isRecord(value.env) || !Array.isArray(value.commands)) throw new Error(`unexpected rehearsal output: ${text}`);
  return {
    configDir: String(value.configDir),
    env: Object.fromEntries(Object.entries(value.env).map(([k, v]) => [k, String(v)])),
    commands: value.commands.map(String),
    ...(typeof value.note === "string" ? { note: value.note } : {}),
  };
}

/** What a rehearsal run printed, its copy's config once the commands ran, and the commands' runs. */
interface Rehearsal {
  readonly printed: Printed;
  readonly runs: readonly CliRun[];
  readonly copy: string;
}

/**
 * Runs the script as a process in `cwd` for `env` and each printed command as a user pastes it (`npx
 * golive ...`) in this process, whose AWS SDK reads the credentials from process.env (restored after);
 * then stops the script and checks its copy went with it.
 */
async function rehearse(cwd: string, env: string): Promise<Rehearsal> {
  const savedEnv = { ...process.env };
  const child = spawn(process.execPath, [join(REPO_ROOT, "scripts", "rehearse-release.mjs"), env, "--json"], {
    cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd },
  });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString("utf8");
  });
  let result: Rehearsal | undefined;
  try {
    const out = await printed(child);
    expect(stderr).toBe("");
    Object.assign(process.env, Object.fromEntries(Object.entries(out.env).filter(([k]) => k.startsWith("AWS_"))));
    const runs: CliRun[] = [];
    for (const command of out.commands) {
      const [npx, bin, ...args] = command.split(" ");
      expect(`${npx} ${bin}`).toBe("npx golive");
      runs.push(await golive(args, { cwd, env: out.env }));
    }
    result = { printed: out, runs, copy: readFileSync(join(out.configDir, `${env}.yaml`), "utf8") };
  } finally {
    process.env = savedEnv;
    child.kill("SIGTERM");
    if (child.exitCode === null) await once(child, "exit");
  }
  // stopped: the copy of the config went with it
  expect(existsSync(result.printed.configDir)).toBe(false);
  return result;
}

const outcomes = (runs: readonly CliRun[]) => runs.map((r) => ({ code: r.code, stderr: r.stderr }));

describe("scripts/rehearse-release.mjs: golive release without an account", () => {
  test("runs as a process: the commands it prints (status, start, promote --watch, rollback --now --drain) succeed in order against its stand-ins, editing its config copy, never the original", async () => {
    const fx = releaseFixture();
    const original = fx.read();
    const { printed: out, runs, copy } = await rehearse(fx.dir, "production");
    expect(out.env.CLOUDFLARE_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    expect(out.env.GOLIVE_CLOUDWATCH_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out.commands.map((c) => c.split(" ").slice(2, 4).join(" "))).toEqual([
      "release status",
      "release start",
      "release promote",
      "release rollback",
    ]);
    // The fixture's colours have their own origins: the copy keeps them.
    expect(out.note).toBeUndefined();
    expect(outcomes(runs)).toEqual(runs.map(() => ({ code: 0, stderr: "" })));
    // The watch's pre-flight finds the candidate's own origin alarms among those the stand-in serves.
    expect(lastLine(runs[2]?.stdout ?? "")).toMatch(/^result: completed/);
    const rollback = runs[3]?.stdout ?? "";
    expect(rollback).toContain("Cloudflare now serves blue (load balancer");
    expect(rollback).toContain("and the green pool");
    expect(copy).toContain("  phase: rolled-back");
    expect(copy).toContain("  drained: green");
    expect(fx.read()).toBe(original);
  });

  test("on the config golive init writes (both colours on one origin), the printed commands succeed in order, the watch ends result: completed, and the copy alone gets a stand-in origin for green, said in one line", async () => {
    const cwd = tempDir("golive-rehearse-init-");
    expect((await golive(initArgs({ origin: "203.0.113.10" }), { cwd })).code).toBe(0);
    const config = join(cwd, "config", "zz.yaml");
    const original = readFileSync(config, "utf8");
    const { printed: out, runs, copy } = await rehearse(cwd, "zz");
    expect(outcomes(runs)).toEqual(runs.map(() => ({ code: 0, stderr: "" })));
    expect(out.note).toBe(
      "Stand-in origins: in the copy, release.pools.green.origins point at 192.0.2.40 instead of 203.0.113.10, which blue serves from too: " +
        "release start refuses a build that would replace the live one, as a real release needs the new build on its own servers.",
    );
    expect(lastLine(runs[2]?.stdout ?? "")).toMatch(/^result: completed/);
    expect(copy).toContain('address: "192.0.2.40"');
    expect(copy).toContain("  drained: green");
    expect(readFileSync(config, "utf8")).toBe(original);
  });
});
