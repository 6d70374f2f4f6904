import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, ConfigErrors } from "../../config/errors";
import { checkConfigFileWritable, checkInsideConfigFolder } from "../../config/inside-folder";
import { jsonSyntaxMessage } from "../../core/shown-input";
import { readBoundedText } from "../../core/bounded-read";
import { displayPath } from "../../core/display-path";
import type { ConfigIssue } from "../../core/issues";
import { at, field, isRecord, str } from "../../core/json";
import { listSynthesizedStacks, readJsonFile } from "../../core/synth-output";
import { writeFileAtomic } from "../../core/write-file-atomic";
import { parseStackName } from "./deploy-order";

/**
 * The rename guard at synth. `prevent_destroy` only protects while its block is in the code: a renamed
 * construct id is a new Terraform address, the old block (and its prevent_destroy) is gone, and the plan
 * destroys the object and creates an empty one. So every protected resource is recorded per environment
 * in `<config dir>/protected/<env>.json` (committed, reviewed like config); a synth that no longer
 * declares a recorded one fails unless that entry was deleted from the file in the same change.
 */
export const PROTECTED_DIR = "protected";

/** A resource synthesized with `lifecycle.prevent_destroy = true`. */
export interface ProtectedResource {
  readonly stack: string;
  /** Terraform address inside the stack: `aws_kms_key.SecretsKey_Resource_1A2B3C4D`. */
  readonly address: string;
  /** cdktf construct path, for people: `secrets-production/SecretsKey/Resource`. */
  readonly path: string;
}

const MAX_INVENTORY_BYTES = 1024 * 1024;

export function inventoryFile(configDir: string, env: string): string {
  return join(configDir, PROTECTED_DIR, `${env}.json`);
}

const keyOf = (r: ProtectedResource) => `${r.stack}\u0000${r.address}`;

/** Every protected resource of `env` in a synth output, sorted by stack and address. */
export function protectedResources(outdir: string, env: string): ProtectedResource[] {
  const found: ProtectedResource[] = [];
  for (const stack of listSynthesizedStacks(outdir)) {
    if (parseStackName(stack.name)?.environment !== env) continue;
    const resources = field(readJsonFile(stack.file, stack.outdir), "resource");
    if (!isRecord(resources)) continue;
    for (const [type, blocks] of Object.entries(resources)) {
      if (!isRecord(blocks)) continue;
      for (const [name, attrs] of Object.entries(blocks))
        if (at(attrs, "lifecycle", "prevent_destroy") === true)
          found.push({ stack: stack.name, address: `${type}.${name}`, path: str(at(attrs, "//", "metadata", "path")) ?? "" });
    }
  }
  return found.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

/**
 * The recorded inventory, or undefined when the file does not exist; a malformed file is a ConfigError
 * named `label` that never quotes the file's text, and a link out of `configDir` is refused unread
 * (ConfigLinkError).
 */
export function readInventory(file: string, configDir?: string, label = file): ProtectedResource[] | undefined {
  if (configDir !== undefined) checkInsideConfigFolder(file, configDir);
  if (!existsSync(file)) return undefined;
  const fail = (issues: ConfigIssue[]): never => {
    throw new ConfigErrors([new ConfigError(label, issues)]);
  };
  let data: unknown;
  try {
    data = JSON.parse(readBoundedText(file, MAX_INVENTORY_BYTES));
  } catch (err) {
    const why = err instanceof SyntaxError ? jsonSyntaxMessage(err) : err instanceof Error ? err.message : String(err);
    return fail([{ path: [], message: `not a readable JSON file (${why})` }]);
  }
  const list = field(data, "protected");
  if (!Array.isArray(list)) return fail([{ path: ["protected"], message: "must be a list of {stack, address, path}" }]);
  return list.map((entry, i) => {
    const stack = str(field(entry, "stack"));
    const address = str(field(entry, "address"));
    if (!stack || !address) fail([{ path: ["protected", i], message: "must have a stack and an address (strings)" }]);
    return { stack: stack ?? "", address: address ?? "", path: str(field(entry, "path")) ?? "" };
  });
}

/** What a synth of `env` must refuse: recorded resources it no longer declares. */
export function removedProtected(recorded: readonly ProtectedResource[], current: readonly ProtectedResource[]): ProtectedResource[] {
  const now = new Set(current.map(keyOf));
  return recorded.filter((r) => !now.has(keyOf(r)));
}

export interface InventoryCheck {
  /** Environments whose inventory gained entries (written only when recording). */
  readonly recorded: readonly string[];
  /** Per environment, protected resources declared but not in its committed inventory (not recorded yet). */
  readonly unrecorded: Readonly<Record<string, number>>;
}

/**
 * Checks each environment's synthesized protected resources (in `outdir`, before it is swapped into
 * place) against its inventory; with `record`, writes the inventory of what is declared now. Removals
 * are never recorded here: deleting an entry by hand, in a reviewed change, is the acknowledgement.
 * Errors name files relative to `displayBase` (the working directory) when inside it. A link out of
 * the config folder on the way to an inventory, or a `protected` that is not a folder, is refused
 * before anything is written (lib/config/inside-folder.ts).
 */
export function checkProtectedInventory(
  outdir: string,
  configDir: string,
  envs: readonly string[],
  record: boolean,
  displayBase?: string,
): InventoryCheck {
  const errors: ConfigError[] = [];
  const writes: { env: string; file: string; current: ProtectedResource[] }[] = [];
  const unrecorded: Record<string, number> = {};
  for (const env of envs) {
    const file = inventoryFile(configDir, env);
    const label = displayBase === undefined ? file : displayPath(displayBase, file);
    const before = readInventory(file, configDir, label) ?? [];
    const current = protectedResources(outdir, env);
    const removed = removedProtected(before, current);
    if (removed.length > 0) {
      errors.push(
        new ConfigError(
          label,
          removed.map((r) => ({
            path: ["protected", before.indexOf(r)],
            message: `${r.stack} ${r.address}${r.path ? ` (${r.path})` : ""} is protected (prevent_destroy) and no longer declared: a renamed construct id destroys the object and creates an empty one. Keep its address (cdktf: resource.moveFromId("${r.address}") on the new construct), or, to delete it, remove this entry in the same change`,
          })),
        ),
      );
      continue;
    }
    const known = new Set(before.map(keyOf));
    const added = current.filter((r) => !known.has(keyOf(r)));
    if (added.length === 0) continue;
    if (!record) {
      unrecorded[env] = added.length;
      continue;
    }
    writes.push({ env, file, current });
  }
  if (errors.length > 0) throw new ConfigErrors(errors);
  // Every file judged before the first is written: a refused one leaves the others as they were.
  for (const { file } of writes) checkConfigFileWritable(file, configDir, displayBase);
  for (const { file, current } of writes) writeFileAtomic(file, `${JSON.stringify({ protected: current }, null, 2)}\n`);
  return { recorded: writes.map((w) => w.env), unrecorded };
}
