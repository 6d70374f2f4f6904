/**
 * What a runbook names, read only from its code: fenced blocks (``` ... ```; each line, with `# comment`
 * tails removed) and inline `code spans`. Prose is never scanned, so explanations may mention anything.
 *
 *  - golive commands: `golive <command> [<subcommand>] [--flags]`, also as `npx golive ...` or
 *    `node bin/golive.js ...`;
 *  - npm scripts: `npm run [-s] <script>`, `npm test`, `npm start`;
 *  - stacks: the arguments of `cdktf deploy|diff|destroy|plan|output <stack>...` up to the first flag,
 *    and any `<kind>-<env>` word whose kind is a stack kind (`edge-production`, not `traffic-stack.ts`);
 *  - config fields: an inline span that is a dotted path starting with a top-level config key
 *    (`edge.hostnames`, `release.weights`, `edge.hostnames[0].name`), not a file name (`state.ts`);
 *  - files: `runbooks/<name>.md` and `config/<file>.yaml|yml|json` paths.
 * Placeholders (`<env>`, `$ENV`, `{env}`) are never checked.
 */
export type ReferenceKind = "command" | "subcommand" | "flag" | "script" | "stack" | "field" | "file";

export interface RunbookReference {
  readonly kind: ReferenceKind;
  /** The name referenced: `release`, `rollback`, `--now`, `schema`, `edge-production`, `edge.hostnames`. */
  readonly name: string;
  /** For subcommands and flags, the command they belong to. */
  readonly command?: string;
  /** 1-based line in the runbook. */
  readonly line: number;
}

export interface CodeFragment {
  readonly line: number;
  readonly code: string;
  readonly inline: boolean;
}

export interface ExtractOptions {
  readonly stackKinds: readonly string[];
  readonly configRoots: readonly string[];
  /** Commands that take a subcommand right after their name. */
  readonly commandsWithSubcommands: ReadonlySet<string>;
}

const FENCE = /^\s*(```|~~~)/;
const CDKTF_STACK_VERBS = new Set(["deploy", "diff", "destroy", "plan", "output"]);
const FIELD_PATH = /^[a-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*|\[\d*\])+$/;
/** A file name that starts like a config key (`state.ts` beside `state.backend`) is no field path. */
const CODE_FILE = /\.(?:ts|js|mjs|sh|md|json|ya?ml)$/;

export function codeFragments(text: string): CodeFragment[] {
  const out: CodeFragment[] = [];
  let fenced = false;
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    if (FENCE.test(raw)) {
      fenced = !fenced;
      return;
    }
    if (fenced) {
      out.push({ line, code: raw.replace(/(^|\s)#.*$/, ""), inline: false });
      return;
    }
    for (const m of raw.matchAll(/`([^`]+)`/g)) out.push({ line, code: m[1] ?? "", inline: true });
  });
  return out;
}

function isPlaceholder(token: string): boolean {
  return /[<>${}*]/.test(token) || token === "...";
}

/** Shell-ish segments (split on ; && || | $( ) ) of a fragment, each as whitespace tokens. */
function segments(code: string): string[][] {
  return code
    .split(/&&|\|\||[;|()]|\$\(/)
    .map((s) =>
      s
        .trim()
        .split(/\s+/)
        .map((t) => t.replace(/^["']|["']$/g, ""))
        .filter((t) => t !== ""),
    )
    .filter((s) => s.length > 0);
}

/** One `golive <command> [<subcommand>] ...` a page runs, as written on its line. */
export interface GoliveInvocation {
  readonly line: number;
  readonly command: string;
  readonly subcommand?: string;
  /** Long flags, without `=value`. */
  readonly flags: readonly string[];
  /** The other words after the command (and subcommand): environments, stacks, flag values. */
  readonly args: readonly string[];
  /**
   * Whether a reader runs it: a line of a fenced block, or a code span that starts `npx golive` or `node
   * bin/golive.js` (after `NAME=value` settings); a bare `golive verify` in a sentence names the command.
   */
  readonly run: boolean;
}

function invocation(tokens: readonly string[], fragment: CodeFragment, opts: ExtractOptions): GoliveInvocation | undefined {
  const at = tokens.findIndex((t, i) => t === "golive" || (t === "bin/golive.js" && tokens[i - 1] === "node"));
  const command = at >= 0 ? tokens[at + 1] : undefined;
  if (command === undefined || command.startsWith("-") || isPlaceholder(command)) return undefined;
  const next = tokens[at + 2];
  const hasSub = opts.commandsWithSubcommands.has(command) && next !== undefined && !next.startsWith("-") && !isPlaceholder(next);
  const rest = tokens.slice(at + (hasSub ? 3 : 2));
  const flags = tokens
    .slice(at + 2)
    .filter((t) => /^--[a-z]/.test(t))
    .map((t) => t.replace(/=.*$/, ""));
  const launcher = tokens.slice(0, at);
  const run =
    !fragment.inline || (launcher.length > 0 && launcher.every((t) => t === "npx" || t === "node" || /^[A-Z_][A-Z0-9_]*=/.test(t)));
  return {
    line: fragment.line,
    command,
    ...(hasSub ? { subcommand: next } : {}),
    flags,
    args: rest.filter((t) => !t.startsWith("-")),
    run,
  };
}

function golive(tokens: readonly string[], fragment: CodeFragment, opts: ExtractOptions): RunbookReference[] {
  const run = invocation(tokens, fragment, opts);
  if (run === undefined) return [];
  const { command, line } = run;
  const refs: RunbookReference[] = [{ kind: "command", name: command, line }];
  if (run.subcommand !== undefined) refs.push({ kind: "subcommand", name: run.subcommand, command, line });
  for (const flag of run.flags) refs.push({ kind: "flag", name: flag, command, line });
  return refs;
}

/** Every golive command a page runs (fenced blocks and code spans), in reading order. */
export function goliveInvocations(text: string, opts: ExtractOptions): GoliveInvocation[] {
  return codeFragments(text).flatMap((f) => segments(f.code).flatMap((tokens) => invocation(tokens, f, opts) ?? []));
}

function npm(tokens: readonly string[], line: number): RunbookReference[] {
  const at = tokens.indexOf("npm");
  if (at < 0) return [];
  const verb = tokens[at + 1];
  if (verb === "test" || verb === "start") return [{ kind: "script", name: verb, line }];
  if (verb !== "run" && verb !== "run-script") return [];
  const script = tokens.slice(at + 2).find((t) => !t.startsWith("-"));
  return script && !isPlaceholder(script) ? [{ kind: "script", name: script, line }] : [];
}

function cdktf(tokens: readonly string[], line: number): RunbookReference[] {
  const at = tokens.indexOf("cdktf");
  if (at < 0 || !CDKTF_STACK_VERBS.has(tokens[at + 1] ?? "")) return [];
  const refs: RunbookReference[] = [];
  for (const t of tokens.slice(at + 2)) {
    if (t.startsWith("-")) break;
    if (!isPlaceholder(t)) refs.push({ kind: "stack", name: t, line });
  }
  return refs;
}

function stackWords(code: string, line: number, kinds: readonly string[]): RunbookReference[] {
  if (kinds.length === 0) return [];
  const re = new RegExp(`(?<![\\w./<-])(?:${kinds.join("|")})-[a-z][a-z0-9-]*(?![\\w-]|\\.[a-z])`, "g");
  return [...code.matchAll(re)].map((m) => ({ kind: "stack", name: m[0], line }));
}

function fileWords(code: string, line: number): RunbookReference[] {
  const re = /(?<![\w/.-])(?:runbooks|config)\/[A-Za-z0-9._/-]+\.(?:md|yaml|yml|json)(?![\w/])/g;
  return [...code.matchAll(re)].map((m) => ({ kind: "file", name: m[0], line }));
}

/** Every reference in a runbook, deduplicated per line, in order of appearance. */
export function findReferences(text: string, opts: ExtractOptions): RunbookReference[] {
  const out: RunbookReference[] = [];
  const seen = new Set<string>();
  const add = (r: RunbookReference) => {
    const key = `${r.line}\u0000${r.kind}\u0000${r.command ?? ""}\u0000${r.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(r);
    }
  };
  for (const f of codeFragments(text)) {
    for (const tokens of segments(f.code)) {
      [...golive(tokens, f, opts), ...npm(tokens, f.line), ...cdktf(tokens, f.line)].forEach(add);
    }
    stackWords(f.code, f.line, opts.stackKinds).forEach(add);
    fileWords(f.code, f.line).forEach(add);
    const span = f.code.trim();
    if (f.inline && FIELD_PATH.test(span) && !CODE_FILE.test(span) && opts.configRoots.includes(span.split(/[.[]/)[0] ?? "")) {
      add({ kind: "field", name: span, line: f.line });
    }
  }
  return out;
}
