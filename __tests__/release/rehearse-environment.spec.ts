import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { spawnCollect, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

// scripts/rehearse-release.mjs run bare, as docs/releasing.md shows it, in a project whose environments
// are not called production: it must not guess a name, and must name the user's config/, not its copy.

describe("scripts/rehearse-release.mjs: which environment it rehearses", () => {
  test("fails with one usage line naming config/'s environments when two exist and none is named, copying nothing", async () => {
    const project = tempDir();
    mkdirSync(join(project, "config"));
    copyFileSync(join(EXAMPLE_CONFIG_DIR, "production.yaml"), join(project, "config", "prod.yaml"));
    copyFileSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(project, "config", "qa.yaml"));
    const tmp = join(project, "tmp"); // the script's temporary copy would land here
    mkdirSync(tmp);
    const run = await spawnCollect(process.execPath, [join(REPO_ROOT, "scripts", "rehearse-release.mjs")], {
      cwd: project,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: project, TMPDIR: tmp },
    });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "rehearse-release: name the environment to rehearse (config has prod, qa); usage: node scripts/rehearse-release.mjs [env] [--config-dir DIR] [--json]\n",
    });
    expect(readdirSync(tmp)).toEqual([]);
  });
});
