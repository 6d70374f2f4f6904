import { existsSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { initArgs } from "./init-args";

// Each Access application covers every hostname init writes and the load-balanced one, and the account
// allows 5 unless raised: more is refused before anything is written, naming the flags, as a usage
// error of init (the audit's run named config/qa.yaml, a file never written, and no flag).

const hostnames = (n: number) => Array.from({ length: n }, (_, i) => ["--hostname", `h${i + 1}.acme-x.dev`]).flat();

describe("golive init: hostnames over the Access per-application limit", () => {
  test("fails on 5 --hostname (6 destinations with the --release-hostname), naming both flags and the limit; nothing written", async () => {
    const cwd = tempDir("golive-init-destinations-");
    const run = await golive([...initArgs({ hostname: undefined }), ...hostnames(5)], { cwd });
    expect(run.code).toBe(2);
    const [first] = run.stderr.split("\n");
    expect(first).toMatch(
      /^golive init: --hostname: 5 --hostname and the --release-hostname app\.acme-x\.dev make 6 destinations on each Access application and exceed the account's limit of 5 \(edge\.access\.accountLimits\.domainsPerApplication\)/,
    );
    expect(first).toContain("give at most 4 --hostname");
    expect(run.stderr).not.toContain("config/zz.yaml");
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  test("4 --hostname and the --release-hostname (5 destinations) are written", async () => {
    const cwd = tempDir("golive-init-destinations-");
    const run = await golive([...initArgs({ hostname: undefined }), ...hostnames(4)], { cwd });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(existsSync(join(cwd, "config", "zz.yaml"))).toBe(true);
  });
});
