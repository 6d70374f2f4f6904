import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { STACK_KINDS } from "../../lib/features";
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

  test("writes every stack of the config folder's environments into CDKTF_OUTDIR with a manifest cdktf can read", () => {
    // One environment (production, the one with every stack kind; staging's file is there, as production
    // is deployed after it): every example is synthesized in-process by __tests__/cli/synth.spec.ts; this
    // proves the app entry as cdktf runs it.
    const config = tempDir();
    cpSync(EXAMPLE_CONFIG_DIR, config, { recursive: true });
    const out = join(tempDir(), "cdktf.out");
    const run = runApp({ CDKTF_OUTDIR: out, GOLIVE_CONFIG_DIR: config, GOLIVE_ENVIRONMENTS: "production" });
    expect(run.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(STACK_KINDS.map((kind) => `${kind}-production`).sort());
    for (const name of Object.keys(manifest.stacks)) {
      expect(manifest.stacks[name].synthesizedStackPath).toBe(`stacks/${name}/cdk.tf.json`);
      expect(existsSync(join(out, "stacks", name, "cdk.tf.json"))).toBe(true);
    }
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
