import type { DnsObservation, ExpectedRecord, RecordKind } from "../../lib/core/verify/types";
import { emailProbes } from "../../lib/features/email/probe-set";
import type { ProbeRun } from "../../lib/platform/probes";
import { stubProbeRun } from "../helpers/stub-probe-run";

// An MX no stack declares makes the name's MX set wrong: said once, not once per declared MX.

const mx = (value: string, priority: number): ExpectedRecord => ({
  stack: "email-production",
  name: "example.com",
  type: "MX",
  value,
  priority,
});
const DECLARED = [mx("mx1.example.net", 10), mx("mx2.example.net", 20)];

/** The MX records of example.com the resolver answers; nothing else is asked. */
function answering(values: DnsObservation["values"]): ProbeRun {
  const records = async (name: string, type: RecordKind): Promise<DnsObservation> => ({ name, type, values });
  return stubProbeRun(() => Promise.reject(new Error("not used by the record probes")), { records });
}

async function mxResults(values: DnsObservation["values"]) {
  const [set] = emailProbes({ expected: DECLARED, samples: 1, p95BarMs: 500, hasAccessToken: false });
  const outcome = await set?.run(answering(values));
  return (outcome?.results ?? []).map((r) => `${r.status}: ${r.detail}`);
}

test("fails an undeclared live MX once, on the first declared MX that is live, beside two declared ones", async () => {
  const live = [
    { value: "mx1.example.net", priority: 10 },
    { value: "mx2.example.net", priority: 20 },
    { value: "mx.evil.example", priority: 1 },
  ];
  expect(await mxResults(live)).toEqual([
    "fail: 10 mx1.example.net is live, but so is 1 mx.evil.example, which no stack declares: senders deliver to every MX of example.com, so the live set must equal the synthesized one (10 mx1.example.net, 20 mx2.example.net): delete it, or declare it in the config",
    "pass: live and equal to stack email-production: 20 mx2.example.net",
  ]);
});

test("when the first declared MX is not live, the next live one carries the finding", async () => {
  const results = await mxResults([
    { value: "mx2.example.net", priority: 20 },
    { value: "mx.evil.example", priority: 1 },
  ]);
  expect(results[0]).toMatch(/^fail: live 20 mx2\.example\.net, 1 mx\.evil\.example; synthesized .* 10 mx1\.example\.net$/);
  expect(results[1]).toMatch(/^fail: 20 mx2\.example\.net is live, but so is 1 mx\.evil\.example, which no stack declares/);
});
