import { existsSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeAdoptFile } from "../../lib/engines/preflight/adopt-file";
import { golive, tempDir } from "../helpers/cli";
import type { FakeZone } from "./fake-zone-api";
import { preflightHarness, TOKEN } from "./harness";

/** A zone that exists and that config would create: `--write` records it in config/adopt/production.json. */
const ADOPTABLE: FakeZone = { name: "example.com", plan: "free", status: "pending" };

const h = preflightHarness();

describe("preflight --write never writes or removes through config/adopt when it is not a folder of the config folder", () => {
  test("fails with exit 2 before writing when config/adopt is a link out of the config folder, naming the folder link", async () => {
    await h.serve(ADOPTABLE);
    const elsewhere = tempDir("golive-adopt-elsewhere-");
    symlinkSync(elsewhere, join(h.fx().dir, "config", "adopt"));
    const run = await golive(["preflight", "production", "--write"], {
      cwd: h.fx().dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: h.api().baseUrl },
    });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toBe(
      `golive preflight: config/adopt is a symbolic link to ${elsewhere}, outside the config folder (config); not read: links must stay inside the config folder\n`,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  test("fails with exit 2 when config/adopt is a file, naming it (relative to the working directory) as not a folder, and leaves it as it is", async () => {
    await h.serve(ADOPTABLE);
    const adopt = join(h.fx().dir, "config", "adopt");
    writeFileSync(adopt, "notes\n");
    const run = await h.run(["--write"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `golive preflight: config/adopt is a file, not a folder; allowed: a folder, where golive writes production.json; nothing was written\n`,
    );
    expect(readdirSync(join(h.fx().dir, "config")).filter((f) => f.startsWith("."))).toEqual([]);
  });

  test("a stale adopt file is never removed through a link out of the config folder", () => {
    const config = tempDir("golive-adopt-config-");
    const elsewhere = tempDir("golive-adopt-elsewhere-");
    writeFileSync(join(elsewhere, "production.json"), "{}\n");
    symlinkSync(elsewhere, join(config, "adopt"));
    expect(() => removeAdoptFile(config, "production")).toThrow(
      `${join(config, "adopt")} is a symbolic link to ${elsewhere}, outside the config folder (${config}); not removed: links must stay inside the config folder`,
    );
    expect(existsSync(join(elsewhere, "production.json"))).toBe(true);
  });
});
