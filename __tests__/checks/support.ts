import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppConfig } from "../../lib/config/schema";
import { ReadinessConfig } from "../../lib/features/readiness/schema";
import { runChecks, type RuleResult } from "../../lib/engines/check/engine";
import { buildModel, envViews, type StackInput } from "../../lib/core/readiness/model";
import { RULES } from "../../lib/engines/check/rules";
import type { EnvConfig, RepoFile, Rule, RuleContext, RuleOutcome } from "../../lib/platform/readiness";
import { readSynthDir } from "../../lib/engines/check/load";
import { synthesizeToDisk } from "../../lib/engines/synth/synthesize";
import { type ConfigEdit, exampleConfig, exampleInput, REPO_ROOT } from "../helpers/example-config";
import { tempDir } from "../helpers/cli";

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The runbooks GL-REL-003 wants, as minimal files: a heading and a command each. */
export const RUNBOOKS: readonly RepoFile[] = ["deploy", "rollback", "secret-rotation", "incident-first-response", "handover-checklist"].map(
  (name) => ({
    path: `runbooks/${name}.md`,
    text: `# ${name}\n\nSteps:\n\n\`\`\`sh\nnpx golive check production\n\`\`\`\n`,
  }),
);

/** A CODEOWNERS owning every path (GL-SEC-009), as docs/ci.md asks: the repository under check has it unless a test says otherwise. */
export const CODEOWNERS: RepoFile = { path: ".github/CODEOWNERS", text: "* @example-org/platform\n" };

export const TODAY = "2026-11-29";

/**
 * Every stack of one environment, synthesized as `golive synth` writes them (App.synth keeps the
 * `//.metadata.path` construct paths that Testing.synth strips), then read back as check reads them.
 */
export function synthStacks(cfg: AppConfig): StackInput[] {
  // Specs of one folder share a module registry (runSpecs): the same config is synthesized once, and
  // each caller gets its own parsed copy.
  const key = JSON.stringify(cfg);
  const cached = synthesizedStacks.get(key);
  if (cached !== undefined) return JSON.parse(cached) as StackInput[];
  const stacks = synthesizeStacks(cfg);
  synthesizedStacks.set(key, JSON.stringify(stacks));
  return stacks;
}
const synthesizedStacks = new Map<string, string>();

function synthesizeStacks(cfg: AppConfig): StackInput[] {
  const cwd = mkdtempSync(join(tmpdir(), "golive-check-"));
  try {
    synthesizeToDisk({ configs: new Map([[cfg.environment, cfg]]), outdir: join(cwd, "cdktf.out") });
    return readSynthDir(join(cwd, "cdktf.out"), cwd);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

export function envConfig(cfg: AppConfig): EnvConfig {
  return { file: `config/${cfg.environment}.yaml`, app: cfg, readiness: cfg.readiness ?? ReadinessConfig.parse({}) };
}

export function exampleEnv(edits: readonly ConfigEdit[] = []): { cfg: AppConfig; stacks: StackInput[] } {
  const cfg = exampleConfig(edits);
  return { cfg, stacks: synthStacks(cfg) };
}

/** A deep copy, so each test mutates its own JSON. */
export function clone(stacks: readonly StackInput[]): StackInput[] {
  return stacks.map((s) => ({ ...s, json: JSON.parse(JSON.stringify(s.json)) }));
}

/** Every block of a resource type across stacks: [stack json "resource" map for the type, name, attrs]. */
export function blocksOf(stacks: readonly StackInput[], type: string, section = "resource"): { group: Obj; name: string; attrs: Obj }[] {
  const out: { group: Obj; name: string; attrs: Obj }[] = [];
  for (const s of stacks) {
    const group = isObj(s.json) && isObj(s.json[section]) ? s.json[section][type] : undefined;
    if (!isObj(group)) continue;
    for (const [name, attrs] of Object.entries(group)) if (isObj(attrs)) out.push({ group, name, attrs });
  }
  return out;
}

export function removeAll(stacks: readonly StackInput[], type: string, keep: (attrs: Obj) => boolean = () => false): void {
  for (const b of blocksOf(stacks, type)) if (!keep(b.attrs)) delete b.group[b.name];
}

/** Adds a resource block to a stack (by name prefix such as `secrets-`). */
export function addResource(stacks: readonly StackInput[], stackPrefix: string, type: string, name: string, attrs: Obj): void {
  const stack = stacks.find((s) => s.name.startsWith(stackPrefix));
  if (!stack || !isObj(stack.json)) throw new Error(`no stack ${stackPrefix}*`);
  const resource = isObj(stack.json.resource) ? stack.json.resource : (stack.json.resource = {});
  if (!isObj(resource)) throw new Error("resource is not an object");
  const group = isObj(resource[type]) ? resource[type] : (resource[type] = {});
  if (isObj(group)) group[name] = { "//": { metadata: { path: `${stack.name}/${name}` } }, ...attrs };
}

/** Rules of a ruleset phase, mutable. */
export function phaseRulesOf(stacks: readonly StackInput[], phase: string): Obj[][] {
  return blocksOf(stacks, "cloudflare_ruleset")
    .filter((b) => b.attrs.phase === phase)
    .map((b) => (Array.isArray(b.attrs.rules) ? b.attrs.rules.filter(isObj) : []));
}

export function setRules(stacks: readonly StackInput[], phase: string, keep: (rule: Obj) => boolean): void {
  for (const b of blocksOf(stacks, "cloudflare_ruleset")) {
    if (b.attrs.phase === phase && Array.isArray(b.attrs.rules)) b.attrs.rules = b.attrs.rules.filter((r) => isObj(r) && keep(r));
  }
}

export interface ContextOptions {
  readonly config?: EnvConfig;
  readonly runbooks?: readonly RepoFile[];
  readonly today?: string;
}

/** The context one rule sees for the single environment of `stacks`. */
export function contextFor(stacks: readonly StackInput[], options: ContextOptions = {}): RuleContext {
  const [env] = envViews(buildModel(stacks), options.config ? [options.config.app.environment] : []);
  if (!env) throw new Error("no environment in stacks");
  return {
    env,
    runbooks: options.runbooks ?? RUNBOOKS,
    codeowners: CODEOWNERS,
    today: options.today ?? TODAY,
    knownRuleIds: new Set(RULES.map((r) => r.id)),
    ...(options.config ? { config: options.config } : {}),
  };
}

export function check(rule: Rule, stacks: readonly StackInput[], options: ContextOptions = {}): RuleOutcome {
  return rule.check(contextFor(stacks, options));
}

/** Finding messages of an outcome (empty unless non-compliant). */
export function messages(out: RuleOutcome): string[] {
  return out.kind === "non-compliant" ? out.findings.map((f) => f.message) : [];
}

export function ruleById(id: string): Rule {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

/** Whole-engine results for one environment's stacks and config. */
export function resultsFor(
  stacks: readonly StackInput[],
  config: EnvConfig,
  options: { today?: string; runbooks?: readonly RepoFile[] } = {},
): RuleResult[] {
  return [
    ...runChecks({
      model: buildModel(stacks),
      configs: new Map([[config.app.environment, config]]),
      runbooks: options.runbooks ?? RUNBOOKS,
      codeowners: CODEOWNERS,
      today: options.today ?? TODAY,
    }).results,
  ];
}

/** A temp repo with the example configs (or the given ones) and the repository's runbooks. */
export function workspace(
  configs: Readonly<Record<string, unknown>> = { production: exampleInput("production"), staging: exampleInput("staging") },
): string {
  const dir = tempDir("golive-check-");
  mkdirSync(join(dir, "config"));
  for (const [env, input] of Object.entries(configs)) writeFileSync(join(dir, "config", `${env}.yaml`), stringify(input));
  if (existsSync(join(REPO_ROOT, "runbooks"))) cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
  return dir;
}
