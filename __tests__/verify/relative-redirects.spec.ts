import { golive, liveArgs, LiveReport, TOKEN_ENV } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// A relative Location is resolved against the request it answered (RFC 9110 10.2.2), as a browser
// resolves it: `301 Location: /` on http://host/ sends the browser back to http://host/, a loop.

let live: LiveProject;

beforeAll(async () => {
  live = await startLiveProject();
});

afterAll(() => live?.close());

test("fails http.https-redirect and redirect.canonical when they answer a relative Location leading back to the request", async () => {
  live.edge.setFaults({ relativeRedirects: true });
  const run = await golive(live.cwd, liveArgs(live.ports, "json", ["--p95-bar-ms", "5000"]), TOKEN_ENV);
  expect(run.code).toBe(1);
  const report = LiveReport.parse(JSON.parse(run.stdout));
  const failed = report.results.filter((r) => r.status === "fail");
  expect([...new Set(failed.map((r) => r.check))].sort()).toEqual(["http.https-redirect", "redirect.canonical"]);
  const port = live.ports.http;
  expect(failed.find((r) => r.target === `GET http://example.com:${port}/`)?.detail).toBe(
    `redirects to / (http://example.com:${port}/: the request itself, a redirect loop); expected https://example.com/`,
  );
  const https = live.ports.https;
  expect(failed.find((r) => r.check === "redirect.canonical")).toEqual({
    check: "redirect.canonical",
    target: `GET https://www.example.com:${https}/golive-verify?golive-verify=1`,
    status: "fail",
    detail: `redirects to /golive-verify?golive-verify=1 (https://www.example.com:${https}/golive-verify?golive-verify=1: the request itself, a redirect loop); expected https://example.com/golive-verify`,
  });
});
