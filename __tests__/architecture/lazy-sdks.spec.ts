import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { COMMANDS } from "../../lib/cli/commands";

const ROOT = join(__dirname, "..", "..");
const CLIENT = join(ROOT, "lib", "core", "cloudflare-client.ts");

/**
 * In one real node process (through the loader bin/golive.js uses; jest's module registry would not
 * show what a plain `require` loads): the packages loaded after requiring every command module, then
 * after making a Cloudflare client, which must load the SDK (so the probe can see one).
 */
function packagesLoaded(): { commands: string[]; client: string[] } {
  const files = COMMANDS.map((c) => join(ROOT, "lib", "cli", "commands", `${c.name}.ts`));
  const script = `const packages = () => [...new Set(Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(f)?.[1]).filter(Boolean))].sort();
${files.map((f) => `require(${JSON.stringify(f)});`).join("\n")}
const commands = packages();
require(${JSON.stringify(CLIENT)}).cloudflareClient({ token: "t", baseUrl: "http://127.0.0.1:9", timeoutMs: 1, maxRetries: 0 });
process.stdout.write(JSON.stringify({ commands, client: packages() }));`;
  const run = spawnSync(process.execPath, ["-r", "./lib/runtime/register-ts.js", "-e", script], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { commands: string[]; client: string[] };
}

describe("API SDKs load only when a command calls the API", () => {
  test("every command module, as help and completion load them, loads neither the Cloudflare nor an AWS SDK; a client does", () => {
    const loaded = packagesLoaded();
    const sdks = (packages: string[]) =>
      packages.filter((p) => p === "cloudflare" || p.startsWith("@aws-sdk/") || p.startsWith("@cloud-copilot/"));
    expect(sdks(loaded.commands)).toEqual([]);
    expect(sdks(loaded.client)).toEqual(["cloudflare"]);
  });
});
