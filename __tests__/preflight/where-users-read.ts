import { readFileSync } from "node:fs";
import { join } from "node:path";
import { golive } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

// Fixed paths, as the adoption guard wants of every file a test reads.
const EDGE_DOC = join(REPO_ROOT, "docs", "edge.md");
const DEPLOY_RUNBOOK = join(REPO_ROOT, "runbooks", "deploy.md");

/** `text` with every run of white space as one space, so a sentence matches across line wraps. */
const flat = (text: string): string => text.replace(/\s+/g, " ");

/** The `## ` section of `file` that starts at `heading`, flattened. */
function section(file: string, heading: string): string {
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(heading);
  return flat(text.slice(start, text.indexOf("\n## ", start + 1)));
}

/** Where users read what preflight checks, each as [name, its text flattened], for test.each. */
export const PREFLIGHT_TEXTS: readonly (readonly [string, () => Promise<string>])[] = [
  ["golive help preflight", async () => flat((await golive(["help", "preflight"], { cwd: REPO_ROOT })).stdout)],
  ["docs/edge.md", async () => section(EDGE_DOC, "## Before the first deploy: `golive preflight`")],
  ["runbooks/deploy.md", async () => section(DEPLOY_RUNBOOK, "## Step one: preflight")],
];

/** runbooks/deploy.md, flattened. */
export const deployRunbook = (): string => flat(readFileSync(DEPLOY_RUNBOOK, "utf8"));
