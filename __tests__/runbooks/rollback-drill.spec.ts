import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

// The audit: the handover's rollback drill ran `release rollback staging` on the example's idle staging
// ("nothing to roll back"), and `rollback --now` would still mark the green pool rolled back, which makes
// the next promote --watch refuse it until traffic-staging is deployed again; no step did that.

const CHECKLIST = readFileSync(join(REPO_ROOT, "runbooks", "handover-checklist.md"), "utf8");
const start = CHECKLIST.indexOf("They ran a rollback drill on staging");
const DRILL = CHECKLIST.slice(CHECKLIST.indexOf("```sh", start), CHECKLIST.indexOf("  ```\n", start + 1));
const DEPLOY = "npx cdktf deploy traffic-staging --ignore-missing-stack-dependencies";

/** The drill's commands in order, each with the words it quotes from the output in its comment. */
const steps = DRILL.split("\n")
  .map((l) => l.trim())
  .filter((l) => l.startsWith("npx "))
  .map((l) => {
    const [command = "", comment = ""] = l.split(/\s+# /);
    return { command: command.trim(), quoted: [...comment.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "") };
  });

describe("the handover's rollback drill does what it says on the example's staging", () => {
  test("it starts and promotes before each rollback, and a deploy of traffic-staging follows every config rewrite and the --now mark", () => {
    const releases = steps.filter((s) => s.command.startsWith("npx golive release ") && !s.command.includes(" status "));
    expect(releases.map((s) => s.command.replace("npx golive release ", ""))).toEqual([
      "start staging --build drill-1",
      "promote staging",
      "rollback staging",
      "start staging --build drill-2",
      "promote staging",
      "rollback staging --now",
    ]);
    for (const r of releases) expect([r.command, steps[steps.indexOf(r) + 1]?.command]).toEqual([r.command, DEPLOY]);
  });

  test("run in order on a copy of the example config, each prints what the drill quotes; --now (a dry run here) marks the pool the clean-up deploy clears", async () => {
    const cwd = tempDir("golive-drill-");
    cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });
    const before = await golive(["release", "status", "staging"], { cwd });
    expect(before.stdout).toMatch(/phase\s+idle/);
    for (const step of steps.filter((s) => s.command.startsWith("npx golive release ") && !s.command.includes(" status "))) {
      const now = step.command.endsWith(" --now");
      const args = [...step.command.replace("npx golive ", "").split(" "), ...(now ? ["--dry-run"] : [])];
      const run = await golive(args, { cwd });
      expect([step.command, run.code]).toEqual([step.command, 0]);
      expect(run.stdout).not.toContain("nothing to");
      if (now) {
        expect(run.stdout).toContain("(mark the green pool rolled back: promote --watch refuses it until a deploy of the traffic stack)");
        expect(step.quoted).toEqual(["Cloudflare now serves blue", "rolled back <UTC time>"]);
      } else {
        for (const q of step.quoted) expect([step.command, run.stdout.includes(q)]).toEqual([step.command, true]);
      }
    }
  });
});
