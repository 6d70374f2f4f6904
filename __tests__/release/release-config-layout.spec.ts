import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { golive } from "../helpers/cli";
import { releaseFixture, releaseOf } from "./release-fixture";

// Every release command that writes changes only the lines of the release fields it sets: never the
// rest of the file (email's flow mappings, comments, quoting, line endings), whatever its layout.

const EXAMPLE = readFileSync(join(__dirname, "..", "fixtures", "config", "production.yaml"), "utf8");

/** The example's lines before `release:`, its release section, and the lines after it. */
function splitAtRelease(text: string): { head: string[]; release: string[]; tail: string[] } {
  const lines = text.split("\n");
  const start = lines.indexOf("release:");
  const end = lines.findIndex((l, i) => i > start && /^[^\s#]/.test(l));
  return { head: lines.slice(0, start), release: lines.slice(start, end), tail: lines.slice(end) };
}

/** A hand-written release section: comments, quoting, 3-space keys nested by 4, flow mappings and lists. */
const ODD_RELEASE = [
  "release:   # the blue/green state",
  "   hostname: app.example.com",
  '   live: "blue"   # serving now',
  "   candidate: 'green'",
  "   # the rollback target",
  "   previous: blue",
  "   weights:",
  "       blue: 100 # percent",
  "       green: 0",
  "   steps: [ 10, 50, 100 ]",
  "   pools:",
  "       blue:",
  "           origins:",
  "               - { name: blue-1, address: 192.0.2.30 }",
  "               - name: blue-2",
  "                 address: 192.0.2.31",
  "       green:",
  "           origins: [ { name: green-1, address: 192.0.2.40 }, { name: green-2, address: 192.0.2.41 } ]",
  '   monitor: { path: /healthz, expectedCodes: "200", interval: 60, retries: 2 }',
  "   sessionAffinity:",
  "       ttl: 1800",
];

/** ODD_RELEASE with `previous:` as its last line: keys added after it land at the end of the file. */
const ODD_RELEASE_PREVIOUS_LAST = [...ODD_RELEASE.filter((l) => !/previous:|rollback target/.test(l)), "   previous: blue"];

const { head, tail } = splitAtRelease(EXAMPLE);
const crlf = (text: string) => text.replaceAll("\n", "\r\n");

/**
 * Hand-written sections at the end of the file: CRLF with a trailing newline; LF without one, edits at
 * the very end (the example's own layout is the test after these, command by command in
 * release-commands.spec.ts).
 */
const CONFIGS: readonly (readonly [string, string])[] = [
  ["an odd layout at the end, CRLF, trailing newline", crlf(`${[...head, ...tail.slice(0, -1), ...ODD_RELEASE].join("\n")}\n`)],
  ["an odd layout ending in previous:, no trailing newline", [...head, ...tail.slice(0, -1), ...ODD_RELEASE_PREVIOUS_LAST].join("\n")],
];

interface Step {
  readonly args: readonly string[];
  /** The release fields after the command (a field not named is absent when it is `drained`). */
  readonly expected: Record<string, unknown>;
}

const blueLive = { live: "blue", candidate: "green", previous: "blue" };
const greenLive = { live: "green", candidate: "blue", previous: "green" };
/** Every command that writes, each kind of edit: a value replaced (plain or quoted), a key or the builds map added, a key removed. */
const STEPS: readonly Step[] = [
  { args: ["start", "production", "--build", "v1.5.0"], expected: { ...blueLive, phase: "releasing", builds: { green: "v1.5.0" } } },
  { args: ["promote", "production"], expected: { weights: { blue: 90, green: 10 } } },
  { args: ["abort", "production"], expected: { weights: { blue: 100, green: 0 }, phase: "idle" } },
  // "1.6" stays a string: it is written quoted.
  { args: ["start", "production", "--build", "1.6"], expected: { phase: "releasing", builds: { green: "1.6" } } },
  {
    args: ["shift", "production", "100"],
    expected: { ...greenLive, previous: "blue", weights: { blue: 0, green: 100 }, phase: "idle" },
  },
  {
    args: ["start", "production", "--build", "v1.7.0"],
    expected: { ...greenLive, phase: "releasing", builds: { green: "1.6", blue: "v1.7.0" } },
  },
  { args: ["shift", "production", "25"], expected: { weights: { blue: 25, green: 75 } } },
  {
    args: ["rollback", "production", "--drain"],
    expected: { ...greenLive, weights: { blue: 0, green: 100 }, phase: "rolled-back", drained: "blue" },
  },
  { args: ["start", "production", "--build", "v1.8.0"], expected: { phase: "releasing", builds: { green: "1.6", blue: "v1.8.0" } } },
];

/** [first, end) line indexes of the release section (up to the next top-level key or the end). */
function releaseLines(lines: readonly string[]): [number, number] {
  const start = lines.findIndex((l) => /^release:/.test(l));
  const next = lines.findIndex((l, i) => i > start && /^[^\s#]/.test(l));
  return [start, next < 0 ? lines.length : next];
}

/** Lines as the file has them (a CRLF line keeps its \r, so a lost \r shows as a changed line). */
const linesOf = (text: string) => text.split("\n");

/**
 * Line by line: the lines before and after the release section are identical, and every line the
 * command added or removed is a release field's `key: value` (or the `builds:` it opens). Returns the
 * release section after the command (parsing it alone is cheaper than the whole file).
 */
function expectOnlyReleaseLinesChanged(before: string, after: string): string {
  const a = linesOf(before);
  const b = linesOf(after);
  const [aStart, aEnd] = releaseLines(a);
  const [bStart, bEnd] = releaseLines(b);
  expect(b.slice(0, bStart)).toEqual(a.slice(0, aStart));
  expect(b.slice(bEnd)).toEqual(a.slice(aEnd));
  const removed = [...a.slice(aStart, aEnd)];
  const added: string[] = [];
  for (const line of b.slice(bStart, bEnd)) {
    const i = removed.indexOf(line);
    if (i >= 0) removed.splice(i, 1);
    else added.push(line);
  }
  const field = /^ +(live|candidate|previous|phase|drained|builds|blue|green): ?("?'?[\w.-]*'?"?)? *(#.*)?\r?$/;
  for (const line of [...added, ...removed]) expect(line).toMatch(field);
  // A CRLF file gets CRLF lines; the trailing newline (or its absence) stays.
  if (before.includes("\r\n")) expect(b.slice(0, -1).every((l) => l.endsWith("\r"))).toBe(true);
  expect(after.endsWith("\n")).toBe(before.endsWith("\n"));
  return b.slice(bStart, bEnd).join("\n");
}

describe("release commands keep the config's layout", () => {
  test.each(CONFIGS)("start / promote / abort / shift / rollback --drain touch only release lines: %s", async (_name, text) => {
    const fx = releaseFixture();
    writeFileSync(fx.file, text);
    let state: Record<string, unknown> = { ...blueLive, weights: { blue: 100, green: 0 } };
    for (const step of STEPS) {
      const before = fx.read();
      const r = await golive(["release", ...step.args], { cwd: fx.dir });
      expect({ args: step.args, code: r.code, stderr: r.stderr }).toEqual({ args: step.args, code: 0, stderr: "" });
      const after = fx.read();
      const section = expectOnlyReleaseLinesChanged(before, after);
      const { drained: _, ...kept } = state;
      state = { ...kept, ...step.expected };
      const release = releaseOf(section);
      expect(release).toMatchObject(state);
      expect(release.drained).toBe(state.drained);
    }
    expect(fx.entries()).toEqual(["production.yaml", "staging.yaml"]);
  });

  /** `release start --build <build>` on the example (its text first given to `prepare`): the text before and after. */
  async function started(build: string, prepare: (text: string) => string = (t) => t) {
    const fx = releaseFixture();
    const before = prepare(fx.read());
    writeFileSync(fx.file, before);
    const r = await golive(["release", "start", "production", "--build", build], { cwd: fx.dir });
    expect(r.code).toBe(0);
    return { fx, before, after: fx.read() };
  }
  /** The example's text with `phase: releasing` and `builds: green: <written>` added after `previous: blue`. */
  const withBuild = (text: string, written: string) =>
    text.replace("  previous: blue\n", `  previous: blue\n  phase: releasing\n  builds:\n    green: ${written}\n`);

  test("the example's start adds exactly phase and builds after previous, email untouched", async () => {
    const { before, after } = await started("v1.5.0");
    expect(after).toBe(withBuild(before, "v1.5.0"));
  });

  test("a build a YAML 1.1 reader would take for a time, number or date is written quoted", async () => {
    const { before, after } = await started("1:20");
    // js-yaml and PyYAML read a plain 1:20 as 80 (sexagesimal); quoted, every reader reads the string.
    expect(after).toBe(withBuild(before, '"1:20"'));
  });

  test("a UTF-8 byte order mark stays: the file changes only in its release lines", async () => {
    const { fx, before, after } = await started("v1.5.0", (text) => `\uFEFF${text}`);
    expect(readFileSync(fx.file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(after).toBe(withBuild(before, "v1.5.0"));
  });

  test("a scalar inside a flow-mapping release section is replaced in place", async () => {
    const fx = releaseFixture();
    const flow =
      "release: { hostname: app.example.com, live: blue, candidate: green, previous: blue, phase: releasing, weights: { blue: 100, green: 0 }, pools: { blue: { origins: [{ name: blue-1, address: 192.0.2.30 }] }, green: { origins: [{ name: green-1, address: 192.0.2.40 }] } } }";
    const text = [...head, flow, ...tail].join("\n");
    writeFileSync(fx.file, text);
    const r = await golive(["release", "shift", "production", "25"], { cwd: fx.dir });
    expect(r.code).toBe(0);
    expect(fx.read()).toBe(text.replace("weights: { blue: 100, green: 0 }", "weights: { blue: 75, green: 25 }"));
  });
});

describe("an edit that cannot keep the layout is refused, nothing written", () => {
  async function refused(text: string, args: readonly string[], file = "production.yaml") {
    const fx = releaseFixture();
    const path = join(fx.dir, "config", file);
    if (file !== "production.yaml") unlinkSync(fx.file);
    writeFileSync(path, text);
    const r = await golive(["release", ...args], { cwd: fx.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(readFileSync(path, "utf8")).toBe(text);
    expect(fx.entries()).toEqual([file, "staging.yaml"].sort());
    return r.stderr;
  }

  test("a release section written as one flow mapping: start names release.phase", async () => {
    const flow =
      "release: { hostname: app.example.com, live: blue, candidate: green, previous: blue, weights: { blue: 100, green: 0 }, pools: { blue: { origins: [{ name: blue-1, address: 192.0.2.30 }] }, green: { origins: [{ name: green-1, address: 192.0.2.40 }] } } }";
    const stderr = await refused([...head, flow, ...tail].join("\n"), ["start", "production", "--build", "v1.5.0"]);
    expect(stderr).toContain("config/production.yaml: cannot edit release.phase in place: release is a flow mapping");
    expect(stderr).toContain("write it as a block mapping");
    expect(stderr).toContain("release.builds.green: (none) -> v1.5.0");
  });

  test("builds: { blue: v1.4.0 } as a flow mapping: start names release.builds.green", async () => {
    const text = EXAMPLE.replace("    green: 0\n", "    green: 0\n  builds: { blue: v1.4.0 }\n");
    const stderr = await refused(text, ["start", "production", "--build", "v1.5.0"]);
    expect(stderr).toContain("cannot edit release.builds.green in place: release.builds is a flow mapping");
  });

  test("drained: in a flow-mapping release section: start cannot remove it", async () => {
    const flow =
      "release: { hostname: app.example.com, live: blue, candidate: green, previous: blue, phase: rolled-back, drained: green, builds: { green: v1.4.0 }, weights: { blue: 100, green: 0 }, pools: { blue: { origins: [{ name: blue-1, address: 192.0.2.30 }] }, green: { origins: [{ name: green-1, address: 192.0.2.40 }] } } }";
    const stderr = await refused([...head, flow, ...tail].join("\n"), ["start", "production", "--build", "v1.5.0"]);
    expect(stderr).toContain("cannot edit release.drained in place: release is a flow mapping");
  });

  test("a weight anchored and aliased elsewhere: the splice would change the alias too, so shift is refused", async () => {
    const text = EXAMPLE.replace("  weights:\n    blue: 100\n", "  phase: releasing\n  weights:\n    blue: &full 100\n").replace(
      "    ttl: 1800\n",
      "    ttl: 1800\n    drainDuration: *full\n",
    );
    const stderr = await refused(text, ["shift", "production", "25"]);
    expect(stderr).toContain("cannot edit release.weights.blue, release.weights.green in place: the edited text would not read back");
    expect(stderr).toContain("release.weights.blue: 100 -> 75");
  });

  test("a JSON config is never rewritten: release commands refuse it", async () => {
    const json = `${JSON.stringify(parse(EXAMPLE), null, 2)}\n`;
    const stderr = await refused(json, ["start", "production", "--build", "v1.5.0"], "production.json");
    expect(stderr).toContain("config/production.json: release commands edit YAML configs only");
  });
});
