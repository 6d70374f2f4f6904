import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readReleaseConfig } from "../../lib/engines/release/config-file";
import { prepareEdit } from "../../lib/engines/release/commit";
import { rollback } from "../../lib/features/release/transitions";
import { golive } from "../helpers/cli";
import { alarmWatch, BLUE_UNHEALTHY, LOOPBACK_ALARMS } from "./alarm-watch";
import { BLUE_ID } from "./fake-cloudflare-api";
import { greenWeight, releaseOf } from "./release-fixture";
import { LB_GET, RETRIED_503 } from "./stand-in-constants";

// A watch that stops at a step and sends nothing more (held by an environment-wide alarm, or both
// colours failing) reads the load balancer back before its end says anything of it. The audit's case 4:
// held at 50% while on-call ran `rollback --now` from elsewhere (the load balancer on blue alone); the
// watch still said "the load balancer keeps the 50% step ... result: stopped; the load balancer serves
// what config/production.yaml deploys: merge it", a config whose merge would undo that rollback.

const { BLUE_DOWN, GREEN_DOWN, EDGE_DOWN } = LOOPBACK_ALARMS;
const w = alarmWatch(Object.values(LOOPBACK_ALARMS));

/** What `rollback --now` leaves on the load balancer: blue alone. */
const ROLLED_BACK = {
  default_pools: [BLUE_ID],
  fallback_pool: BLUE_ID,
  random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1 } },
};
/** A rollback --now from another machine, landing just after the 50% step's PATCH (while that step is watched). */
const rollbackElsewhere = () => setTimeout(() => w.api.setLoadBalancer(ROLLED_BACK), 0);
const ELSEWHERE =
  "the load balancer changed outside this watch: it serves blue 1 (fallback blue), this watch last set blue 0.5, green 0.5 (fallback blue) " +
  "(a rollback --now from elsewhere, or the dashboard); stopped without further changes. The config this run wrote no longer says what is live: do not merge it";

describe("a stop without a rollback reads the load balancer back before it claims anything", () => {
  test("the audit's case 4: held at 50% while a rollback --now from elsewhere lands: the config does NOT deploy what is served, do not merge it", async () => {
    w.atFifty([EDGE_DOWN], rollbackElsewhere);
    const r = await golive(w.args(), { cwd: w.fx.dir, env: w.env() });
    expect(r.code).toBe(1);
    expect(w.patches().map(greenWeight)).toEqual([0.1, 0.5]);
    expect(w.api.loadBalancer()).toMatchObject(ROLLED_BACK);
    expect(releaseOf(w.fx.read())).toMatchObject({ weights: { blue: 50, green: 50 }, phase: "releasing" });
    expect(r.stderr).toContain(`nor given more traffic; ${ELSEWHERE}`);
    expect(r.stderr).not.toContain("keeps the 50% step");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(
      "result: held (environment-wide alarms); config/production.yaml does NOT deploy what the load balancer serves (see above): do not merge it as it is",
    );
  });

  test("both colours failing at 50% while a rollback --now from elsewhere lands: the same, and no advice to roll back", async () => {
    w.atFifty([GREEN_DOWN, BLUE_DOWN], () => {
      w.api.setPoolHealth(BLUE_ID, BLUE_UNHEALTHY);
      rollbackElsewhere();
    });
    const r = await w.watch(["--json"]);
    expect(r.code).toBe(1);
    expect(w.patches().map(greenWeight)).toEqual([0.1, 0.5]);
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: "stopped",
      loadBalancer: "differs",
      hold: { reason: "rollback-target-unhealthy" },
    });
    expect(r.stderr).toContain(`and sent nothing more; ${ELSEWHERE}`);
    expect(r.stderr).not.toMatch(/keeps the 50% step|Now: find the shared cause/);
  });

  test("held while a rollback --now from this copy of the config lands: the config holds it and the load balancer serves it, so keep and commit it", async () => {
    let rollbackDue = false;
    w.atFifty([EDGE_DOWN], () => {
      rollbackDue = true;
    });
    w.cw.beforeAnswer = () => {
      if (!rollbackDue) return;
      rollbackDue = false;
      // What a rollback --now from this folder leaves while the 50% step is watched: the load balancer, then the config.
      const source = readReleaseConfig(join(w.fx.dir, "config"), "production");
      w.api.setLoadBalancer(ROLLED_BACK);
      writeFileSync(w.fx.file, prepareEdit(source, rollback(source.release)).text ?? "");
    };
    const r = await w.watch(["--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ loadBalancer: "serves-config", hold: { reason: "environment-alarms" } });
    expect(releaseOf(w.fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
    expect(r.stderr).toContain(
      "nor given more traffic; the load balancer changed outside this watch: it serves blue 1 (fallback blue), this watch last set blue 0.5, green 0.5 (fallback blue); " +
        "the release state in config/production.yaml changed during the watch",
    );
    expect(r.stderr).toContain("config/production.yaml holds the change made elsewhere: keep it, and commit it in a pull request");
  });

  test("the dry run lists that read-back, after the rollback's own calls", async () => {
    const r = await w.watch(["--dry-run", "--json"]);
    expect(r.code).toBe(0);
    const { calls } = JSON.parse(r.stdout) as { calls: { phase: string; method: string; url: string; when?: string }[] };
    expect(calls.filter((c) => c.phase === "on-hold")).toEqual([
      expect.objectContaining({ method: "GET", url: expect.stringMatching(/\/load_balancers\/\{load_balancer_id\}$/), when: "on a hold" }),
    ]);
    expect(calls.findIndex((c) => c.phase === "on-hold")).toBeGreaterThan(calls.findIndex((c) => c.phase === "on-failure"));
  });

  test("held when the load balancer cannot be read back: what it serves is UNKNOWN, never claimed", async () => {
    w.atFifty([EDGE_DOWN], () =>
      w.api.fail(
        LB_GET,
        Array.from({ length: 6 }, () => RETRIED_503),
      ),
    );
    const r = await w.watch(["--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ loadBalancer: "unknown", hold: { reason: "environment-alarms" } });
    expect(r.stderr).toContain("nor given more traffic; reading the load balancer back failed (");
    expect(r.stderr).toContain(
      "so whether it still serves the 50% step config/production.yaml records is UNKNOWN: compare golive release status production with the dashboard before merging anything.",
    );
  });
});
