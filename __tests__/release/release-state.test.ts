import type { ReleaseConfig } from "../../lib/features/release/schema";
import { ReleaseRefusal } from "../../lib/features/release/errors";
import { promote, rollback, shiftTo } from "../../lib/features/release/state";
import { configErrorText, exampleConfig } from "../helpers/example-config";

function release(edits: Parameters<typeof exampleConfig>[0] = []): ReleaseConfig {
  const r = exampleConfig(edits).release;
  if (!r) throw new Error("example has no release section");
  return r;
}

describe("release state transitions", () => {
  test("shift gives the candidate the percent and keeps live as the rollback target", () => {
    const t = shiftTo(release(), 25);
    expect(t.after).toEqual({ live: "blue", candidate: "green", previous: "blue", weights: { blue: 75, green: 25 } });
    expect(t.changes.map((c) => c.path.join("."))).toEqual(["release.weights.blue", "release.weights.green"]);
  });

  test("promote walks release.steps and at 100 the candidate becomes live", () => {
    const at = (w: { blue: number; green: number }) => release([[["release", "weights"], w]]);
    expect(promote(at({ blue: 100, green: 0 })).after.weights).toEqual({ blue: 90, green: 10 });
    expect(promote(at({ blue: 90, green: 10 })).after.weights).toEqual({ blue: 50, green: 50 });
    expect(promote(at({ blue: 70, green: 30 })).after.weights).toEqual({ blue: 50, green: 50 });
    expect(promote(at({ blue: 50, green: 50 })).after).toEqual({
      live: "green",
      candidate: "blue",
      previous: "blue",
      weights: { blue: 0, green: 100 },
    });
  });

  test("a new release after a completed one rolls back to the colour that was live", () => {
    const done = release([
      [["release", "live"], "green"],
      [["release", "candidate"], "blue"],
      [["release", "previous"], "blue"],
      [["release", "weights"], { blue: 0, green: 100 }],
    ]);
    expect(shiftTo(done, 10).after).toEqual({ live: "green", candidate: "blue", previous: "green", weights: { blue: 10, green: 90 } });
  });

  test("rollback puts all traffic on previous and makes it live", () => {
    const after = release([
      [["release", "live"], "green"],
      [["release", "candidate"], "blue"],
      [["release", "previous"], "blue"],
      [["release", "weights"], { blue: 0, green: 100 }],
    ]);
    expect(rollback(after).after).toEqual({ live: "blue", candidate: "green", previous: "blue", weights: { blue: 100, green: 0 } });
  });

  test("rollback when already on previous changes nothing", () => {
    expect(rollback(release()).changes).toEqual([]);
  });

  test("fails to shift traffic to a candidate without origins", () => {
    const r = release([[["release", "pools", "green", "origins"], []]]);
    expect(() => shiftTo(r, 10)).toThrow(ReleaseRefusal);
    expect(() => promote(r)).toThrow(/candidate "green" has no origins/);
    expect(shiftTo(r, 0).changes).toEqual([]);
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

  test("fails on an unknown colour or a weight outside 0-100 (schema)", () => {
    expect(configErrorText([[["release", "live"], "red"]])).toMatch(/release\.live/);
    expect(configErrorText([[["release", "weights", "green"], 120]])).toMatch(/release\.weights\.green/);
  });
});
