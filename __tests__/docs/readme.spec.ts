import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../helpers/example-config";
import { helpCommands } from "./help";
import { readDoc } from "./support";

const README = readDoc("README.md");

/** The text of README's `## <title>` section, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`README has no "## ${title}" section`);
  const end = README.indexOf("\n## ", start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

/** Every `node-version:` of every workflow step, as written. */
function workflowNodeVersions(): string[] {
  const dir = join(REPO_ROOT, ".github", "workflows");
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === "object" && node !== null)
      for (const [key, value] of Object.entries(node)) {
        if (key === "node-version") out.push(String(value));
        else walk(value);
      }
  };
  for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) walk(parse(readFileSync(join(dir, f), "utf8")));
  return out;
}

describe("README", () => {
  test("is at most 10 KB (10,240 bytes): reference lives in docs/", () => {
    expect(statSync(join(REPO_ROOT, "README.md")).size).toBeLessThanOrEqual(10240);
  });

  test("keeps the two commands of a fresh machine: the main job and the test command", () => {
    const blocks = [...section("Two commands on a fresh machine").matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => (m[1] ?? "").trim());
    expect(blocks).toEqual(["npm ci && npm start", "bash scripts/test.sh"]);
    const scripts = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.start).toMatch(/golive\.js synth && .*golive\.js check/);
    expect(readFileSync(join(REPO_ROOT, ".ci", "run"), "utf8")).toContain("bash scripts/test.sh");
  });

  test("the quickstart is at most 30 lines and runs synth, check, preflight, plan, deploy and verify in that order", () => {
    const quickstart = section("Quickstart: from clone to first deploy");
    const code = /```sh\n([\s\S]*?)```/.exec(quickstart)?.[1] ?? "";
    expect(code.split("\n").length).toBeLessThanOrEqual(30);
    const at = (re: RegExp) => code.search(re);
    const order = [/golive synth /, /golive check /, /golive preflight /, /golive plan /, /cdktf deploy /, /golive verify /].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test("the quickstart deploys the stacks golive stacks lists, in its order, not a fixed list init's config may not have", () => {
    const code = /```sh\n([\s\S]*?)```/.exec(section("Quickstart: from clone to first deploy"))?.[1] ?? "";
    expect(code).toMatch(/^for S in \$\(npx golive stacks production\); do$/m);
    expect(code).toMatch(/^ {2}npx golive plan \$S && npx cdktf deploy \$S /m);
    expect(code).not.toMatch(/cdktf deploy [a-z]+-production/);
  });

  test("the commands table lists exactly the commands golive --help lists, in the same order", async () => {
    const table = section("Commands");
    const named = [...table.matchAll(/^\| `golive ([a-z][a-z0-9-]*)[^`]*` /gm)].map((m) => m[1]);
    expect(named).toEqual(await helpCommands());
  });

  test("the Node versions it states are package.json's engines and the workflows' node-version", () => {
    const requirements = section("Requirements and supported Node versions");
    const engines = /`engines: ([^`]+)`/.exec(requirements)?.[1];
    expect(engines).toBe(JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).engines.node);
    const workflowsNode = /the workflows use Node (\d+)/.exec(requirements)?.[1];
    const versions = workflowNodeVersions();
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions)).toEqual(new Set([workflowsNode]));
  });

  test("links every runbook", () => {
    const runbooks = readdirSync(join(REPO_ROOT, "runbooks")).filter((f) => f.endsWith(".md"));
    expect(runbooks.filter((f) => !README.includes(`](runbooks/${f})`))).toEqual([]);
  });

  test("links every docs page", () => {
    const pages = readdirSync(join(REPO_ROOT, "docs")).filter((f) => f.endsWith(".md"));
    expect(pages.filter((f) => !README.includes(`](docs/${f})`))).toEqual([]);
  });
});
