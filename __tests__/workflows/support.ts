import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { isRecord } from "../../lib/core/json";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { golive, spawnCollect, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";
import { fixtureText } from "../plan/fixtures";
import { GOLIVE_CLIENT, goliveServerPort, NPX_GOLIVE, nodeStandIn } from "./golive-server";

export { isRecord };

/** Where the repository's workflows live. */
export const DIR = join(REPO_ROOT, ".github", "workflows");

const parsed = new Map<string, Record<string, unknown>>();

/**
 * A workflow file, parsed; a file that is not a mapping fails the test that reads it. Parsed once per
 * file (the specs read them ~300 times, up to ~17 ms each); every caller gets a copy of its own.
 */
export function workflow(file: string): Record<string, unknown> {
  let doc = parsed.get(file);
  if (!doc) {
    const read: unknown = parse(readFileSync(join(DIR, file), "utf8"));
    if (!isRecord(read)) throw new Error(`${file}: not a mapping`);
    doc = read;
    parsed.set(file, doc);
  }
  return structuredClone(doc);
}

/** The jobs of a workflow, by id. */
export function jobsOf(doc: Record<string, unknown>): [string, Record<string, unknown>][] {
  return isRecord(doc.jobs) ? Object.entries(doc.jobs).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1])) : [];
}

/** The steps of one job. */
export function stepsIn(job: Record<string, unknown> | undefined): Record<string, unknown>[] {
  return Array.isArray(job?.steps) ? job.steps.filter(isRecord) : [];
}

/** The first step of `file` whose name starts with `name`. */
export function stepNamed(file: string, name: string): Record<string, unknown> {
  const step = jobsOf(workflow(file))
    .flatMap(([, job]) => stepsIn(job))
    .find((s) => typeof s.name === "string" && s.name.startsWith(name));
  if (!step) throw new Error(`${file} has no step "${name}"`);
  return step;
}

/** The commit a review comment is of, in these tests. */
export const HEAD = "0123456789abcdef0123456789abcdef01234567";

/** The pr-review run these tests sign as: the sign step's github.run_id and github.run_attempt. */
export const REVIEW_RUN = { id: "4200", attempt: "1" } as const;

/** The sign step's env that GitHub fills in for REVIEW_RUN (the key is each test's own). */
export const SIGN_STEP_ENV: Readonly<Record<string, string>> = { REVIEW_RUN_ID: REVIEW_RUN.id, REVIEW_RUN_ATTEMPT: REVIEW_RUN.attempt };

/** tf-changes.json (real terraform) with one planned value changed: what a plan after merge may do instead. */
export function changedAfterReview(): string {
  const plan: { timestamp?: string; resource_changes: { address: string; change: { after: { input: Record<string, unknown> } } }[] } =
    JSON.parse(fixtureText("tf-changes.json"));
  const rc = plan.resource_changes.find((c) => c.address === "terraform_data.update_me");
  if (rc) rc.change.after.input.replicas = 7;
  plan.timestamp = "2031-01-01T00:00:00Z";
  return JSON.stringify(plan);
}

/** The digest line of the review comment of these plans (tf-changes.json each), as pr.yml posts it for commit HEAD. */
export function reviewedDigestLine(stacks: readonly string[]): string {
  const inputs = stacks.map((stack) => ({ stack, file: `${stack}.json`, plan: parsePlanJson(stack, fixtureText("tf-changes.json")) }));
  const comment = renderPlanReport(inputs, "r.md", undefined, [], { commit: HEAD, failedSteps: [] }).comment;
  const line = comment.split("\n").find((l) => l.startsWith("<!-- golive:plan-digest "));
  if (!line) throw new Error("the comment has no digest line");
  return line;
}

/** A working directory for a workflow step (the repository's lib/, scripts/ and node_modules/ linked in), with stand-ins on PATH. */
export interface StepSandbox {
  readonly dir: string;
  /** Plan JSON per stack, what the stand-in's `terraform show -json` prints. */
  readonly fixtures: string;
  /** One line per `terraform apply golive.tfplan`: the stack applied. */
  readonly applied: () => string[];
  /** Runs a step's script with bash -e, as GitHub does, with `env` added. */
  readonly run: (script: string, env: Readonly<Record<string, string>>) => Promise<StepRun>;
  /** Writes stacks.json as deploy-environment.yml does: `golive stacks <env> --json` of the synth output. */
  readonly writeStacksJson: (env?: string) => Promise<void>;
  /**
   * Moves every stack of the synth output out of `stacks/` and rewrites manifest.json to say where
   * (as a cdktf that lays its output out otherwise would): a step that spells the layout fails.
   */
  readonly relocateStacks: () => void;
}

/** How a step's script ended. */
export interface StepRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A step run shared by the tests that give it the same inputs (sharedStep). */
export type SharedStep = (inputs: string, dir: string, run: () => Promise<StepRun>) => Promise<StepRun>;

/**
 * A step whose run and written files depend only on its inputs, run once per `inputs` (a key naming
 * all of them): the first caller runs it in its own `dir`; a later caller gets the same run, with the
 * `files` it wrote (relative to `dir`) written into its own. For tests that need the step's result as
 * the set-up of the step after it, each still asserting on the run.
 */
export function sharedStep(files: readonly string[]): SharedStep {
  const runs = new Map<string, Promise<{ run: StepRun; wrote: (string | undefined)[] }>>();
  return async (inputs, dir, run) => {
    const first = runs.get(inputs);
    if (first) {
      const { run: shared, wrote } = await first;
      files.forEach((file, i) => {
        const text = wrote[i];
        if (text !== undefined) writeFileSync(join(dir, file), text);
      });
      return shared;
    }
    const made = run().then((done) => ({
      run: done,
      wrote: files.map((file) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : undefined)),
    }));
    runs.set(inputs, made);
    return (await made).run;
  };
}

/** Runs `bash -e -c script` without blocking this process (its `npx golive` is answered here). */
async function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<StepRun> {
  const run = await spawnCollect("bash", ["-e", "-c", script], { cwd, env });
  return { status: run.code, stdout: run.stdout, stderr: run.stderr };
}

/**
 * `npx golive` runs this repository's CLI, in this process (golive-server.ts: the step's arguments,
 * working directory and environment; `npx golive synth` does nothing: the test writes the synth
 * output); `terraform` is a stand-in whose `plan -out` writes a plan file, `show` prints
 * `fixtures/<stack>.json` and `apply` records the stack, refusing anything but the saved golive.tfplan.
 */
export function stepSandbox(prefix: string, stacks: readonly string[]): StepSandbox {
  const dir = tempDir(prefix);
  const bin = join(dir, ".bin");
  const fixtures = join(dir, ".fixtures");
  const applied = join(dir, "applied.log");
  mkdirSync(bin);
  mkdirSync(fixtures);
  writeFileSync(join(bin, "npx"), NPX_GOLIVE);
  writeFileSync(
    join(bin, "terraform"),
    `#!/bin/sh
if [ "\${1#-chdir=}" != "$1" ]; then cd "\${1#-chdir=}" && shift; fi
stack=\${PWD##*/}
case "$1" in
  init) exit 0 ;;
  plan) for a in "$@"; do case "$a" in -out=*) echo "saved plan of $stack" > "\${a#-out=}" ;; esac; done; exit 0 ;;
  show) cat "${fixtures}/$stack.json"; exit 0 ;;
  apply) [ "$4" = golive.tfplan ] && [ -f golive.tfplan ] || exit 65; echo "$stack" >> "${applied}"; exit 0 ;;
esac
exit 64
`,
  );
  writeFileSync(join(bin, "node"), nodeStandIn(dir));
  for (const f of ["npx", "terraform", "node"]) chmodSync(join(bin, f), 0o755);
  // steps run `node -r ./lib/runtime/register-ts.js scripts/ci/...` from the repository's root
  for (const f of ["lib", "scripts", "node_modules"]) symlinkSync(join(REPO_ROOT, f), join(dir, f));
  writeSynthOutput(join(dir, "cdktf.out"), Object.fromEntries(stacks.map((s) => [s, {}])));
  return {
    dir,
    fixtures,
    applied: () => (existsSync(applied) ? readFileSync(applied, "utf8").trim().split("\n") : []),
    run: async (script, env) =>
      runBash(script, dir, {
        PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
        HOME: dir,
        GOLIVE_TEST_PORT: await goliveServerPort(),
        ...env,
      }),
    writeStacksJson: async (env = "production") => {
      const listed = await golive(["stacks", env, "--json"], { cwd: dir });
      if (listed.code !== 0) throw new Error(`golive stacks failed: ${listed.stderr}`);
      writeFileSync(join(dir, "stacks.json"), listed.stdout);
    },
    relocateStacks: () => relocateStacks(join(dir, "cdktf.out")),
  };
}

function relocateStacks(outdir: string): void {
  const manifest: unknown = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  const stacks = isRecord(manifest) && isRecord(manifest.stacks) ? manifest.stacks : {};
  mkdirSync(join(outdir, "relocated"));
  for (const [name, entry] of Object.entries(stacks)) {
    renameSync(join(outdir, "stacks", name), join(outdir, "relocated", name));
    if (isRecord(entry))
      Object.assign(entry, { synthesizedStackPath: `relocated/${name}/cdk.tf.json`, workingDirectory: `relocated/${name}` });
  }
  writeFileSync(join(outdir, "manifest.json"), JSON.stringify(manifest));
}

/** The stand-ins actions/github-script gives a script, as far as a test needs them. */
export interface GithubScriptArgs {
  readonly github: unknown;
  readonly context: unknown;
  readonly core: unknown;
  /** The step's environment (`process.env` inside the script). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs a github-script step's script as the action does: an async function body, `require` included,
 * which (as the action's) resolves a `./` module in the step's working directory, the workspace: the
 * given GITHUB_WORKSPACE (see checkoutWorkspace), else this repository (review.yml checks out there).
 */
export async function runGithubScript(script: string, args: GithubScriptArgs): Promise<void> {
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...names: string[]
  ) => (...values: unknown[]) => Promise<void>;
  const fakeProcess = { env: { ...args.env } };
  const workspace = args.env?.GITHUB_WORKSPACE ?? REPO_ROOT;
  const actionRequire = (id: string): unknown => require(id.startsWith(".") ? resolve(workspace, id) : id);
  await new AsyncFunction("github", "context", "core", "require", "process", script)(
    args.github,
    args.context,
    args.core,
    actionRequire,
    fakeProcess,
  );
}

/** A GitHub workspace whose base/ is the default branch's checkout (pr-review.yml's jobs): this repository's code. */
export function checkoutWorkspace(prefix: string): string {
  const root = tempDir(prefix);
  mkdirSync(join(root, "base", "bin"), { recursive: true });
  for (const f of ["lib", "scripts", "node_modules"]) symlinkSync(join(REPO_ROOT, f), join(root, "base", f));
  return root;
}

/** A GitHub workspace for pr-review.yml's steps: base/ (this repository, its golive answered in-process), review/ and RUNNER_TEMP. */
export interface ReviewWorkspace {
  readonly root: string;
  readonly base: string;
  /** $RUNNER_TEMP: outside the workspace, where the pr run's data is unpacked. */
  readonly temp: string;
  /** The step outputs written to $GITHUB_OUTPUT so far. */
  readonly outputs: () => string;
  /** Runs a step's script with bash -e in `cwd` (default base/), with the runner's variables and `env`. */
  readonly run: (script: string, env: Readonly<Record<string, string>>, cwd?: string) => Promise<StepRun>;
}

export function reviewWorkspace(prefix: string): ReviewWorkspace {
  const root = checkoutWorkspace(prefix);
  const base = join(root, "base");
  const temp = join(root, "_temp");
  const output = join(root, "github-output");
  mkdirSync(temp);
  // `node bin/golive.js` of the default branch: this repository's CLI, in this process (golive-server.ts).
  writeFileSync(
    join(base, "bin", "golive.js"),
    `process.argv.splice(2, 0, process.env.GOLIVE_TEST_PORT ?? "");\nrequire(${JSON.stringify(GOLIVE_CLIENT)});\n`,
  );
  writeFileSync(output, "");
  // ...and `node bin/golive.js` a bash client of it (no node process to start), as are the scripts
  // golive-server.ts runs in-process; any other node the real one.
  const bin = join(root, ".runner-bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "node"), nodeStandIn(base, true), { mode: 0o755 });
  return {
    root,
    base,
    temp,
    outputs: () => readFileSync(output, "utf8"),
    run: async (script, env, cwd = base) =>
      runBash(script, cwd, {
        PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
        HOME: root,
        GITHUB_WORKSPACE: root,
        RUNNER_TEMP: temp,
        GITHUB_OUTPUT: output,
        GOLIVE_TEST_PORT: await goliveServerPort(),
        ...env,
      }),
  };
}
