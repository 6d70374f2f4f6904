import { golive, liveArgs, LiveReport, TOKEN_ENV } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// Senders deliver to any MX of a name: one no stack declares receives the domain's mail.

let live: LiveProject;

beforeAll(async () => {
  // Beside the synthesized `mail.example.com MX 10 feedback-smtp.us-east-1.amazonses.com` (fixtures.ts).
  live = await startLiveProject({ records: [{ name: "mail.example.com", type: "MX", value: "mx.evil.example", priority: 1 }] });
});

afterAll(() => live?.close());

test("fails dns.record naming an MX live beside the synthesized one that no stack declares", async () => {
  const run = await golive(live.cwd, liveArgs(live.ports, "json", ["--p95-bar-ms", "5000"]), TOKEN_ENV);
  expect(run.code).toBe(1);
  const report = LiveReport.parse(JSON.parse(run.stdout));
  expect(report.results.filter((r) => r.status === "fail")).toEqual([
    {
      check: "dns.record",
      target: "MX mail.example.com",
      status: "fail",
      detail:
        "10 feedback-smtp.us-east-1.amazonses.com is live, but so is 1 mx.evil.example, which no stack declares: senders deliver to every MX of mail.example.com, so the live set must equal the synthesized one (10 feedback-smtp.us-east-1.amazonses.com): delete it, or declare it in the config",
    },
  ]);
});
