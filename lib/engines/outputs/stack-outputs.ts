import { existsSync } from "node:fs";
import { isRecord } from "../../core/json";
import { listSynthesizedStacks, readStackJson, type SynthesizedStack } from "../../core/synth-output";
import { errorSummary, run } from "../plan/runner/terraform";
import { needsInit, recordInit } from "./init-state";

/** The terraform command that failed and the excerpt of its error (errorSummary: bounded, redacted). */
export interface TerraformFailure {
  readonly step: "init" | "output";
  readonly excerpt: string;
}

/**
 * Why a stack's outputs could not be read, in one line. `usage`: the stack name is not synthesized.
 * `terraform`: terraform failed; its error excerpt is the one `golive plan` prints (the `Error:` block),
 * as its first line alone ("Failed to query available provider packages") names no cause.
 */
export class OutputsError extends Error {
  constructor(
    message: string,
    readonly usage = false,
    readonly terraform?: TerraformFailure,
  ) {
    super(message);
    this.name = "OutputsError";
  }
}

export interface OutputsOptions {
  /** The synth output (`cdktf.out`); the stack is found through its manifest. */
  readonly synthDir: string;
  readonly stack: string;
  /** Full path of terraform (or tofu). */
  readonly binary: string;
  /** The environment terraform runs with (terraformEnv: plugin cache, no checkpoint, no input). */
  readonly env: NodeJS.ProcessEnv;
}

export interface OutputsResult {
  /** `terraform output -json`, sensitive values replaced by null. */
  readonly outputs: Record<string, unknown>;
  /** `terraform init` ran first (no `.terraform`, or new providers, lock or backend since the last one). */
  readonly initialized: boolean;
}

const failed = (step: TerraformFailure["step"], stack: string, output: string): OutputsError =>
  new OutputsError(`terraform ${step} failed in ${stack}`, false, { step, excerpt: errorSummary(output) });

/**
 * Sensitive outputs keep their name and type but not their value: golive never prints a secret
 * (`terraform output -raw NAME` in the stack folder reads one on purpose).
 */
function withoutSensitive(outputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, o]) => [name, isRecord(o) && o.sensitive === true ? { ...o, value: null } : o]),
  );
}

/** The synthesized stack of that name; an OutputsError (usage) naming the synthesized ones otherwise. */
export function synthesizedStack(synthDir: string, name: string): SynthesizedStack {
  const stacks = listSynthesizedStacks(synthDir).filter((s) => existsSync(s.file));
  const stack = stacks.find((s) => s.name === name);
  if (stack) return stack;
  const known = stacks.map((s) => s.name).join(", ") || "none; run golive synth first";
  throw new OutputsError(`unknown stack ${JSON.stringify(name.slice(0, 80))} (synthesized: ${known})`, true);
}

/** A synthesized stack's outputs: `terraform init -input=false` when needed, then `terraform output -json`. */
export async function stackOutputs(o: OutputsOptions): Promise<OutputsResult> {
  const stack = synthesizedStack(o.synthDir, o.stack);
  const json = readStackJson(stack);
  let initialized = false;
  if (needsInit(stack.dir, json)) {
    const init = await run(o.binary, ["init", "-input=false", "-no-color"], stack.dir, o.env);
    if (init.code !== 0) throw failed("init", stack.name, init.stderr || init.stdout);
    recordInit(stack.dir, json);
    initialized = true;
  }
  const out = await run(o.binary, ["output", "-json", "-no-color"], stack.dir, o.env);
  if (out.code !== 0) throw failed("output", stack.name, out.stderr || out.stdout);
  let outputs: unknown;
  try {
    outputs = JSON.parse(out.stdout);
  } catch {
    throw new OutputsError(`terraform output -json in ${stack.name} printed no JSON object`);
  }
  if (!isRecord(outputs)) throw new OutputsError(`terraform output -json in ${stack.name} printed no JSON object`);
  return { outputs: withoutSensitive(outputs), initialized };
}
