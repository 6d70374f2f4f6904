import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

const cdktfJson = JSON.parse(readFileSync(join(REPO_ROOT, "cdktf.json"), "utf8"));

/** Runs the app command from cdktf.json the way `cdktf synth` does: with CDKTF_OUTDIR set. */
function runApp(env: Record<string, string>) {
  const [bin, ...args] = String(cdktfJson.app).split(" ");
  return spawnSync(bin === "node" ? process.execPath : String(bin), args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
}

describe("the cdktf app (cdktf.json)", () => {
  test("runs main.ts through a type-stripping loader, never a type-checking one", () => {
    expect(cdktfJson.app).toBe("node -r ./lib/runtime/register-ts.js main.ts");
    expect(cdktfJson.app).not.toMatch(/ts-node|tsx/);
  });

  test("writes every stack into CDKTF_OUTDIR with a manifest cdktf can read", () => {
    const out = join(tempDir(), "cdktf.out");
    const run = runApp({ CDKTF_OUTDIR: out, GOLIVE_CONFIG_DIR: EXAMPLE_CONFIG_DIR });
    expect(run.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.stacks["edge-production"].synthesizedStackPath).toBe("stacks/edge-production/cdk.tf.json");
  });

  test("fails with exit 1 and field-named errors on bad config, writing nothing", () => {
    const dir = tempDir();
    for (const f of readdirSync(EXAMPLE_CONFIG_DIR).filter((f) => f.endsWith(".yaml"))) cpSync(join(EXAMPLE_CONFIG_DIR, f), join(dir, f));
    const prod = join(dir, "production.yaml");
    writeFileSync(prod, readFileSync(prod, "utf8").replace("plan: pro", "plan: platinum"));
    const out = join(tempDir(), "cdktf.out");
    const run = runApp({ CDKTF_OUTDIR: out, GOLIVE_CONFIG_DIR: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("production.yaml: cloudflare.plan: Invalid option");
    expect(existsSync(out)).toBe(false);
  });
});
