import type { DnsObservation, ExpectedRecord } from "../../core/verify/types";
import { pendingValues, type PlannedProbe, type ProbeInputs, type ProbeSet } from "../../platform/probes";
import { evaluateRecord, isDkimRecord, recordData, VALUES_HINT } from "./probes";

/** A record's query: one per type and name, however many records share it. */
const queryKey = (r: ExpectedRecord): string => `${r.type} ${r.name}`;

/**
 * The TXT, MX and CNAME records of every synthesized stack (SPF, DKIM, DMARC, MTA-STS, TLS-RPT, and the
 * edge's own), each queried once and compared with the live answer: email owns the record evaluator,
 * which knows the records a name may hold only one of.
 */
export function emailProbes(inputs: ProbeInputs): ProbeSet[] {
  const { expected } = inputs;
  const planned: PlannedProbe[] = [];
  const queried = new Set<string>();
  for (const r of expected) {
    const key = queryKey(r);
    const pending = pendingValues(r);
    if (pending.length > 0) {
      planned.push({ check: "dns.record", target: key, proves: `SKIPPED: ${pending.join(", ")} known only after apply; ${VALUES_HINT}` });
      continue;
    }
    if (r.value === undefined || queried.has(key)) continue;
    queried.add(key);
    const dkim = isDkimRecord(r) ? "SES Easy DKIM: " : "";
    planned.push({ check: "dns.record", target: key, proves: `${dkim}the live record matches the synthesized one (${recordData(r)})` });
  }
  return [
    {
      planned,
      async run(net) {
        // Every query sent at once, the answers read in order.
        const queries = new Map<string, Promise<DnsObservation>>();
        for (const r of expected) {
          const key = queryKey(r);
          if (r.value !== undefined && !queries.has(key)) queries.set(key, net.records(r.name, r.type));
        }
        const answers = new Map<string, DnsObservation>();
        for (const [key, q] of queries) answers.set(key, await q);
        const declared = new Map<string, ExpectedRecord[]>();
        for (const r of expected) declared.set(queryKey(r), [...(declared.get(queryKey(r)) ?? []), r]);
        return {
          results: expected.map((r) => evaluateRecord(r, answers.get(queryKey(r)), pendingValues(r), declared.get(queryKey(r)))),
        };
      },
    },
  ];
}
