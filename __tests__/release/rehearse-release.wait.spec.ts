import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isRecord } from "../../lib/core/json";
import { type CliRun, golive } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
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
  };
}

describe("scripts/rehearse-release.mjs: golive release without an account", () => {
  test("runs as a process: the commands it prints (status, start, promote --watch, rollback --now --drain) succeed in order against its stand-ins, editing its config copy, never the original", async () => {
    const fx = releaseFixture();
    const original = fx.read();
    const savedEnv = { ...process.env };
    const child = spawn(process.execPath, [join(REPO_ROOT, "scripts", "rehearse-release.mjs"), "production", "--json"], {
      cwd: fx.dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: fx.dir },
    });
    let stderr = "";
    let copyDir = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    try {
      const { configDir, env, commands } = await printed(child);
      copyDir = configDir;
      expect(stderr).toBe("");
      expect(env.CLOUDFLARE_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
      expect(env.GOLIVE_CLOUDWATCH_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(commands.map((c) => c.split(" ").slice(2, 4).join(" "))).toEqual([
        "release status",
        "release start",
        "release promote",
        "release rollback",
      ]);
      // Each printed command as a user pastes it (`npx golive ...`), in this process, whose AWS SDK reads
      // the credentials from process.env (restored below).
      Object.assign(process.env, Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith("AWS_"))));
      const runs: CliRun[] = [];
      for (const command of commands) {
        const [npx, bin, ...args] = command.split(" ");
        expect(`${npx} ${bin}`).toBe("npx golive");
        runs.push(await golive(args, { cwd: fx.dir, env }));
      }
      expect(runs.map((r) => ({ code: r.code, stderr: r.stderr }))).toEqual(runs.map(() => ({ code: 0, stderr: "" })));
      // The watch's pre-flight finds the candidate's own origin alarms among those the stand-in serves.
      expect(lastLine(runs[2]?.stdout ?? "")).toMatch(/^result: completed/);
      const rollback = runs[3]?.stdout ?? "";
      expect(rollback).toContain("Cloudflare now serves blue (load balancer");
      expect(rollback).toContain("and the green pool");
      const copy = readFileSync(join(configDir, "production.yaml"), "utf8");
      expect(copy).toContain("  phase: rolled-back");
      expect(copy).toContain("  drained: green");
      expect(fx.read()).toBe(original);
    } finally {
      process.env = savedEnv;
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    }
    // stopped: the copy of the config went with it
    expect(copyDir).not.toBe("");
    expect(existsSync(copyDir)).toBe(false);
  });
});
