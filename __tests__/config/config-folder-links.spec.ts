import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkInsideConfigFolder, ConfigLinkError } from "../../lib/config/inside-folder";
import { loadEnvironments } from "../../lib/engines/config/load";
import { tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

function project(): { cwd: string; config: string; outside: string } {
  const cwd = tempDir("golive-folder-links-");
  const config = join(cwd, "config");
  cpSync(EXAMPLE_CONFIG_DIR, config, { recursive: true });
  return { cwd, config, outside: tempDir("golive-folder-links-outside-") };
}

/** What checkInsideConfigFolder refuses, as the CLI prints it; "" when it passes. */
function refusal(file: string, folder: string, cwd: string, use?: "read" | "write" | "remove"): string {
  try {
    checkInsideConfigFolder(file, folder, use);
    return "";
  } catch (err) {
    if (err instanceof ConfigLinkError) return err.describe(cwd);
    throw err;
  }
}

describe("a folder of the config folder that links out of it", () => {
  test("the loader refuses config/adopt linked out, naming the folder, not the regular file inside it", () => {
    const { cwd, config, outside } = project();
    writeFileSync(join(outside, "production.json"), "{}\n");
    symlinkSync(outside, join(config, "adopt"));
    expect(() => loadEnvironments(config, ["production"], cwd)).toThrow(ConfigLinkError);
    expect(refusal(join(config, "adopt", "production.json"), config, cwd)).toBe(
      `config/adopt is a symbolic link to ${outside}, outside the config folder (config); not read: links must stay inside the config folder`,
    );
  });

  test("is refused before the file inside it exists, in the words of what was about to happen", () => {
    const { cwd, config, outside } = project();
    symlinkSync(outside, join(config, "protected"));
    const file = join(config, "protected", "staging.json");
    expect(refusal(file, config, cwd, "write")).toBe(
      `config/protected is a symbolic link to ${outside}, outside the config folder (config); nothing was written: links must stay inside the config folder`,
    );
    expect(refusal(file, config, cwd, "remove")).toContain("; not removed: links must stay inside the config folder");
  });

  test("a link to nothing outside the config folder is refused; links that stay inside it pass, however deep", () => {
    const { cwd, config, outside } = project();
    symlinkSync(join(outside, "gone"), join(config, "adopt"));
    expect(refusal(join(config, "adopt", "production.json"), config, cwd)).toBe(
      `config/adopt is a symbolic link to ${join(outside, "gone")}, outside the config folder (config); not read: links must stay inside the config folder`,
    );
    mkdirSync(join(config, "shared", "inventories"), { recursive: true });
    writeFileSync(join(config, "shared", "inventories", "staging.json"), '{"protected": []}\n');
    symlinkSync(join(config, "shared"), join(config, "protected"));
    expect(refusal(join(config, "protected", "inventories", "staging.json"), config, cwd)).toBe("");
    // A link inside the folder that leads to a file linked out is refused at that file.
    symlinkSync(join(outside, "elsewhere.json"), join(config, "shared", "production.json"));
    expect(refusal(join(config, "protected", "production.json"), config, cwd)).toMatch(
      /^config\/protected\/production\.json is a symbolic link to .*elsewhere\.json, outside the config folder/,
    );
  });
});
