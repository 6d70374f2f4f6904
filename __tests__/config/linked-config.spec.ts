import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { shownKey, shownValue } from "../../lib/core/shown-input";
import { loadEnvironments } from "../../lib/engines/config/load";
import { readInventory } from "../../lib/engines/synth/protected-inventory";
import { golive, tempDir } from "../helpers/cli";
import { configErrorText, EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/** What a file golive must never quote looks like: a password file and a .env. */
const SHADOW = "root:$6$saltsalt$HASHhashHASHhash0123456789:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n";
const DOTENV = "DATABASE_PASSWORD=hunter2-correct-horse\nAPI_KEY=abcd1234efgh\n";
const SECRETS = ["HASHhash", "hunter2", "abcd1234", "root:$6$", "DATABASE_PASSWORD=h"];

function project(): { cwd: string; outside: string } {
  const cwd = tempDir("golive-linked-");
  cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });
  const outside = tempDir("golive-outside-");
  writeFileSync(join(outside, "shadow"), SHADOW);
  writeFileSync(join(outside, ".env"), DOTENV);
  return { cwd, outside };
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe("a config file linked out of the config folder", () => {
  test.each([
    ["a password file", "qa.yaml", "shadow"],
    ["a .env", "qa.yaml", ".env"],
    ["a .env, as JSON", "qa.json", ".env"],
  ])("is refused unread when it leads to %s: one line naming it, exit 2, nothing quoted", async (_what, name, target) => {
    const { cwd, outside } = project();
    symlinkSync(join(outside, target), join(cwd, "config", name));
    for (const args of [["synth", "qa"], ["synth"], ["check"], ["verify", "qa", "--dry-run"]]) {
      const run = await golive(args, { cwd });
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(
        new RegExp(
          `^golive ${args[0]}: config/${name.replace(".", "\\.")} is a symbolic link to [^\\n]+, outside the config folder \\(config\\); not read: links must stay inside the config folder\\n$`,
        ),
      );
      expectNoSecret(run.stdout + run.stderr);
    }
  });

  test.each(["protected", "adopt"])("a %s file linked out of the config folder is refused unread, before the synth", async (folder) => {
    const { cwd, outside } = project();
    mkdirSync(join(cwd, "config", folder));
    symlinkSync(join(outside, ".env"), join(cwd, "config", folder, "production.json"));
    const run = await golive(["synth", "production"], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `^golive synth: config/${folder}/production\\.json is a symbolic link to [^\\n]+; not read: links must stay inside the config folder\\n$`,
      ),
    );
    expectNoSecret(run.stderr);
  });

  test("a link that stays inside the config folder is read", () => {
    const { cwd } = project();
    mkdirSync(join(cwd, "config", "shared"));
    cpSync(join(cwd, "config", "staging.yaml"), join(cwd, "config", "shared", "staging.yaml"));
    const dir = join(cwd, "config");
    const file = join(dir, "staging.yaml");
    rmSync(file);
    symlinkSync(join(dir, "shared", "staging.yaml"), file);
    expect(loadEnvironments(dir, ["staging"], cwd).get("staging")?.environment).toBe("staging");
  });
});

describe("config errors never quote what a file that is no config holds", () => {
  test.each([
    ["a password file saved as config/qa.yaml", "qa.yaml", SHADOW],
    ["a .env saved as config/qa.yaml", "qa.yaml", DOTENV],
    ["a .env saved as config/qa.json", "qa.json", DOTENV],
  ])("%s: named, not echoed", async (_what, name, text) => {
    const { cwd } = project();
    writeFileSync(join(cwd, "config", name), text);
    const run = await golive(["synth", "qa"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`config/${name}: `);
    expectNoSecret(run.stderr);
    // Node's JSON error quotes the start of the text: `Unexpected token 'D', "DATABASE_P"... is not valid JSON`.
    expect(run.stderr).not.toContain('"DATABASE_P');
  });

  test("a protected inventory holding a .env is named relative to the working directory, its text not quoted", () => {
    const { cwd } = project();
    const dir = join(cwd, "config", "protected");
    mkdirSync(dir);
    writeFileSync(join(dir, "production.json"), DOTENV);
    let message = "";
    try {
      readInventory(join(dir, "production.json"), join(cwd, "config"), "config/protected/production.json");
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    expect(message).toMatch(/^config\/protected\/production\.json: \(root\): not a readable JSON file \(Unexpected token 'D'\)$/);
  });

  test("a secret assigned inside a value is masked; a line of another file as a key is cut to a short prefix", () => {
    expect(configErrorText([[["app"], "DATABASE_PASSWORD=hunter2-correct-horse"]])).toContain('got "DATABASE_PASSWORD=[REDACTED]"');
    expect(configErrorText([[["app"], { password: "hunter2-correct-horse" }]])).not.toContain("hunter2");
    expect(shownValue("https://example.com/a?b=c")).toBe('"https://example.com/a?b=c"');
    expect(shownKey("root:$6$saltsalt$HASHhash:19000")).toBe('"root..." (a key of 31 characters, not shown)');
    expect(shownKey("API_KEY=abcd1234efgh")).toBe('"API_KEY..." (a key of 20 characters, not shown)');
    expect(shownKey("hostnmaes")).toBe("hostnmaes");
    expect(shownKey("admins!")).toBe("admins!");
  });
});
