import { readFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { initArgs } from "../init/init-args";

const RUNBOOK = readFileSync(join(REPO_ROOT, "runbooks", "deploy.md"), "utf8");
const FIRST_DEPLOY = RUNBOOK.slice(RUNBOOK.indexOf("## First deploy of an environment"), RUNBOOK.indexOf("### Alarms after steps 6 and 7"));

/** The numbered steps of the first-deploy table, each with the stack kind it deploys. */
function stepKinds(): Map<number, string> {
  const rows = [...FIRST_DEPLOY.matchAll(/^\| (\d+) \| `npx cdktf deploy ([a-z]+)-production\b/gm)];
  return new Map(rows.map((m) => [Number(m[1]), m[2] ?? ""]));
}

/** "4, 6 and 7" -> [4, 6, 7]. */
const numbers = (list: string): number[] => [...list.matchAll(/\d+/g)].map((m) => Number(m[0]));

/** What the runbook says a config from `golive init` runs: without and with --github-repository. */
function runbookSays(): { plain: number[]; withCi: number[] } {
  const text = FIRST_DEPLOY.replace(/\s+/g, " ");
  const said = text.match(
    /a config from `golive init` runs steps ([\d, and]+?) \([a-z, ]+\), and steps ([\d, and]+?) too \([a-z, ]+\) with `--github-repository`; it skips the others/,
  );
  if (said === null) throw new Error("runbooks/deploy.md no longer says which steps a config from golive init runs");
  const plain = numbers(said[1] ?? "");
  return { plain, withCi: [...plain, ...numbers(said[2] ?? "")].sort((a, b) => a - b) };
}

/** The steps whose stack `golive stacks <env>` lists for a config init wrote, synthesized in `cwd`. */
async function stepsListed(cwd: string, env: string): Promise<number[]> {
  const stacks = await golive(["stacks", env], { cwd });
  expect(stacks).toMatchObject({ code: 0, stderr: "" });
  const kinds = stacks.stdout
    .trim()
    .split("\n")
    .map((name) => name.slice(0, -`-${env}`.length));
  const steps = [...stepKinds()].filter(([, kind]) => kinds.includes(kind)).map(([step]) => step);
  // Every stack listed is a step of the table: none is left to guess.
  expect(steps).toHaveLength(kinds.length);
  return steps;
}

describe("First deploy of an environment: the steps a config from golive init runs", () => {
  test("the table's steps deploy one stack kind each, bootstrap to traffic", () => {
    expect([...stepKinds()]).toEqual([
      [1, "bootstrap"],
      [2, "access"],
      [3, "secrets"],
      [4, "edge"],
      [5, "email"],
      [6, "monitoring"],
      [7, "traffic"],
    ]);
  });

  test("the steps the runbook says init's configs run are the ones `golive stacks` lists, without and with --github-repository", async () => {
    const cwd = tempDir("golive-runbook-steps-");
    const ci = {
      domain: "qa-acme-x.dev",
      hostname: "chat.qa-acme-x.dev",
      "aws-account-id": "222222222222",
      "github-repository": "acme/app",
      "secrets-writer-role": "arn:aws:iam::222222222222:role/acme-secret-writers",
    };
    expect(await golive(initArgs(), { cwd })).toMatchObject({ code: 0 });
    expect(
      await golive(
        [...initArgs(ci)].map((a) => (a === "zz" ? "qa" : a)),
        { cwd },
      ),
    ).toMatchObject({ code: 0 });
    expect(await golive(["synth"], { cwd })).toMatchObject({ code: 0 });
    const said = runbookSays();
    expect(await stepsListed(cwd, "zz")).toEqual(said.plain);
    expect(await stepsListed(cwd, "qa")).toEqual(said.withCi);
  });
});
