import { type ExtractOptions, type GoliveInvocation, goliveInvocations } from "./extract";

/**
 * plan, verify and zone read `cdktf.out` and refuse one synthesized from another config ("cdktf.out was
 * synthesized from another config of production; run golive synth production, then plan again", exit 1):
 * the record's fingerprint (`configFingerprint` in lib/engines/synth/record.ts) covers the validated
 * config/<env>.yaml and what the stacks read besides it (Feature.synthInputs: config/adopt/<env>.json).
 */
const READS_SYNTH = new Set(["plan", "verify", "zone"]);

/** Any environment: a command that names none (synth, plan: all of them) or only a placeholder. */
const ANY = "*";

/**
 * What rewrites an input of that fingerprint: every release subcommand but `status` (each edits
 * config/<env>.yaml's release section; `rollback --now` too, after its API call), and `preflight --write`
 * (the adopt file). `--dry-run` writes nothing.
 */
function rewritesConfig(run: GoliveInvocation): boolean {
  if (run.flags.includes("--dry-run")) return false;
  if (run.command === "release") return run.subcommand !== undefined && run.subcommand !== "status";
  return run.command === "preflight" && run.flags.includes("--write");
}

const isPlaceholder = (word: string) => /[<>${}*]/.test(word);

/** The environments a command names: synth's and plan's words (plan's are stacks, `<kind>-<env>`), the others' first. */
function environments(run: GoliveInvocation, stackKinds: readonly string[]): string[] {
  const words = run.command === "synth" || run.command === "plan" ? run.args : run.args.slice(0, 1);
  const envs = words.map((w) => {
    if (isPlaceholder(w)) return ANY;
    const kind = stackKinds.find((k) => w.startsWith(`${k}-`));
    return run.command === "plan" && kind !== undefined ? w.slice(kind.length + 1) : w;
  });
  return envs.length === 0 ? [ANY] : envs;
}

const spelled = (run: GoliveInvocation) =>
  ["golive", run.command, run.subcommand, run.args[0], ...run.flags].filter((w) => w !== undefined).join(" ");

export interface StaleSynthUse {
  /** The plan, verify or zone command. */
  readonly run: GoliveInvocation;
  /** The command before it that rewrote that environment's config, with no `golive synth` of it between them. */
  readonly after: GoliveInvocation;
  readonly message: string;
}

/**
 * Every plan, verify or zone a page runs after a command that rewrote that environment's config with no
 * `golive synth` of it between them, in reading order across the whole page (a reader who took another
 * branch before it ends up there too): followed as written, the page gets the refusal above. Only
 * commands a reader runs count (GoliveInvocation.run); a placeholder environment matches any.
 */
export function staleSynthUses(text: string, opts: ExtractOptions): StaleSynthUse[] {
  const out: StaleSynthUse[] = [];
  const pending = new Map<string, GoliveInvocation>();
  for (const run of goliveInvocations(text, opts).filter((r) => r.run)) {
    const envs = environments(run, opts.stackKinds);
    if (run.command === "synth") {
      if (envs.includes(ANY)) pending.clear();
      for (const env of [...envs, ANY]) pending.delete(env);
    } else if (rewritesConfig(run)) {
      for (const env of envs) pending.set(env, run);
    } else if (READS_SYNTH.has(run.command)) {
      const after = [...pending].find(([env]) => env === ANY || envs.includes(ANY) || envs.includes(env))?.[1];
      if (after === undefined) continue;
      const message =
        `"${spelled(run)}" follows "${spelled(after)}" (line ${after.line}), which rewrites the config, with no ` +
        `"golive synth" between them: ${run.command} refuses the stale cdktf.out; run npx golive synth <env> first`;
      out.push({ run, after, message });
    }
  }
  return out;
}
