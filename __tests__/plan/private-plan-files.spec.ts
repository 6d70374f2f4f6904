import { chmodSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { makePrivateFolder } from "../../lib/engines/plan/runner/private-files";
import { golive, tempDir } from "../helpers/cli";
import { setup } from "./stand-in-terraform";

/** The permission bits of `path` (0o600 for rw-------). */
function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Runs `body` with the usual umask (022), under which files are created world-readable unless golive says otherwise. */
async function withUmask022<T>(body: () => Promise<T>): Promise<T> {
  const before = process.umask(0o022);
  try {
    return await body();
  } finally {
    process.umask(before);
  }
}

describe("golive plan keeps plans, which hold sensitive values in the clear, readable by their owner only", () => {
  test("plans/ is created 0700; plan JSON, failure records and the kept binary plan are 0600", async () => {
    const s = setup();
    const run = await withUmask022(() => golive(["plan", "--keep-plan-file"], { cwd: s.cwd, env: s.env }));
    expect(run.code).toBe(1); // email-production fails (the stand-in's FAIL_STACK): its failure record is written too
    expect(modeOf(join(s.cwd, "plans"))).toBe(0o700);
    for (const file of ["edge-production.json", "secrets-production.json", "email-production.failed.json"])
      expect([file, modeOf(join(s.cwd, "plans", file))]).toEqual([file, 0o600]);
    for (const stack of ["edge-production", "secrets-production"])
      expect([stack, modeOf(join(s.cwd, "cdktf.out", "stacks", stack, "golive.tfplan"))]).toEqual([stack, 0o600]);
  });

  test("a plans folder that already exists keeps the permissions its owner gave it; a missing one is made 0700 with its parents", () => {
    const cwd = tempDir("golive-private-");
    try {
      const existing = join(cwd, "shared-plans");
      mkdirSync(existing);
      chmodSync(existing, 0o755);
      makePrivateFolder(existing);
      expect(modeOf(existing)).toBe(0o755);
      const nested = join(cwd, "out", "plans");
      makePrivateFolder(nested);
      expect(modeOf(nested)).toBe(0o700);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
