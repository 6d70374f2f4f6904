import { alarmScope } from "../../lib/features/release/alarm-attribution";
import { alarmsResult, missingOwnAlarms } from "../../lib/features/release/alarm-check";
import type { AlarmReading } from "../../lib/features/release/analysis";
import { exampleConfig } from "../helpers/example-config";

// The alarm gate must not pass on alarms that say nothing of the candidate. The audit's run: one
// unrelated alarm OK in CloudWatch, none of green's origin alarms (the monitoring stack not deployed
// since the origins changed), and each step of promote --watch read "alarms passed ... all 1 OK".

const SOURCE = 'CloudWatch alarms "opsbot-production *" in us-east-1';
const GREEN_1 = "opsbot-production origin down: app.example.com (green pool origin green-1, 192.0.2.40)";
const GREEN_2 = "opsbot-production origin down: app.example.com (green pool origin green-2, 192.0.2.41)";
const BLUE_1 = "opsbot-production origin down: app.example.com (blue pool origin blue-1, 192.0.2.30)";

function scopeOf(checkOrigins = true) {
  const example = exampleConfig();
  if (!example.release || !example.monitoring) throw new Error("the example has release and monitoring sections");
  const cfg = { ...example, monitoring: { ...example.monitoring, checkOrigins } };
  return alarmScope(cfg, example.release);
}

const reading = (names: readonly string[]): AlarmReading => ({ matched: names.length, names, firing: [] });

describe("the candidate's own alarms must be read (alarmsResult)", () => {
  test("the scope names the candidate's origin alarms as the monitoring stack writes them", () => {
    expect(scopeOf().candidateAlarms).toEqual([GREEN_1, GREEN_2]);
  });

  test("fails when only an unrelated alarm exists, naming the missing ones and the likely cause", () => {
    const r = alarmsResult(SOURCE, reading(["opsbot-production something-else"]), 7, scopeOf());
    expect(r.status).toBe("failed");
    expect(r.firstFailureAt).toBe(7);
    expect(r.detail).toBe(
      `${SOURCE}: 2 of the candidate green's own 2 alarm(s) not found among the 1 read (${JSON.stringify(GREEN_1)}, ${JSON.stringify(GREEN_2)}), ` +
        "so nothing would report green unhealthy: most likely the monitoring stack was not deployed since release.pools changed (deploy it, then run this again)",
    );
  });

  test("fails when one of them is missing, the rollback target's present", () => {
    const r = alarmsResult(SOURCE, reading([GREEN_1, BLUE_1]), 0, scopeOf());
    expect(r.status).toBe("failed");
    expect(r.detail).toContain(`1 of the candidate green's own 2 alarm(s) not found among the 2 read (${JSON.stringify(GREEN_2)})`);
    expect(missingOwnAlarms(reading([GREEN_1, BLUE_1]), scopeOf())).toEqual([GREEN_2]);
  });

  test("passes when all of them are read and OK", () => {
    expect(alarmsResult(SOURCE, reading([GREEN_1, GREEN_2, BLUE_1]), 0, scopeOf())).toMatchObject({
      status: "passed",
      detail: `${SOURCE}: all 3 OK`,
    });
  });

  test("without origin checks (monitoring.checkOrigins false) no origin alarm is expected", () => {
    const scope = scopeOf(false);
    expect(scope.candidateAlarms).toEqual([]);
    expect(alarmsResult(SOURCE, reading(["opsbot-production edge down: app.example.com"]), 0, scope).status).toBe("passed");
  });
});
