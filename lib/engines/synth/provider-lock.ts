import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { field, isRecord, str } from "../../core/json";
import { listSynthesizedStacks, readJsonFile } from "../../core/synth-output";

/** Terraform's dependency lock file: in each stack folder, and the committed one next to the synth output. */
export const PROVIDER_LOCK_FILE = ".terraform.lock.hcl";

/** Where the committed lock file lives by default: beside the synth output folder (the project root). */
export function defaultLockFile(outdir: string): string {
  return join(dirname(outdir), PROVIDER_LOCK_FILE);
}

/** `aws` -> registry.terraform.io/hashicorp/aws, `cloudflare/cloudflare` -> registry.terraform.io/cloudflare/cloudflare. */
export function providerAddress(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts.join("/")}`;
  return parts.join("/");
}

/** The lock file's `provider "<address>" { ... }` blocks by address (terraform writes them unindented). */
export function lockBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of text.replace(/\r\n/g, "\n").matchAll(/^provider "([^"]+)" \{\n[\s\S]*?^\}$/gm))
    blocks.set((m[1] ?? "").toLowerCase(), m[0]);
  return blocks;
}

/** The providers a synthesized stack requires, as lock-file addresses. */
function requiredProviders(stackJson: unknown): string[] {
  const required = field(field(stackJson, "terraform"), "required_providers");
  if (!isRecord(required)) return [];
  return Object.entries(required).map(([name, p]) => providerAddress(str(field(p, "source")) ?? name));
}

const HEADER = [
  '# This file is maintained automatically by "terraform init".',
  "# Manual edits may be lost in future updates.",
  '# Copied by golive synth from the committed lock file (docs/configuration.md, "Provider lock file").',
].join("\n");

/**
 * The committed lock file's blocks for the providers this stack requires, as a lock file; undefined when
 * the committed file locks none of them. Only what the stack needs, so `terraform init` finds nothing
 * to remove and `-lockfile=readonly` passes.
 */
export function lockFor(committed: string, stackJson: unknown): string | undefined {
  const blocks = lockBlocks(committed);
  const wanted = requiredProviders(stackJson).flatMap((a) => blocks.get(a) ?? []);
  return wanted.length === 0 ? undefined : `${HEADER}\n\n${wanted.join("\n\n")}\n`;
}

/**
 * Writes the committed lock file's entries into every stack of a synth output, so each stack's
 * `terraform init` installs exactly the locked provider builds and checks their hashes. Nothing happens
 * without a committed lock file. Returns the stacks written.
 */
export function copyProviderLock(lockFile: string, outdir: string): string[] {
  if (!existsSync(lockFile)) return [];
  const committed = readFileSync(lockFile, "utf8");
  const written: string[] = [];
  for (const stack of listSynthesizedStacks(outdir)) {
    if (!existsSync(stack.file)) continue;
    const text = lockFor(committed, readJsonFile(stack.file, stack.outdir));
    if (text === undefined) continue;
    const target = join(stack.dir, PROVIDER_LOCK_FILE);
    if (!existsSync(target) || readFileSync(target, "utf8") !== text) writeFileSync(target, text);
    written.push(stack.name);
  }
  return written;
}
