import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

// The glob cache that keeps the tree scan at 4-5 s (10-12 s without: secretlint's pattern rule parses
// every glob again for every file) is a runtime patch of the scanner's process, in scripts/secretlint.mjs;
// .secretlintrc.js is configuration, and loading it (as shared-patterns.spec.ts does) patches nothing.

/** The picomatch the pattern rule's micromatch calls, resolved as the patch resolves it (no jest registry). */
const PICOMATCH = `
const { createRequire } = require("node:module");
const rule = createRequire(createRequire(${JSON.stringify(join(REPO_ROOT, "package.json"))}).resolve("@secretlint/secretlint-rule-pattern"));
module.exports = createRequire(rule.resolve("micromatch"))("picomatch");
`;

describe("secret-scan gate: each glob parsed once a run", () => {
  test("scripts/secretlint.mjs parses each glob once: picomatch's makeRe is its cache when a scan ends", () => {
    const dir = tempDir("golive-glob-cache-");
    writeFileSync(join(dir, "picomatch.cjs"), PICOMATCH);
    const report = `${PICOMATCH.replace("module.exports =", "const picomatch =")}
process.on("exit", () => process.stderr.write(\`parsesOnce=\${picomatch.makeRe.parsesOnce === true}\\n\`));`;
    writeFileSync(join(dir, "report.cjs"), report);
    writeFileSync(join(dir, "clean.txt"), "nothing here\n");
    const run = spawnSync(
      "node",
      [
        "--require",
        join(dir, "report.cjs"),
        join(REPO_ROOT, "scripts", "secretlint.mjs"),
        "--secretlintrc",
        join(REPO_ROOT, ".secretlintrc.js"),
        "clean.txt",
      ],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect([run.status, run.stderr.trim().split("\n").at(-1)]).toEqual([0, "parsesOnce=true"]);
  });

  test("loading .secretlintrc.js patches no module", () => {
    const native = createRequire(join(REPO_ROOT, "package.json"));
    native(join(REPO_ROOT, ".secretlintrc.js"));
    const dir = tempDir("golive-glob-config-");
    writeFileSync(join(dir, "picomatch.cjs"), PICOMATCH);
    const picomatch: { makeRe: { parsesOnce?: boolean } } = native(join(dir, "picomatch.cjs"));
    expect(picomatch.makeRe.parsesOnce).toBeUndefined();
  });
});
