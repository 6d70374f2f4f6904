import { findReferences, type ReferenceKind, type RunbookReference } from "./extract";
import { staleSynthUses } from "./synth-order";

/** What exists in the repository, gathered by the caller (the checker does no I/O). */
export interface RunbookFacts {
  /** golive command name -> its subcommands (empty: none) and the long flags its usage names. */
  readonly commands: ReadonlyMap<string, { readonly subcommands: readonly string[]; readonly flags: readonly string[] }>;
  readonly npmScripts: ReadonlySet<string>;
  /** Stack names the example configs synthesize. */
  readonly stacks: ReadonlySet<string>;
  /** Stack kinds (`edge`, `monitoring`, ...): `<kind>-<word>` in code is read as a stack name. */
  readonly stackKinds: readonly string[];
  /** Every string value the config schema allows by name (`access-jwt`): a `<kind>-<word>` that is one is not a stack. */
  readonly configValues: ReadonlySet<string>;
  /** Top-level config keys; only backticked paths starting with one are read as config fields. */
  readonly configRoots: readonly string[];
  readonly hasField: (path: string) => boolean;
  /** Whether a repository-relative file exists (`runbooks/rollback.md`, `config/production.yaml`). */
  readonly hasFile: (path: string) => boolean;
}

export interface RunbookFinding extends Omit<RunbookReference, "kind"> {
  /** What is wrong: a reference to something that does not exist, or a plan/verify/zone on a stale synth (synth-order.ts). */
  readonly kind: ReferenceKind | "stale-synth";
  readonly file: string;
  readonly message: string;
}

const list = (items: Iterable<string>) => [...items].join(", ") || "(none)";

function problem(r: RunbookReference, facts: RunbookFacts): string | undefined {
  switch (r.kind) {
    case "command":
      return facts.commands.has(r.name) ? undefined : `"golive ${r.name}" is not a golive command; allowed: ${list(facts.commands.keys())}`;
    case "subcommand": {
      const subs = facts.commands.get(r.command ?? "")?.subcommands ?? [];
      return subs.includes(r.name) ? undefined : `"golive ${r.command} ${r.name}": no such subcommand; allowed: ${list(subs)}`;
    }
    case "flag": {
      const cmd = facts.commands.get(r.command ?? "");
      if (!cmd || r.name === "--help") return undefined;
      return cmd.flags.includes(r.name) ? undefined : `"${r.name}" is not an option of golive ${r.command}; allowed: ${list(cmd.flags)}`;
    }
    case "script":
      return facts.npmScripts.has(r.name)
        ? undefined
        : `"npm run ${r.name}": package.json has no such script; allowed: ${list(facts.npmScripts)}`;
    case "stack":
      return facts.stacks.has(r.name) || facts.configValues.has(r.name)
        ? undefined
        : `"${r.name}" is not a stack the example configs synthesize; allowed: ${list([...facts.stacks].sort())}`;
    case "field":
      return facts.hasField(r.name) ? undefined : `"${r.name}" is not a config field of the schema (lib/config/schema.ts)`;
    case "file":
      return facts.hasFile(r.name) ? undefined : `"${r.name}" does not exist in the repository`;
  }
}

/**
 * Every reference in `text` that names something that does not exist, and every plan, verify or zone it
 * runs on a synth output an earlier command made stale, with its line.
 */
export function checkRunbook(file: string, text: string, facts: RunbookFacts): RunbookFinding[] {
  const withSubs = new Set([...facts.commands].filter(([, c]) => c.subcommands.length > 0).map(([name]) => name));
  const opts = { stackKinds: facts.stackKinds, configRoots: facts.configRoots, commandsWithSubcommands: withSubs };
  const out: RunbookFinding[] = [];
  for (const r of findReferences(text, opts)) {
    const message = problem(r, facts);
    if (message !== undefined) out.push({ ...r, file, message });
  }
  for (const { run, message } of staleSynthUses(text, opts))
    out.push({ kind: "stale-synth", name: run.command, line: run.line, file, message });
  return out;
}

export function formatFinding(f: RunbookFinding): string {
  return `${f.file}:${f.line}: ${f.message}`;
}
