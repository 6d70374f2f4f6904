import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_NESTING } from "../../lib/core/json";
import { readJsonFile, SynthOutputError } from "../../lib/core/synth-output";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

const SYNTH = join(REPO_ROOT, "__tests__", "fixtures", "plans", "cdktf-synth");
const STACK = join("out", "stacks", "edge-production", "cdk.tf.json");
const MARK = '"__deep__"';

/** A list nested `depth` deep, as text: JSON.stringify itself overflows the stack on it. */
const nestedList = (depth: number): string => `${"[".repeat(depth)}"x"${"]".repeat(depth)}`;

/** A project with the example configs and a synth output whose first DNS record's `comment` is nested `depth` deep. */
function project(depth: number): { dir: string; record: string } {
  const dir = tempDir("golive-deep-stack-");
  mkdirSync(join(dir, "config"));
  for (const env of ["production", "staging"]) cpSync(join(EXAMPLE_CONFIG_DIR, `${env}.yaml`), join(dir, "config", `${env}.yaml`));
  cpSync(SYNTH, join(dir, "out"), { recursive: true });
  const json = JSON.parse(readFileSync(join(dir, STACK), "utf8"));
  const records: Record<string, Record<string, unknown>> = json.resource.cloudflare_dns_record;
  const record = Object.keys(records)[0] ?? "";
  records[record] = { ...records[record], comment: "__deep__" };
  writeFileSync(join(dir, STACK), JSON.stringify(json, null, 1).replace(MARK, nestedList(depth)));
  return { dir, record };
}

describe("a synthesized stack nested deeper than any stack golive writes", () => {
  test("golive check --dir fails in one line naming the file, the field and the depth allowed, not with an internal error", async () => {
    const { dir, record } = project(6000);
    // In-process (jest's deeper stack is the harder case); check is spawned in __tests__/cli/process.spec.ts.
    const run = await golive(["check", "production", "--dir", "out"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `golive check: out/stacks/edge-production/cdk.tf.json: resource.cloudflare_dns_record.${record}.comment[0][0][0][0]…: ` +
        `is nested more than ${MAX_NESTING} levels deep; allowed: at most ${MAX_NESTING}; synthesize again\n`,
    );
  });

  test("the synth-output reader refuses at MAX_NESTING levels and reads a stack just within it", () => {
    const { dir } = project(MAX_NESTING - 4);
    expect(() => readJsonFile(join(dir, STACK))).not.toThrow();
    const deeper = project(MAX_NESTING - 3);
    expect(() => readJsonFile(join(deeper.dir, STACK))).toThrow(SynthOutputError);
    expect(() => readJsonFile(join(deeper.dir, STACK))).toThrow(`.comment${"[0]".repeat(4)}…: is nested more than ${MAX_NESTING}`);
  });
});
