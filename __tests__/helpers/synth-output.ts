import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes a synth output as cdktf does: `manifest.json` listing each stack's `stacks/<name>/cdk.tf.json`. */
export function writeSynthOutput(outdir: string, stacks: Readonly<Record<string, unknown>>): void {
  const manifest: Record<string, unknown> = {};
  for (const [name, json] of Object.entries(stacks)) {
    const dir = join(outdir, "stacks", name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "cdk.tf.json"), typeof json === "string" ? json : JSON.stringify(json));
    manifest[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}` };
  }
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: manifest }));
}
