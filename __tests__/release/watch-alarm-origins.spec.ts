import { desiredAlarms, MAX_ALARM_NAME } from "../../lib/features/monitoring/alarms";
import { desiredUptimeChecks } from "../../lib/features/monitoring/uptime-checks";
import { type AlarmConcern, alarmConcern, alarmScope } from "../../lib/features/release/alarm-attribution";
import type { AppConfig } from "../../lib/config/schema";
import { golive } from "../helpers/cli";
import { type ConfigEdit, exampleConfig } from "../helpers/example-config";
import { alarmWatch } from "./alarm-watch";
import { greenWeight, isRollbackToBlue, releaseOf } from "./release-fixture";

// Whose an origin's alarm is when its name does not say it plainly: by the origin's address against
// the pools. The audit's case 1: green's origin with a long name and address, whose alarm the monitoring
// stack cut at CloudWatch's 255 characters inside the origin's name, was read as another host's ("not
// counted against green") and the release completed. Case 2: green's origin is also canary.example.com's
// origin, so the one check of that origin hostname is canary's, its alarm names no colour, and at 50% it
// was read as another host's: the release completed.

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

  test("a name of 255 characters without golive's cut mark is read as written", () => {
    const whole = `opsbot-production edge down: ${host(226)}`;
    expect(whole).toHaveLength(MAX_ALARM_NAME);
    expect(concernIn(exampleConfig(), whole)).toBe("other-host");
  });
});

const SHARED_HOST = "green.origin.example.net";
/** Case 2: green's origin is an origin hostname that an edge hostname, canary.example.com, also has. */
const SHARED_ORIGIN: readonly ConfigEdit[] = [
  [["release", "pools", "green", "origins"], [{ name: "green-1", address: SHARED_HOST }]],
  [["edge", "hostnames", 3], { name: "canary.example.com", origin: SHARED_HOST }],
];
const SHARED_DOWN = `opsbot-production origin down: ${SHARED_HOST}`;
const sharedOrigin = exampleConfig(SHARED_ORIGIN);

describe("whose an origin's alarm is: by the origin's address against the pools", () => {
  test("the audit's case 2: the one alarm of an origin hostname that green's pool and canary.example.com share is green's", () => {
    const names = desiredAlarms(sharedOrigin, desiredUptimeChecks(sharedOrigin)).map((a) => a.name);
    expect(names).toContain(SHARED_DOWN);
    expect(names.filter((n) => n.includes("green pool origin"))).toEqual([]); // the monitoring stack checks that hostname once
    expect(concernIn(sharedOrigin, SHARED_DOWN)).toBe("candidate");
    expect(concernIn(sharedOrigin, SHARED_DOWN, "blue")).toBe("rollback-target");
    // the same name read from CloudWatch by a config that does not write it (monitoring deployed from another one): still by its address
    if (!sharedOrigin.release) throw new Error("the example has a release section");
    const scope = { ...alarmScope(sharedOrigin, sharedOrigin.release), known: new Map() };
    expect(alarmConcern(SHARED_DOWN, scope)).toBe("candidate");
    expect(alarmConcern("opsbot-production origin down: origin-api.example.net", scope)).toBe("other-host");
  });

  test("an origin both pools have is environment-wide, whichever colour its alarm names (an IP shared, or an origin hostname checked once)", () => {
    const sharedIp = exampleConfig([
      [["release", "pools", "green", "origins", 0, "address"], "192.0.2.30"],
      [["release", "pools", "green", "origins", 1, "address"], "192.0.2.31"],
    ]);
    const ip = [...poolAlarms(sharedIp).values()];
    expect(ip).toHaveLength(4);
    expect(ip.map((name) => concernIn(sharedIp, name))).toEqual(["environment", "environment", "environment", "environment"]);
    const sharedHost = exampleConfig([
      [["release", "pools", "blue", "origins"], [{ name: "blue-1", address: SHARED_HOST }]],
      [["release", "pools", "green", "origins"], [{ name: "green-1", address: SHARED_HOST }]],
    ]);
    expect([...poolAlarms(sharedHost).entries()]).toEqual([["blue-1", `${SHARED_DOWN} (blue pool origin blue-1)`]]);
    expect(concernIn(sharedHost, `${SHARED_DOWN} (blue pool origin blue-1)`)).toBe("environment");
  });

  test("a name this config writes is known to the letter, however it was cut; one it does not write is read as far as it is whole", () => {
    const address = `${"h".repeat(63)}.${"i".repeat(63)}.${"j".repeat(63)}.${"k".repeat(52)}.net`;
    const cfg = exampleConfig([[["release", "pools", "green", "origins"], [{ name: "green-1", address }]]]);
    const cutInHost = poolAlarms(cfg).get("green-1") ?? "";
    expect(cutInHost).toMatch(/^opsbot-production origin down: h{63}\.i{63}\.j{63}\.k+\.\.\. [0-9a-f]{8}$/);
    expect(concernIn(cfg, cutInHost)).toBe("candidate");
    expect(concernIn(exampleConfig(), cutInHost)).toBe("environment"); // not written by the example: its host is cut
    // the long origin's cut name, read by a config that does not write it: its host survived whole, and is green's
    if (!longGreen.release) throw new Error("the example has a release section");
    expect(alarmConcern(LONG_GREEN_DOWN, { ...alarmScope(longGreen, longGreen.release), known: new Map() })).toBe("candidate");
    // an IP pool origin's name cut inside its origin name: that origin's address, found by the name's beginning in its colour
    const ipName = `green-9-${"b".repeat(55)}`;
    const ipCfg = exampleConfig([[["release", "pools", "green", "origins"], [{ name: ipName, address: "192.0.2.30" }]]]);
    const cutIp = `opsbot-production origin down: app.example.com (green pool origin ${ipName}, 192.0.2.30)`.padEnd(300, "x");
    const asRead = `${cutIp.slice(0, MAX_ALARM_NAME - 12)}... 0123abcd`;
    expect(concernIn(ipCfg, asRead)).toBe("environment"); // 192.0.2.30 is blue-1's too
    expect(concernIn(exampleConfig([[["release", "pools", "green", "origins"], [{ name: ipName, address: "192.0.2.77" }]]]), asRead)).toBe(
      "candidate",
    );
  });
});

const w = alarmWatch([]);

describe("promote --watch rolls back a candidate whose own origin alarm fires, however its name was cut", () => {
  test("the audit's case 1: green's cut origin alarm in ALARM at 50% rolls green back (exit 1), it does not complete", async () => {
    w.fx.set(LONG_GREEN[0], LONG_GREEN[1]);
    w.alarms = [LONG_GREEN_DOWN];
    w.atFifty([LONG_GREEN_DOWN]);
    const args = w.args().map((a) => (a === "green-1=127.0.0.1" ? `${LONG_NAME}=127.0.0.1` : a));
    const r = await golive(args, { cwd: w.fx.dir, env: w.env() });
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

  test("the audit's case 2: the alarm of green's origin, which canary.example.com shares, in ALARM at 50% rolls green back", async () => {
    w.fx.setAll(SHARED_ORIGIN);
    w.alarms = [SHARED_DOWN, "opsbot-production edge down: canary.example.com"];
    w.atFifty([SHARED_DOWN]);
    const r = await golive(w.args(), { cwd: w.fx.dir, env: w.env() });
    expect(r.code).toBe(1);
    expect(w.patches().map(greenWeight)).toEqual([0.1, 0.5, undefined]);
    expect(w.patches().filter(isRollbackToBlue)).toHaveLength(1);
    expect(releaseOf(w.fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(r.stderr).toContain(`1 of the candidate green's own (${SHARED_DOWN} (ALARM))`);
  });
});
