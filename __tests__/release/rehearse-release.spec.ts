import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isRecord } from "../../lib/core/json";
import { golive } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { releaseFixture } from "./release-fixture";

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
  test("runs as a process: start, shift and rollback --now --drain against its stand-ins edit its config copy, never the original", async () => {
    const fx = releaseFixture();
    const original = fx.read();
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
      expect(commands).toContain(`npx golive release rollback production --now --drain --config-dir ${configDir}`);
      const run = (args: string[]) => golive(["release", ...args, "--config-dir", configDir], { cwd: fx.dir, env });
      expect(await run(["start", "production", "--build", "rehearsal-1"])).toMatchObject({ code: 0, stderr: "" });
      expect(await run(["shift", "production", "30"])).toMatchObject({ code: 0, stderr: "" });
      const rollback = await run(["rollback", "production", "--now", "--drain"]);
      expect({ code: rollback.code, stderr: rollback.stderr }).toEqual({ code: 0, stderr: "" });
      expect(rollback.stdout).toContain("Cloudflare now serves blue (load balancer");
      expect(rollback.stdout).toContain("and the green pool");
      const copy = readFileSync(join(configDir, "production.yaml"), "utf8");
      expect(copy).toContain("  phase: rolled-back");
      expect(copy).toContain("  drained: green");
      expect(fx.read()).toBe(original);
    } finally {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    }
    // stopped: the copy of the config went with it
    expect(copyDir).not.toBe("");
    expect(existsSync(copyDir)).toBe(false);
  });
});
