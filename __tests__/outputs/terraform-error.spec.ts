import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { writeSynthOutput } from "../helpers/synth-output";
import { terraformOnPath } from "./stand-in";

/** A stand-in terraform whose every command fails, printing the file $ERR on stderr. */
const FAILING = `#!/bin/sh
cat "$ERR" >&2
exit 1
`;

/** What Terraform 1.11 prints for `init` offline (a provider it cannot find in the plugin cache). */
const OFFLINE = `
Initializing the backend...

Initializing provider plugins...
- Finding cloudflare/cloudflare versions matching "5.14.0"...
╷
│ Error: Failed to query available provider packages
│
│ Could not retrieve the list of available versions for provider
│ cloudflare/cloudflare: could not connect to registry.terraform.io: failed
│ to request discovery document: Get
│ "https://registry.terraform.io/.well-known/terraform.json": dial tcp:
│ lookup registry.terraform.io: no such host
╵
`;

/** One project for the file: the stand-in on PATH and a synthesized edge-prod; each test writes its own err.txt. */
let cwd = "";
let path = "";
beforeAll(() => {
  cwd = tempDir("golive-outputs-error-");
  path = terraformOnPath(cwd, FAILING);
  writeSynthOutput(join(cwd, "cdktf.out"), { "edge-prod": { terraform: {} } });
});

/** `golive outputs edge-prod` (in-process; outputs.spec.ts spawns bin/golive.js) with terraform printing `stderr` and failing. */
async function outputsFailingWith(stderr: string) {
  writeFileSync(join(cwd, "err.txt"), stderr);
  return golive(["outputs", "edge-prod"], { cwd, env: { PATH: path, HOME: cwd, ERR: join(cwd, "err.txt") } });
}

describe("golive outputs: a failed terraform is shown with its cause, as golive plan shows it", () => {
  test("fails offline naming the provider, the registry it could not reach and what to do (exit 1)", async () => {
    const run = await outputsFailingWith(OFFLINE);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("golive outputs: terraform init failed in edge-prod:");
    expect(lines[1]).toBe("  Error: Failed to query available provider packages");
    expect(run.stderr).toContain("  cloudflare/cloudflare: could not connect to registry.terraform.io: failed\n");
    expect(lines.at(-1)).toBe(
      "terraform init installs the stack's providers (from the registry, or the plugin cache) and opens its backend. Fix the cause above, then run the same golive outputs command again.",
    );
    expect(run.stderr).not.toContain("Initializing");
  });

  test("the excerpt is bounded and redacted", async () => {
    const token = `Bearer ${"q7".repeat(12)}`;
    const noise = Array.from({ length: 40 }, (_, i) => `│ detail line ${i}`).join("\n");
    const run = await outputsFailingWith(`│ Error: Unauthorized\n│ sent ${token}\n${noise}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain(token);
    expect(run.stderr).toContain("  sent [REDACTED]");
    // The heading, 8 lines of terraform's error, what to do.
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(10);
    expect(run.stderr).not.toContain("detail line 6");
  });
});
