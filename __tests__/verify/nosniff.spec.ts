import { evaluateSecurityHeaders } from "../../lib/features/edge/probes/headers";
import { answerTo, golive, LiveReport, liveArgs, TOKEN_ENV } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// Fetch's "determine nosniff" reads the first value of X-Content-Type-Options only.

function nosniffOf(value: string) {
  const obs = { ...answerTo("https://example.com/", 200), headers: { "x-content-type-options": value } };
  return evaluateSecurityHeaders(obs).find((r) => r.check === "headers.nosniff");
}

test.each([
  ["nosniff", "X-Content-Type-Options: nosniff"],
  [" NoSniff ", "X-Content-Type-Options: nosniff"],
  ["nosniff, nosniff", "X-Content-Type-Options: nosniff, nosniff (browsers read the first value)"],
  ["nosniff, sniff", "X-Content-Type-Options: nosniff, sniff (browsers read the first value)"],
])("headers.nosniff passes %j: its first value is nosniff", (value, detail) => {
  expect(nosniffOf(value)).toMatchObject({ status: "pass", detail });
});

test.each([
  ["sniff, nosniff", "X-Content-Type-Options is sniff, nosniff (browsers read only the first value); expected nosniff"],
  [", nosniff", "X-Content-Type-Options is , nosniff (browsers read only the first value); expected nosniff"],
  ["nosniffing", "X-Content-Type-Options is nosniffing; expected nosniff"],
])("headers.nosniff fails %j", (value, detail) => {
  expect(nosniffOf(value)).toMatchObject({ status: "fail", detail });
});

describe("golive verify reads the first X-Content-Type-Options header", () => {
  let live: LiveProject;

  beforeAll(async () => {
    live = await startLiveProject();
  });

  afterAll(() => live?.close());

  const args = (): string[] => liveArgs(live.ports, "json", ["--p95-bar-ms", "5000"]);

  test("passes two X-Content-Type-Options: nosniff headers", async () => {
    live.edge.setFaults({ nosniff: ["nosniff", "nosniff"] });
    const run = await golive(live.cwd, args(), TOKEN_ENV);
    const report = LiveReport.parse(JSON.parse(run.stdout));
    expect(report.results.filter((r) => r.status === "fail")).toEqual([]);
    expect(run.code).toBe(0);
    const nosniff = report.results.filter((r) => r.check === "headers.nosniff");
    expect(nosniff).toHaveLength(3);
    expect(nosniff[0]?.detail).toBe("X-Content-Type-Options: nosniff, nosniff (browsers read the first value)");
  });

  test("fails when the first of two is not nosniff", async () => {
    live.edge.setFaults({ nosniff: ["sniff", "nosniff"] });
    const run = await golive(live.cwd, args(), TOKEN_ENV);
    expect(run.code).toBe(1);
    const failed = LiveReport.parse(JSON.parse(run.stdout)).results.filter((r) => r.status === "fail");
    expect([...new Set(failed.map((r) => r.check))]).toEqual(["headers.nosniff"]);
  });
});
