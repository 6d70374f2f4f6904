import { isRecord } from "../../lib/core/json";
import { golive } from "../helpers/cli";
import { type ReleaseFixture, releaseFixture } from "./release-fixture";

// Issue 12: `release status` shows what each command would change. Each preview must be what the
// command itself then reports: the same transition, from the same state machine.

const run = (fx: ReleaseFixture, args: readonly string[]) => golive(["release", ...args], { cwd: fx.dir, env: {} });

function record(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`not a JSON object: ${JSON.stringify(value)}`);
  return value;
}

const parseJson = (text: string): Record<string, unknown> => record(JSON.parse(text));

/** What a transition's JSON says it changes (status's preview, or the command's --dry-run --json). */
const changeOf = (json: unknown) => {
  const { action, summary, changed, changes, after } = record(json);
  return { action, summary, changed, changes, after };
};

/** A release of v2 in flight on green at 10%. */
function inFlight(): ReleaseFixture {
  const fx = releaseFixture();
  fx.set(["release", "phase"], "releasing");
  fx.set(["release", "builds"], { blue: "v1", green: "v2" });
  fx.set(["release", "weights"], { blue: 90, green: 10 });
  return fx;
}

async function statusNext(fx: ReleaseFixture): Promise<Record<string, unknown>> {
  const r = await run(fx, ["status", "production", "--json"]);
  expect(r).toMatchObject({ code: 0, stderr: "" });
  return record(parseJson(r.stdout).next);
}

async function dryRunJson(fx: ReleaseFixture, args: readonly string[]): Promise<unknown> {
  const r = await run(fx, [...args, "--dry-run", "--json"]);
  expect(r).toMatchObject({ code: 0, stderr: "" });
  return parseJson(r.stdout);
}

describe("release status previews every command", () => {
  test("with a release in flight at 10%, --json's next has start, shift 0 and 100, promote, abort and rollback", async () => {
    const next = await statusNext(inFlight());
    expect(Object.keys(next).sort()).toEqual(["abort", "promote", "rollback", "shift", "start"]);
    expect(Object.keys(record(next.shift)).sort()).toEqual(["0", "100"]);
  });

  test("each preview is exactly what the command's dry run then reports", async () => {
    const fx = inFlight();
    const before = fx.read();
    const next = await statusNext(fx);
    const shift = record(next.shift);
    expect(changeOf(next.abort)).toEqual(changeOf(await dryRunJson(fx, ["abort", "production"])));
    expect(changeOf(shift["0"])).toEqual(changeOf(await dryRunJson(fx, ["shift", "production", "0"])));
    expect(changeOf(shift["100"])).toEqual(changeOf(await dryRunJson(fx, ["shift", "production", "100"])));
    expect(changeOf(next.promote)).toEqual(changeOf(await dryRunJson(fx, ["promote", "production"])));
    expect(changeOf(next.rollback)).toEqual(changeOf(await dryRunJson(fx, ["rollback", "production"])));
    expect(next.abort).toMatchObject({
      changed: true,
      after: { phase: "idle", weights: { blue: 100, green: 0 }, builds: { green: "v2" } },
    });
    expect(fx.read()).toBe(before);
  });

  test("start's preview names the placeholder build and, in flight, the refusal start prints", async () => {
    const fx = inFlight();
    const next = await statusNext(fx);
    const start = await run(fx, ["start", "production", "--build", "v3"]);
    expect(start.code).toBe(1);
    expect(next.start).toEqual({ build: "<id>", refused: start.stderr.replace(/^golive release start: /, "").trim() });
  });

  test("between releases, start's preview is start's change with the build as <id>; shift is refused once, as shift refuses", async () => {
    const fx = releaseFixture();
    const next = await statusNext(fx);
    const started = changeOf(await dryRunJson(fx, ["start", "production", "--build", "v9"]));
    expect(JSON.stringify(changeOf(next.start))).toBe(JSON.stringify(started).replaceAll("v9", "<id>"));
    const shift = await run(fx, ["shift", "production", "0"]);
    expect(shift.code).toBe(1);
    const refusal = shift.stderr.replace(/^golive release shift: /, "").trim();
    expect(next.shift).toEqual({ "0": { refused: refusal }, "100": { refused: refusal } });
    const text = (await run(fx, ["status", "production"])).stdout.split("\n");
    expect(text.filter((l) => l.startsWith("  shift"))).toEqual([`  shift: refused: ${refusal}`]);
  });

  test("the text lists each command under Next:, in the order of --help, with its changes", async () => {
    const r = await run(inFlight(), ["status", "production"]);
    expect(r.code).toBe(0);
    const next = r.stdout.slice(r.stdout.indexOf("Next:\n"));
    const labels = next
      .split("\n")
      .filter((l) => /^ {2}\S/.test(l))
      .map((l) => l.slice(2, l.indexOf(":")));
    expect(labels).toEqual(["start --build <id>", "shift 0", "shift 100", "promote", "abort", "rollback"]);
    expect(next).toContain(
      "  abort: release of green (v2) aborted: all new sessions back on blue (v1); green stays idle at 0% with its build recorded, blue stays live (no rollback: nothing is marked bad)\n      release.weights.blue: 90 -> 100\n      release.weights.green: 10 -> 0\n      release.phase: releasing -> idle\n",
    );
    expect(next).toContain("  shift 100: green (v2) takes 100% and becomes live; blue (v1) is kept as the rollback target\n");
    expect(next).toContain(
      "  start --build <id>: refused: a release of green (v2) is in flight (10%); promote it to 100% or roll it back first\n",
    );
  });
});
