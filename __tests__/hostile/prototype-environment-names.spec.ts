import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readSynthOutputRecord, SYNTH_RECORD } from "../../lib/engines/synth/record";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

// An environment may be named `constructor` (as an Access role may): the synth record (golive.json) is
// keyed by environment names, and zod's record read `constructor.prototype` of it, so every command after
// the first synth failed with "Cannot read properties of null (reading 'prototype')".

const SHA = "a".repeat(64);
/** What the defect printed: zod's TypeError, reported as an internal error. */
const CRASH = /Cannot read properties|TypeError/;

describe("environments named like Object.prototype members", () => {
  test("golive.json keyed by constructor, prototype and __proto__ reads as a record of those names", () => {
    const dir = tempDir("golive-proto-record-");
    const text = `{"environments":{"constructor":"f1","prototype":"f2","__proto__":"f3"},"deployAfter":{"constructor":null,"prototype":"constructor","__proto__":null},"stacks":{"constructor":["edge-constructor"]},"digests":{"constructor":{"constructor":"${SHA}"}}}`;
    writeFileSync(join(dir, SYNTH_RECORD), text);
    const record = readSynthOutputRecord(dir);
    expect([...record.environments]).toEqual([
      ["constructor", "f1"],
      ["prototype", "f2"],
      ["__proto__", "f3"],
    ]);
    expect(record.deployAfter.get("constructor")).toBeNull();
    expect(record.deployAfter.get("prototype")).toBe("constructor");
    expect(record.stacks.get("constructor")).toEqual(["edge-constructor"]);
    expect(record.digests.get("constructor")?.get("constructor")).toBe(SHA);
  });

  test("fails on a golive.json whose digest is no SHA-256, naming the environment and stack", () => {
    const dir = tempDir("golive-proto-record-");
    writeFileSync(join(dir, SYNTH_RECORD), '{"environments":{"constructor":"f"},"digests":{"constructor":{"edge-constructor":"x"}}}');
    expect(() => readSynthOutputRecord(dir)).toThrow(/digests\.constructor\.edge-constructor: must be a SHA-256 in hex/);
  });

  test("an environment named constructor: synth, then check, zone, stacks and verify --dry-run read its output", async () => {
    const dir = tempDir("golive-proto-env-");
    mkdirSync(join(dir, "config"));
    cpSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(dir, "config", "constructor.yaml"));
    const file = join(dir, "config", "constructor.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^environment: staging$/m, "environment: constructor"));
    const synth = await golive(["synth"], { cwd: dir });
    expect(synth.code).toBe(0);
    for (const args of [
      ["zone", "constructor"],
      ["stacks", "--json"],
      ["verify", "constructor", "--dry-run"],
    ]) {
      const r = await golive(args, { cwd: dir });
      expect({ args, code: r.code, crash: CRASH.exec(r.stderr)?.[0] }).toEqual({ args, code: 0, crash: undefined });
    }
    // As a process, as the defect was found: check answers with its findings (exit 1), not a TypeError.
    const check = await spawnGolive(["check", "constructor", "--json"], { cwd: dir });
    expect(check.stderr).not.toMatch(CRASH);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('"constructor"');
  });
});
