import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { COMMANDS } from "../../lib/cli/commands";

const ROOT = join(__dirname, "..", "..");

const load = (file: string) => `require(${JSON.stringify(file)});`;

/**
 * The packages a real node process has loaded after running `statements` (through the loader
 * bin/golive.js uses): jest's own module registry would not show what a plain `require` loads.
 */
function packagesLoadedBy(statements: readonly string[]): string[] {
  const script = `${statements.join("\n")}
const names = new Set(Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(f)?.[1]).filter(Boolean));
process.stdout.write(JSON.stringify([...names].sort()));`;
  const run = spawnSync(process.execPath, ["-r", "./lib/runtime/register-ts.js", "-e", script], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[];
}

describe("API SDKs load only when a command calls the API", () => {
  test("every command module, as help and completion load them, loads neither the Cloudflare nor an AWS SDK", () => {
    const files = COMMANDS.map((c) => join(ROOT, "lib", "cli", "commands", `${c.name}.ts`));
    const loaded = packagesLoadedBy(files.map(load));
    expect(loaded.filter((p) => p === "cloudflare" || p.startsWith("@aws-sdk/") || p.startsWith("@cloud-copilot/"))).toEqual([]);
    // The probe sees a loaded SDK: making a client loads it.
    const client = join(ROOT, "lib", "core", "cloudflare-client.ts");
    expect(packagesLoadedBy([load(client)])).not.toContain("cloudflare");
    const made = `require(${JSON.stringify(client)}).cloudflareClient({ token: "t", baseUrl: "http://127.0.0.1:9", timeoutMs: 1, maxRetries: 0 });`;
    expect(packagesLoadedBy([made])).toContain("cloudflare");
  });
});
