import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

describe("an adopt file golive did not write", () => {
  test("synth refuses it and says to move it away, since preflight --write never replaces it", async () => {
    const dir = tempDir("golive-foreign-adopt-");
    cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
    mkdirSync(join(dir, "config", "adopt"), { recursive: true });
    writeFileSync(join(dir, "config", "adopt", "production.json"), "my hand notes, not json");
    const run = await golive(["synth", "production"], { cwd: dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      "is not JSON; allowed: the file golive preflight production --write writes (move this one away, then run it again",
    );
  });
});
