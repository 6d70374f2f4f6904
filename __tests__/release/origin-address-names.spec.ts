import { golive } from "../helpers/cli";
import { failureJson } from "../cli/failure-json";
import { type ReleaseFixture, releaseFixture, startedOnLoopback } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

// `--origin-address NAME=IP` must name an origin of the candidate (green here): the dry run refuses what
// the real run refuses, with the same line, as a bad flag value (exit 2), before it reads anything else.

let fx: ReleaseFixture;

beforeEach(() => {
  fx = releaseFixture();
  startedOnLoopback(fx);
});

const NOSUCH = `golive release: --origin-address: no origin named "nosuch" in release.pools.green.origins (the candidate's: green-1); nothing changed\n`;

/** `release promote production --watch`, no alarms, `extra` last; the API at a loopback port nothing answers on. */
const promoteWatch = (extra: readonly string[]) =>
  golive(["release", "promote", "production", "--watch", "--no-alarms", "--api-base-url", "http://127.0.0.1:9/client/v4", ...extra], {
    cwd: fx.dir,
    env: { CLOUDFLARE_API_TOKEN: TOKEN },
  });

describe("promote --watch --origin-address names an origin of the candidate, in the dry run as in the real run", () => {
  test("fails with exit 2 on a name no origin has in the dry run, printing no plan and writing nothing", async () => {
    const before = fx.read();
    const r = await golive(
      ["release", "promote", "production", "--watch", "--dry-run", "--no-alarms", "--origin-address", "nosuch=192.0.2.1"],
      { cwd: fx.dir },
    );
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
    expect(r.stderr.split("\n")[0]).toBe(NOSUCH.trimEnd());
    expect(fx.read()).toBe(before);
  });

  test.each([
    ["the dry run", ["--dry-run"]],
    ["the dry run as JSON", ["--dry-run", "--json"]],
    ["the real run, before any request", []],
  ])("fails with exit 2 in %s on an origin of the live colour (blue-1), naming the candidate's origins", async (_, extra) => {
    const r = await promoteWatch([...extra, "--origin-address", "blue-1=192.0.2.1"]);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: extra.includes("--json") ? failureJson(r) : "" });
    expect(r.stderr).toBe(
      `golive release: --origin-address: no origin named "blue-1" in release.pools.green.origins (the candidate's: green-1); nothing changed\nsee: golive release --help\n`,
    );
  });

  test("the real run refuses an unknown name with the dry run's line", async () => {
    const r = await promoteWatch(["--origin-address", "nosuch=192.0.2.1"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(NOSUCH.trimEnd());
  });

  test("a name of the candidate's origins is taken: the dry run prints its plan", async () => {
    const r = await promoteWatch(["--dry-run", "--origin-address", "green-1=192.0.2.1"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("release promote production --watch (dry run): 3 step(s); nothing sent, nothing written");
  });

  test("with nothing to promote nothing is probed, so no name is refused: the dry run says so, exit 0", async () => {
    fx.setAll([
      [["release", "phase"], "idle"],
      [["release", "weights"], { blue: 100, green: 0 }],
    ]);
    const r = await promoteWatch(["--dry-run", "--origin-address", "nosuch=192.0.2.1"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nothing to promote");
  });
});
