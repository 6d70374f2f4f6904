import type { ReleaseConfig } from "../../lib/features/release/schema";
import { ReleaseRefusal } from "../../lib/features/release/errors";
import { type ReleaseState, releaseState } from "../../lib/features/release/state";
import { abort, promote, rollback, shiftTo, start, type Transition } from "../../lib/features/release/transitions";
import { desiredTraffic } from "../../lib/features/release/traffic";
import { DrainRefusal, ReleaseRefusal as Refusal } from "../../lib/features/release/errors";
import { configErrorText, exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

function release(edits: Parameters<typeof exampleConfig>[0] = []): ReleaseConfig {
  const r = exampleConfig(edits).release;
  if (!r) throw new Error("example has no release section");
  return r;
}

/** Applies a transition's `after` to the config, as the release commands write it. */
function applied(r: ReleaseConfig, t: Transition): ReleaseConfig {
  return {
    ...r,
    live: t.after.live,
    candidate: t.after.candidate,
    previous: t.after.previous,
    weights: { ...t.after.weights },
    phase: t.after.phase,
    builds: { ...t.after.builds },
    drained: t.after.drained,
  };
}

type Step = readonly [
  label: string,
  run: (r: ReleaseConfig) => Transition,
  expected: Partial<ReleaseState> & { pools: string[]; fallback: string },
];

describe("release lifecycle, step by step", () => {
  // Production example: blue live at 100%, green idle with origins; steps 10, 50, 100.
  const walk: readonly Step[] = [
    [
      "start v2 on green",
      (r) => start(r, "v2"),
      {
        live: "blue",
        candidate: "green",
        previous: "blue",
        phase: "releasing",
        weights: { blue: 100, green: 0 },
        builds: { green: "v2" },
        pools: ["blue", "green"],
        fallback: "blue",
      },
    ],
    [
      "promote to 10%",
      promote,
      { live: "blue", previous: "blue", phase: "releasing", weights: { blue: 90, green: 10 }, pools: ["blue", "green"], fallback: "blue" },
    ],
    [
      "promote to 50%",
      promote,
      { live: "blue", phase: "releasing", weights: { blue: 50, green: 50 }, pools: ["blue", "green"], fallback: "blue" },
    ],
    [
      "promote to 100% completes it",
      promote,
      {
        live: "green",
        candidate: "blue",
        previous: "blue",
        phase: "idle",
        weights: { blue: 0, green: 100 },
        builds: { green: "v2" },
        pools: ["green", "blue"],
        fallback: "blue",
      },
    ],
    [
      "promote again: nothing to promote",
      promote,
      { live: "green", candidate: "blue", phase: "idle", weights: { blue: 0, green: 100 }, pools: ["green", "blue"], fallback: "blue" },
    ],
    [
      // The audit's run: blue (still on v1) became the candidate of v2, and recorded as running it.
      "start v2 again after it completed: nothing to start, blue keeps v1",
      (r) => start(r, "v2"),
      {
        live: "green",
        candidate: "blue",
        previous: "blue",
        phase: "idle",
        weights: { blue: 0, green: 100 },
        builds: { blue: "v1", green: "v2" },
        pools: ["green", "blue"],
        fallback: "blue",
      },
    ],
    [
      "start v3 on blue: green becomes the rollback target",
      (r) => start(r, "v3"),
      {
        live: "green",
        candidate: "blue",
        previous: "green",
        phase: "releasing",
        builds: { green: "v2", blue: "v3" },
        pools: ["green", "blue"],
        fallback: "green",
      },
    ],
    [
      "start v3 again mid-release (release.yml after a start by hand): nothing to start",
      (r) => start(r, "v3"),
      {
        live: "green",
        candidate: "blue",
        previous: "green",
        phase: "releasing",
        builds: { green: "v2", blue: "v3" },
        pools: ["green", "blue"],
        fallback: "green",
      },
    ],
    [
      "promote to 10%",
      promote,
      { live: "green", weights: { blue: 10, green: 90 }, phase: "releasing", pools: ["green", "blue"], fallback: "green" },
    ],
    [
      "start v3 again at 10%: nothing to start",
      (r) => start(r, "v3"),
      {
        live: "green",
        weights: { blue: 10, green: 90 },
        phase: "releasing",
        builds: { green: "v2", blue: "v3" },
        pools: ["green", "blue"],
        fallback: "green",
      },
    ],
    [
      "rollback: v3 leaves the load balancer",
      rollback,
      {
        live: "green",
        candidate: "blue",
        previous: "green",
        phase: "rolled-back",
        weights: { blue: 0, green: 100 },
        pools: ["green"],
        fallback: "green",
      },
    ],
    [
      "promote after a rollback: nothing to promote",
      promote,
      { live: "green", phase: "rolled-back", weights: { blue: 0, green: 100 }, pools: ["green"], fallback: "green" },
    ],
    ["rollback again: nothing to roll back", rollback, { live: "green", phase: "rolled-back", pools: ["green"], fallback: "green" }],
    [
      "start v4 on blue",
      (r) => start(r, "v4"),
      {
        live: "green",
        candidate: "blue",
        previous: "green",
        phase: "releasing",
        builds: { green: "v2", blue: "v4" },
        pools: ["green", "blue"],
        fallback: "green",
      },
    ],
    [
      "promote to 10%",
      promote,
      { live: "green", weights: { blue: 10, green: 90 }, phase: "releasing", pools: ["green", "blue"], fallback: "green" },
    ],
    [
      "abort: all back on green; blue stays in the pools at 0% with v4 recorded (not rolled back)",
      abort,
      {
        live: "green",
        candidate: "blue",
        previous: "green",
        phase: "idle",
        weights: { blue: 0, green: 100 },
        builds: { green: "v2", blue: "v4" },
        pools: ["green", "blue"],
        fallback: "green",
      },
    ],
    [
      "abort again: nothing to abort",
      abort,
      { live: "green", phase: "idle", weights: { blue: 0, green: 100 }, pools: ["green", "blue"], fallback: "green" },
    ],
    [
      "start v5 on blue right after an abort",
      (r) => start(r, "v5"),
      {
        live: "green",
        candidate: "blue",
        phase: "releasing",
        builds: { green: "v2", blue: "v5" },
        pools: ["green", "blue"],
        fallback: "green",
      },
    ],
    [
      "abort at 0%: only the phase changes",
      abort,
      {
        live: "green",
        phase: "idle",
        weights: { blue: 0, green: 100 },
        builds: { blue: "v5" },
        pools: ["green", "blue"],
        fallback: "green",
      },
    ],
  ];

  let r = release([[["release", "builds"], { blue: "v1" }]]);
  test.each(walk.map((step, i) => [i + 1, ...step] as const))("%i. %s", (_n, _label, run, expected) => {
    const t = run(r);
    r = applied(r, t);
    const { pools, fallback, ...state } = expected;
    expect(t.after).toMatchObject(state);
    const lb = desiredTraffic(exampleConfig(), r).loadBalancer;
    expect({ pools: lb.defaultPools, fallback: lb.fallbackPool }).toEqual({ pools, fallback });
    expect(Object.keys(lb.poolWeights).sort()).toEqual([...pools].sort());
  });
});

/** `enabled` of each synthesized pool of the traffic stack, by colour. */
function synthesizedEnabled(r: ReleaseConfig): Record<string, unknown> {
  const json = synthKind({ ...exampleConfig(), release: r }, "traffic");
  return Object.fromEntries(
    resourcesOf(json, "cloudflare_load_balancer_pool").map(([, pool]) => [
      String(pool.name).replace("opsbot-production-", ""),
      pool.enabled,
    ]),
  );
}

describe("rollback --drain, step by step", () => {
  type DrainStep = readonly [
    label: string,
    run: (r: ReleaseConfig) => Transition,
    expected: { drained: string | undefined; pools: string[]; fallback: string; enabled: Record<string, boolean>; changes: string[] },
    synth: boolean,
  ];
  const drainWalk: readonly DrainStep[] = [
    [
      "start v2 on green",
      (r) => start(r, "v2"),
      {
        drained: undefined,
        pools: ["blue", "green"],
        fallback: "blue",
        enabled: { blue: true, green: true },
        changes: ["release.phase", "release.builds.green"],
      },
      false,
    ],
    [
      "promote to 10%",
      promote,
      {
        drained: undefined,
        pools: ["blue", "green"],
        fallback: "blue",
        enabled: { blue: true, green: true },
        changes: ["release.weights.blue", "release.weights.green"],
      },
      false,
    ],
    [
      "rollback --drain: green leaves the load balancer and its pool is disabled",
      (r) => rollback(r, { drain: true }),
      {
        drained: "green",
        pools: ["blue"],
        fallback: "blue",
        enabled: { blue: true, green: false },
        changes: ["release.weights.blue", "release.weights.green", "release.phase", "release.drained"],
      },
      true,
    ],
    [
      "rollback --drain again: nothing to change",
      (r) => rollback(r, { drain: true }),
      { drained: "green", pools: ["blue"], fallback: "blue", enabled: { blue: true, green: false }, changes: [] },
      false,
    ],
    [
      "rollback without --drain keeps the drain recorded",
      rollback,
      { drained: "green", pools: ["blue"], fallback: "blue", enabled: { blue: true, green: false }, changes: [] },
      false,
    ],
    [
      "start v3 on the drained colour enables its pool again",
      (r) => start(r, "v3"),
      {
        drained: undefined,
        pools: ["blue", "green"],
        fallback: "blue",
        enabled: { blue: true, green: true },
        changes: ["release.phase", "release.builds.green", "release.drained"],
      },
      true,
    ],
  ];

  let r = release();
  test.each(drainWalk.map((step, i) => [i + 1, ...step] as const))("%i. %s", (_n, _label, run, expected, synth) => {
    const t = run(r);
    r = applied(r, t);
    expect(t.after.drained).toBe(expected.drained);
    expect(t.changes.map((c) => c.path.join("."))).toEqual(expected.changes);
    const model = desiredTraffic(exampleConfig(), r);
    expect({ pools: model.loadBalancer.defaultPools, fallback: model.loadBalancer.fallbackPool }).toEqual({
      pools: expected.pools,
      fallback: expected.fallback,
    });
    expect(Object.fromEntries(model.pools.map((p) => [p.colour, p.enabled]))).toEqual(expected.enabled);
    if (!synth) return;
    expect(configErrorText([[["release"], r]])).toBe("");
    expect(synthesizedEnabled(r)).toEqual(expected.enabled);
  });

  test("the drain is one change, release.drained, removed again by start", () => {
    const base = release([[["release", "weights"], { blue: 40, green: 60 }]]);
    const drained = rollback(base, { drain: true });
    expect(drained.changes.find((c) => c.path.join(".") === "release.drained")).toEqual({
      path: ["release", "drained"],
      from: "(none)",
      to: "green",
    });
    expect(drained.summary).toContain("the green pool is disabled (drained): sessions pinned to it move at once");
    const restarted = start(applied(base, drained), "v9");
    expect(restarted.changes.find((c) => c.path.join(".") === "release.drained")).toEqual({
      path: ["release", "drained"],
      from: "green",
      to: null,
    });
    expect(restarted.summary).toContain("the green pool is enabled again");
  });

  test("fails --drain when no enabled pool would serve traffic, naming the flag", () => {
    // green live, blue (the rollback target) without origins: draining green would leave nothing.
    const r = release([
      [["release", "live"], "green"],
      [["release", "candidate"], "blue"],
      [["release", "weights"], { blue: 0, green: 100 }],
      [["release", "pools", "blue", "origins"], []],
    ]);
    expect(() => rollback(r, { drain: true })).toThrow(DrainRefusal);
    expect(() => rollback(r, { drain: true })).toThrow(
      "--drain: disabling the green pool would leave no enabled pool serving app.example.com (blue, release.previous, has no origins)",
    );
    expect(() => rollback(r)).toThrow(Refusal);
    expect(() => rollback(release([[["release", "pools", "green", "origins"], []]]), { drain: true })).toThrow(
      "--drain: green has no pool to disable (release.pools.green.origins is empty)",
    );
  });

  test("fails validation when the drained colour serves traffic or is the rollback target", () => {
    expect(configErrorText([[["release", "drained"], "blue"]])).toContain('release.drained: "blue" is also release.live');
    expect(
      configErrorText([
        [["release", "drained"], "green"],
        [["release", "previous"], "green"],
      ]),
    ).toContain('release.drained: "green" is also release.previous');
    expect(
      configErrorText([
        [["release", "drained"], "green"],
        [["release", "weights"], { blue: 90, green: 10 }],
      ]),
    ).toContain('release.drained: "green" has 10% of new sessions; a drained colour must have weight 0');
    expect(configErrorText([[["release", "drained"], "red"]])).toMatch(/release\.drained/);
  });
});

describe("release state transitions", () => {
  test("start refuses a build on a candidate whose servers also serve the live colour (init's start), naming them", () => {
    const shared = release([[["release", "pools", "green", "origins"], [{ name: "green-1", address: "192.0.2.30" }]]]);
    expect(() => start(shared, "v2")).toThrow(
      "green and blue share the origin 192.0.2.30: v2 would replace the live build there, leaving no rollback target; point release.pools.green.origins at the servers the new build runs on first",
    );
    expect(start(release(), "v2").after.builds).toEqual({ green: "v2" });
  });

  test("shift gives the candidate of a release in flight the percent and keeps live as the rollback target", () => {
    const t = shiftTo(release([[["release", "phase"], "releasing"]]), 25);
    expect(t.after).toMatchObject({ live: "blue", candidate: "green", previous: "blue", weights: { blue: 75, green: 25 } });
    expect(t.changes.map((c) => c.path.join("."))).toEqual(["release.weights.blue", "release.weights.green"]);
  });

  test("fails to shift traffic with no release in flight, naming the start command", () => {
    expect(() => shiftTo(release(), 10)).toThrow(/no release in flight .*golive release start <env> --build <id>/);
    expect(() => shiftTo(release(), 10, { env: "production" })).toThrow("golive release start production --build <id>");
  });

  test("abort changes exactly what it says: weights and phase, or nothing", () => {
    const mid = release([
      [["release", "phase"], "releasing"],
      [["release", "weights"], { blue: 50, green: 50 }],
    ]);
    expect(abort(mid).changes.map((c) => c.path.join("."))).toEqual(["release.weights.blue", "release.weights.green", "release.phase"]);
    expect(abort(release([[["release", "phase"], "releasing"]])).changes.map((c) => c.path.join("."))).toEqual(["release.phase"]);
    expect(abort(release([[["release", "phase"], "releasing"]])).summary).toContain("no traffic to move (green had 0%)");
    const idle = abort(release());
    expect(idle.changes).toEqual([]);
    expect(idle.summary).toBe("nothing to abort: no release is in flight (release.phase is idle); blue serves 100%");
    const rolledBack = rollback(mid);
    expect(abort({ ...mid, ...rolledBack.after, weights: { ...rolledBack.after.weights } }).summary).toMatch(/^nothing to abort/);
  });

  test("fails to start while a release is in flight", () => {
    expect(() => start(release([[["release", "weights"], { blue: 90, green: 10 }]]), "v9")).toThrow(
      /a release of green is in flight \(10%\)/,
    );
  });

  test("a start of the build already live changes nothing (after its release completed, or a rollback to it); another build starts", () => {
    const released = release([
      [["release", "live"], "green"],
      [["release", "candidate"], "blue"],
      [["release", "weights"], { blue: 0, green: 100 }],
      [["release", "builds"], { blue: "v1", green: "v2" }],
    ]);
    const again = start(released, "v2");
    expect(again.changes).toEqual([]);
    expect(again.summary).toBe(
      "nothing to start: v2 is already live on green (100%, release.phase idle); blue (v1) is the rollback target",
    );
    expect(start({ ...released, phase: "rolled-back" }, "v2").changes).toEqual([]);
    expect(start(released, "v3").changes.map((c) => `${c.path.join(".")}: ${c.to}`)).toEqual([
      "release.previous: green",
      "release.phase: releasing",
      "release.builds.blue: v3",
    ]);
    // the old build of the idle colour is a new release there (its servers run it already): not "live"
    expect(start(released, "v1").changes.map((c) => c.path.join("."))).toContain("release.phase");
  });

  test("a config without phase reads as releasing when the candidate has traffic", () => {
    expect(releaseState(release([[["release", "weights"], { blue: 70, green: 30 }]])).phase).toBe("releasing");
    expect(releaseState(release()).phase).toBe("idle");
  });

  test("rollback when already on previous changes nothing", () => {
    expect(rollback(release()).changes).toEqual([]);
  });

  test("fails to shift traffic to a candidate without origins", () => {
    const r = release([
      [["release", "pools", "green", "origins"], []],
      [["release", "phase"], "releasing"],
    ]);
    expect(() => shiftTo(r, 10)).toThrow(ReleaseRefusal);
    expect(() => promote(r)).toThrow(/candidate "green" has no origins/);
    expect(() => start(release([[["release", "pools", "green", "origins"], []]]), "v2")).toThrow(/has no origins/);
    expect(shiftTo(r, 0).changes).toEqual([]);
  });

  test("fails to shift, even to 0, with no release in flight: the rollback target stays", () => {
    let r = release();
    for (const step of [(x: ReleaseConfig) => start(x, "v2"), promote, promote, promote]) r = applied(r, step(r));
    expect(r).toMatchObject({ live: "green", previous: "blue", phase: "idle" });
    expect(() => shiftTo(r, 0)).toThrow(/no release in flight/);
    expect(() => shiftTo(release(), 0)).toThrow(/no release in flight/);
  });

  test("fails to shift to a percent outside 0-100", () => {
    expect(() => shiftTo(release(), 101)).toThrow(/whole number 0-100/);
    expect(() => shiftTo(release(), 2.5)).toThrow(ReleaseRefusal);
  });
});

describe("release config validation", () => {
  test("the example configs are valid", () => {
    expect(configErrorText([])).toBe("");
    expect(configErrorText([], "staging")).toBe("");
  });

  test("fails when the weights do not add up to 100", () => {
    expect(configErrorText([[["release", "weights"], { blue: 60, green: 30 }]])).toContain(
      "release.weights: blue 60 + green 30 = 90; the weights must add up to 100",
    );
  });

  test("fails when a release in flight names its candidate as the rollback target (the fallback would be the build under test)", () => {
    const edits = [
      [["release", "previous"], "green"],
      [["release", "weights"], { blue: 90, green: 10 }],
    ] as const;
    expect(configErrorText([...edits, [["release", "phase"], "releasing"]])).toContain(
      'release.previous: "green" with release.phase releasing; allowed: "blue" (release.live): the candidate under test is never the rollback target or the fallback',
    );
    // Without release.phase, a candidate with traffic is a release in flight.
    expect(configErrorText([...edits])).toContain('release.previous: "green" with release.phase releasing');
  });

  test("fails when a rolled-back release names the colour rolled back from as the rollback target", () => {
    expect(
      configErrorText([
        [["release", "previous"], "green"],
        [["release", "phase"], "rolled-back"],
      ]),
    ).toContain('release.previous: "green" with release.phase rolled-back; allowed: "blue" (release.live): the colour rolled back from');
  });

  test("fails when a colour other than live has traffic outside a release (the load balancer would disagree with status)", () => {
    for (const phase of ["idle", "rolled-back"])
      expect(
        configErrorText([
          [["release", "phase"], phase],
          [["release", "weights"], { blue: 50, green: 50 }],
        ]),
      ).toContain(`release.weights.green: 50% for "green" with release.phase ${phase}; allowed: 0`);
  });

  test("fails when live and candidate are the same colour", () => {
    expect(configErrorText([[["release", "candidate"], "blue"]])).toContain('release.candidate: "blue" is also release.live');
  });

  test("fails when a colour with weight has no origins, or live has none", () => {
    const text = configErrorText([
      [["release", "pools", "green", "origins"], []],
      [["release", "weights"], { blue: 90, green: 10 }],
    ]);
    expect(text).toContain('release.weights.green: 10% for "green", which has no origins');
    expect(configErrorText([[["release", "pools", "blue", "origins"], []]])).toContain(
      'release.pools.blue.origins: live colour "blue" has no origins',
    );
  });

  test("fails when the load-balanced hostname also gets an edge DNS record", () => {
    const text = configErrorText([[["edge", "dns", 1], { name: "app.example.com", type: "CNAME", content: "origin.example.net" }]]);
    expect(text).toContain('release.hostname: "app.example.com" also gets a CNAME record from edge.dns[1]');
  });

  test("fails when the hostname is outside the zone", () => {
    expect(configErrorText([[["release", "hostname"], "app.example.org"]])).toContain(
      'release.hostname: "app.example.org" is not a name in the zone example.com',
    );
  });

  test("fails when steps do not ascend to 100", () => {
    const text = configErrorText([
      [
        ["release", "steps"],
        [50, 10, 90],
      ],
    ]);
    expect(text).toContain("release.steps[1]: 10 is not above the step before it (50)");
    expect(text).toContain("release.steps: the last step is 90; it must be 100");
  });

  test("fails on duplicate origin names, bad addresses and a timeout not below the interval", () => {
    const text = configErrorText([
      [["release", "pools", "green", "origins"], [{ name: "blue-1", address: "192.0.2.300" }]],
      [["release", "monitor", "timeout"], 10],
      [["release", "monitor", "interval"], 10],
    ]);
    expect(text).toContain('release.pools.green.origins[0].name: "blue-1" is already used by release.pools.blue.origins[0]');
    expect(text).toContain('release.pools.green.origins[0].address: "192.0.2.300" is not a valid IPv4/IPv6 address');
    expect(text).toContain("release.monitor.timeout: 10s is not below the interval (10s)");
  });

  test("fails on an affinity cookie with SameSite=None that is never Secure, which Cloudflare refuses", () => {
    const text = configErrorText([[["release", "sessionAffinity"], { samesite: "None", secure: "Never" }]]);
    expect(text).toContain('release.sessionAffinity.secure: "Never" with samesite "None", which Cloudflare refuses');
    expect(configErrorText([[["release", "sessionAffinity"], { samesite: "None", secure: "Always" }]])).toBe("");
  });

  test("fails on an unknown colour or a weight outside 0-100 (schema)", () => {
    expect(configErrorText([[["release", "live"], "red"]])).toMatch(/release\.live/);
    expect(configErrorText([[["release", "weights", "green"], 120]])).toMatch(/release\.weights\.green/);
  });
});
