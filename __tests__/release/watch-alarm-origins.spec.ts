import { desiredAlarms, MAX_ALARM_NAME } from "../../lib/features/monitoring/alarms";
import { desiredUptimeChecks } from "../../lib/features/monitoring/uptime-checks";
import { type AlarmConcern, alarmConcern, alarmScope } from "../../lib/features/release/alarm-attribution";
import type { AppConfig } from "../../lib/config/schema";
import { spawnGolive } from "../helpers/cli";
import { type ConfigEdit, exampleConfig } from "../helpers/example-config";
import { alarmWatch } from "./alarm-watch";
import { greenWeight, isRollbackToBlue, releaseOf } from "./release-fixture";

// Whose an origin's alarm is when its name does not say it plainly. The audit's case 1: green's origin
// with a long name and address, whose alarm the monitoring stack cut at CloudWatch's 255 characters
// inside the origin's name, was read as another host's ("not counted against green") and the release
// completed.

const LONG_NAME = `green-1-${"a".repeat(54)}`;
const LONG_ADDRESS = `g${"x".repeat(60)}.${"y".repeat(62)}.origins.example.net`;
const LONG_GREEN: ConfigEdit = [["release", "pools", "green", "origins"], [{ name: LONG_NAME, address: LONG_ADDRESS }]];

/** Each alarm the monitoring stack declares for `cfg` whose check is of a pool origin, by origin name. */
function poolAlarms(cfg: AppConfig): Map<string, string> {
  const checks = desiredUptimeChecks(cfg);
  const originOf = new Map(checks.map((c) => [c.key, c.pool?.origin]));
  return new Map(
    desiredAlarms(cfg, checks).flatMap((a) => {
      const origin = originOf.get(a.checkKey);
      return origin === undefined ? [] : [[origin, a.name] as const];
    }),
  );
}

const longGreen = exampleConfig([LONG_GREEN]);
const LONG_GREEN_DOWN = poolAlarms(longGreen).get(LONG_NAME) ?? "";

function concernIn(cfg: AppConfig, name: string, candidate: "blue" | "green" = "green"): AlarmConcern {
  if (!cfg.release) throw new Error("the example has a release section");
  return alarmConcern(name, { ...alarmScope(cfg, cfg.release), candidate });
}

describe("whose alarm is it when the monitoring stack cut its name at 255 characters", () => {
  test("the audit's name: cut inside the origin's name, after its colour", () => {
    expect(LONG_GREEN_DOWN).toHaveLength(MAX_ALARM_NAME);
    expect(LONG_GREEN_DOWN).toMatch(
      /^opsbot-production origin down: gx{60}\.y{62}\.origins\.example\.net \(green pool origin green-1-a+\.\.\. [0-9a-f]{8}$/,
    );
  });

  test("a cut pool origin alarm whose colour survived is that colour's: the candidate's fails it, and the other colour's is the rollback target's", () => {
    expect(concernIn(longGreen, LONG_GREEN_DOWN)).toBe("candidate");
    expect(concernIn(longGreen, LONG_GREEN_DOWN, "blue")).toBe("rollback-target");
  });

  /** A host of `n` characters (labels of at most 63). */
  const host = (n: number) => `${"h".repeat(63)}.${"i".repeat(63)}.${"j".repeat(63)}.${"k".repeat(63)}`.slice(0, n - 4).concat(".net");
  test.each([
    ["inside the host", `opsbot-production origin down: ${host(250)} (green pool origin green-1)`],
    ["before the colour", `opsbot-production origin down: ${host(207)} (green pool origin green-1)`],
    ["in an edge alarm's host", `opsbot-production edge down: ${host(250)}`],
  ])("fails to put a name cut %s on a host or a colour: environment-wide", (_, whole) => {
    const cut = `${whole.slice(0, MAX_ALARM_NAME - 12)}... 0123abcd`;
    expect(cut).toHaveLength(MAX_ALARM_NAME);
    expect(concernIn(exampleConfig(), cut)).toBe("environment");
  });

  test("a name that only looks cut (shorter than 255 characters) is read as written", () => {
    expect(concernIn(exampleConfig(), "opsbot-production edge down: example.com... 0123abcd")).toBe("other-host");
  });
});

const w = alarmWatch([]);

describe("promote --watch rolls back a candidate whose own origin alarm fires, however its name was cut", () => {
  test("the audit's case 1, as a process: green's cut origin alarm in ALARM at 50% rolls green back (exit 1), it does not complete", async () => {
    w.fx.set(LONG_GREEN[0], LONG_GREEN[1]);
    w.alarms = [LONG_GREEN_DOWN];
    w.atFifty([LONG_GREEN_DOWN]);
    const args = w.args().map((a) => (a === "green-1=127.0.0.1" ? `${LONG_NAME}=127.0.0.1` : a));
    const r = await spawnGolive(args, { cwd: w.fx.dir, env: w.env() });
    expect(r.code).toBe(1);
    expect(w.patches().map(greenWeight)).toEqual([0.1, 0.5, undefined]);
    expect(w.patches().filter(isRollbackToBlue)).toHaveLength(1);
    expect(releaseOf(w.fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(LONG_GREEN_DOWN).toMatch(/ 58e05247$/); // the audit's name, to the letter
    expect(r.stderr).toContain(
      `analysis failed at 50%: alarms: CloudWatch alarms "opsbot-production *" in us-east-1: 1 of 1 in ALARM or INSUFFICIENT_DATA: 1 of the candidate green's own (${LONG_GREEN_DOWN} (ALARM))`,
    );
    expect(r.stdout).not.toContain("not counted against green");
  });
});
