import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes a synth output as cdktf does: `manifest.json` listing each stack's `stacks/<name>/cdk.tf.json`. */
export function writeSynthOutput(outdir: string, stacks: Readonly<Record<string, unknown>>): void {
  const manifest: Record<string, unknown> = {};
  for (const [name, json] of Object.entries(stacks)) {
    const dir = join(outdir, "stacks", name);
    mkdirSync(dir, { recursive: true });
    // Every synthesized stack has a terraform block; the reader refuses a file without one.
    const withBlock =
      typeof json === "object" && json !== null && !Array.isArray(json) && !("terraform" in json) ? { terraform: {}, ...json } : json;
    writeFileSync(join(dir, "cdk.tf.json"), typeof withBlock === "string" ? withBlock : JSON.stringify(withBlock));
    manifest[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}` };
  }
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: manifest }));
}
