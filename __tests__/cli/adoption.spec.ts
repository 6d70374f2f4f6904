import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

/** Every .ts file under a directory, recursively. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/**
 * `config/` belongs to the user: their environments, their domain. The suite runs on its own examples
 * (__tests__/fixtures/config), so editing config/ can never break it.
 */
describe("adopting golive: config/ is the user's, not the suite's", () => {
  test("no test reads the repository's config/ folder (only the generated schema file there)", () => {
    const readsUserConfig = /REPO_ROOT,\s*"config"(?!,\s*"golive\.schema\.json")/;
    const offenders = tsFiles(join(REPO_ROOT, "__tests__"))
      .filter((file) => readsUserConfig.test(readFileSync(file, "utf8")))
      .map((file) => relative(REPO_ROOT, file));
    expect(offenders).toEqual([]);
  });

  // In-process: the same commands as processes are __tests__/cli/process.spec.ts's claim.
  test("a project with its own environment and its own domain synthesizes and passes check", async () => {
    const dir = tempDir("golive-adopt-");
    cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
    cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
    const own = (text: string, from: string, to: string) => text.split(from).join(to);
    // production on the user's real-looking domain; a third environment, qa, on a domain and in an AWS
    // account of its own (one GitHub OIDC provider per account).
    const production = join(dir, "config", "production.yaml");
    writeFileSync(production, own(readFileSync(production, "utf8"), "example.com", "acme-corp.io"));
    const staging = readFileSync(join(dir, "config", "staging.yaml"), "utf8");
    writeFileSync(
      join(dir, "config", "qa.yaml"),
      [
        ["example.net", "qa.acme-corp.dev"],
        ["environment: staging", "environment: qa"],
        ["-staging", "-qa"],
        ["222222222222", "333333333333"],
      ].reduce((text, [from, to]) => own(text, from ?? "", to ?? ""), staging),
    );
    const run = await golive(["check", "--json"], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error|:\s.*allowed/i) });
    const report = JSON.parse(run.stdout) as { summary: { ready: boolean; blockers: number } };
    expect(report.summary).toMatchObject({ ready: true, blockers: 0 });
    const stacks = await golive(["stacks", "qa"], { cwd: dir });
    expect(stacks.stdout).toContain("edge-qa");
    const zone = await golive(["zone", "production"], { cwd: dir });
    expect(zone.stdout).toMatch(/^\$ORIGIN acme-corp\.io\.$/m);
  });
});
