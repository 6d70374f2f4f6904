import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { repositoryPath } from "../../lib/engines/check/repo-path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";

interface SarifResult {
  readonly ruleId: string;
  readonly locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  readonly partialFingerprints: Record<string, string>;
}

describe("the runbooks folder as GL-REL-003 names it: relative to its repository", () => {
  test("a folder in another checkout than --repo-dir (CI's pr-head beside base) is named from that checkout's root", () => {
    const ws = tempDir("golive-runbooks-ws-");
    mkdirSync(join(ws, "pr-head", ".git"), { recursive: true });
    mkdirSync(join(ws, "pr-head", "runbooks"));
    mkdirSync(join(ws, "base"));
    mkdirSync(join(ws, "data"));
    expect(repositoryPath(join(ws, "pr-head", "runbooks"), join(ws, "base"), join(ws, "data"))).toBe("runbooks");
  });

  test("a folder inside --repo-dir is named from it; one in no repository relative to the working directory, never absolutely", () => {
    const ws = tempDir("golive-runbooks-ws-");
    mkdirSync(join(ws, "repo", "ops", "runbooks"), { recursive: true });
    mkdirSync(join(ws, "x", "rb"), { recursive: true });
    expect(repositoryPath(join(ws, "repo", "ops", "runbooks"), join(ws, "repo"), join(ws, "repo"))).toBe("ops/runbooks");
    expect(repositoryPath(join(ws, "x", "rb"), join(ws, "repo"), join(ws, "repo"))).toBe("../x/rb");
  });

  test("SARIF locates a missing runbook at the repository's folder, with no absolute path in its fingerprint", async () => {
    const dir = tempDir("golive-runbooks-sarif-");
    cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
    await copyExampleSynth(dir);
    const head = tempDir("golive-runbooks-head-"); // the pull request's checkout, outside the data folder check runs in
    mkdirSync(join(head, ".git"));
    cpSync(join(REPO_ROOT, "runbooks"), join(head, "runbooks"), { recursive: true });
    rmSync(join(head, "runbooks", "rollback.md"));
    const run = await golive(
      ["check", "--today", "2026-11-29", "--runbooks-dir", join(head, "runbooks"), "--format", "sarif", "--output", "check.sarif"],
      { cwd: dir },
    );
    expect(run.code).toBe(1);
    const sarif = JSON.parse(readFileSync(join(dir, "check.sarif"), "utf8")) as { runs: { results: SarifResult[] }[] };
    const results = sarif.runs[0]?.results.filter((r) => r.ruleId === "GL-REL-003") ?? [];
    expect(results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual(["runbooks"]);
    expect(JSON.stringify(results)).not.toContain(head);
  });
});
