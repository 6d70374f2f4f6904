import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PathError } from "../../lib/core/display-path";
import { UnsafeOutputError } from "../../lib/core/output-file";
import { writeFileAtomic } from "../../lib/core/write-file-atomic";
import { checkProtectedInventory, inventoryFile } from "../../lib/engines/synth/protected-inventory";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";

/** A project holding the staging example config only (one environment synthesizes fastest). */
function project(): string {
  const cwd = tempDir("golive-protected-folder-");
  mkdirSync(join(cwd, "config"));
  cpSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(cwd, "config", "staging.yaml"));
  return cwd;
}

const protectedKey = (path: string) => ({ lifecycle: { prevent_destroy: true }, "//": { metadata: { path } } });

describe("synth --record-protected writes only into a protected folder inside the config folder", () => {
  test("fails with exit 2 before the synth when config/protected links out of the config folder, naming the folder link; nothing is written there", async () => {
    const cwd = project();
    const outside = tempDir("golive-protected-outside-");
    symlinkSync(outside, join(cwd, "config", "protected"));
    const run = await golive(["synth", "--record-protected"], { cwd });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toBe(
      `golive synth: config/protected is a symbolic link to ${outside}, outside the config folder (config); not read: links must stay inside the config folder\n`,
    );
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  test("an inventory reached through a linked protected folder is refused naming the folder, not the regular file inside it", async () => {
    const cwd = project();
    const outside = tempDir("golive-protected-outside-");
    writeFileSync(join(outside, "staging.json"), '{"protected": []}\n');
    symlinkSync(outside, join(cwd, "config", "protected"));
    const run = await golive(["synth"], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `golive synth: config/protected is a symbolic link to ${outside}, outside the config folder (config); not read: links must stay inside the config folder\n`,
    );
  });

  test("fails with exit 2 when config/protected is a file, naming it as not a folder; the file, the config folder and the output are left as they were", async () => {
    const cwd = project();
    writeFileSync(join(cwd, "config", "protected"), "notes\n");
    const run = await golive(["synth", "--record-protected"], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "golive synth: config/protected is a file, not a folder; allowed: a folder, where golive writes staging.json; nothing was written\n",
    );
    expect(readFileSync(join(cwd, "config", "protected"), "utf8")).toBe("notes\n");
    expect(readdirSync(join(cwd, "config")).sort()).toEqual(["protected", "staging.yaml"]);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  test("fails before writing any inventory when one of them cannot be written: the other environment's is not written either", () => {
    const config = tempDir("golive-protected-config-");
    mkdirSync(join(config, "protected"));
    symlinkSync("nowhere.json", inventoryFile(config, "staging"));
    const out = join(tempDir("golive-protected-out-"), "cdktf.out");
    writeSynthOutput(out, {
      "secrets-production": { resource: { aws_kms_key: { Key: protectedKey("secrets-production/SecretsKey/Resource") } } },
      "secrets-staging": { resource: { aws_kms_key: { Key: protectedKey("secrets-staging/SecretsKey/Resource") } } },
    });
    expect(() => checkProtectedInventory(out, config, ["production", "staging"], true, config)).toThrow(
      new UnsafeOutputError(
        "protected/staging.json is a symbolic link to nothing, not a regular file; allowed: a file golive writes; nothing was written",
      ),
    );
    expect(existsSync(inventoryFile(config, "production"))).toBe(false);
  });

  test("a write under a file where a folder must be names that file, and the temporary file's clean-up does not hide it", () => {
    const dir = tempDir("golive-write-under-file-");
    writeFileSync(join(dir, "protected"), "notes\n");
    let thrown: unknown;
    try {
      writeFileAtomic(join(dir, "protected", "staging.json"), "{}\n");
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(PathError);
    expect(thrown instanceof PathError && thrown.describe(dir)).toBe("protected is a file, not a folder; nothing was written");
  });
});
