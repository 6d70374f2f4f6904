import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PathError } from "../../core/display-path";
import { field, isRecord, str } from "../../core/json";
import { listSynthesizedStacks, readJsonFile } from "../../core/synth-output";
import { satisfiesConstraint } from "./version-constraint";

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

/** The `version = "..."` a lock block pins (terraform writes it indented, first in the block). */
function lockedVersion(block: string): string | undefined {
  return /^\s+version\s*=\s*"([^"]*)"/m.exec(block)?.[1];
}

/** A provider a synthesized stack requires: its lock-file address and its `version` constraint, if any. */
interface RequiredProvider {
  readonly address: string;
  readonly constraint: string | undefined;
}

/** The providers a synthesized stack requires. */
function requiredProviders(stackJson: unknown): RequiredProvider[] {
  const required = field(field(stackJson, "terraform"), "required_providers");
  if (!isRecord(required)) return [];
  return Object.entries(required).map(([name, p]) => ({
    address: providerAddress(str(field(p, "source")) ?? name),
    constraint: str(field(p, "version")),
  }));
}

const HEADER = [
  '# This file is maintained automatically by "terraform init".',
  "# Manual edits may be lost in future updates.",
  '# Copied by golive synth from the committed lock file (docs/configuration.md, "Provider plugin cache and lock file").',
].join("\n");

/**
 * The committed lock file's blocks for the providers this stack requires, as a lock file; undefined when
 * the committed file locks none of them. Only what the stack needs, so `terraform init` finds nothing
 * to remove and `-lockfile=readonly` passes.
 */
export function lockFor(committed: string, stackJson: unknown): string | undefined {
  const blocks = lockBlocks(committed);
  const wanted = requiredProviders(stackJson).flatMap((p) => blocks.get(p.address) ?? []);
  return wanted.length === 0 ? undefined : `${HEADER}\n\n${wanted.join("\n\n")}\n`;
}

/**
 * Refuses a committed lock file that pins a provider at a version the synthesized stacks' required_providers
 * do not allow: copied in, it would make every `terraform init` of those stacks fail ("locked provider ...
 * does not match configured version constraint"), long after synth said all was well. One line naming the
 * file, each such provider, its locked version and the constraint; thrown before anything is written.
 */
export function checkProviderLock(lockFile: string, outdir: string): void {
  if (!existsSync(lockFile)) return;
  const blocks = lockBlocks(readFileSync(lockFile, "utf8"));
  const stale = new Map<string, string>();
  for (const stack of listSynthesizedStacks(outdir)) {
    if (!existsSync(stack.file)) continue;
    for (const { address, constraint } of requiredProviders(readJsonFile(stack.file, stack.outdir))) {
      const block = blocks.get(address);
      const locked = block === undefined ? undefined : lockedVersion(block);
      // Unknown syntax (undefined) is left to terraform init to judge.
      if (locked === undefined || constraint === undefined || satisfiesConstraint(locked, constraint) !== false) continue;
      stale.set(`${address} ${constraint}`, `${address} ${locked}, but the stacks require version "${constraint}"`);
    }
  }
  if (stale.size === 0) return;
  throw new PathError(
    lockFile,
    (file) =>
      `${file} locks ${[...stale.values()].join("; and ")}: terraform init would refuse it; regenerate the lock file as docs/configuration.md ("Provider plugin cache and lock file") shows; nothing was written`,
  );
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
