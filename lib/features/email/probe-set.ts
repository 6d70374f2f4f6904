import { groupBy } from "../../core/group-by";
import type { DnsObservation, ExpectedRecord } from "../../core/verify/types";
import { pendingValues, type PlannedProbe, type ProbeInputs, type ProbeSet } from "../../platform/probes";
import { evaluateRecord, isDkimRecord, shownRecord, VALUES_HINT } from "./probes";
import { isSpf } from "./spf";
import { evaluateLiveSpf, SPF_LIVE_CHECK, type SpfLiveNet } from "./spf-live";

/** A record's query: one per type and name, however many records share it. */
const queryKey = (r: ExpectedRecord): string => `${r.type} ${r.name}`;

/** What one query proves: each record declared at its name and type is live, and for MX, no other. */
function provesFor(records: readonly ExpectedRecord[]): string {
  const dkim = records.some(isDkimRecord) ? "SES Easy DKIM: " : "";
  // Quoted (TXT values hold "; ") and credentials masked, as a finding shows them.
  const data = records.map(shownRecord).join(", ");
  const what = records.length === 1 ? `the live record matches the synthesized one (${data})` : `each synthesized record is live (${data})`;
  return `${dkim}${what}${records[0]?.type === "MX" ? ", and no other MX is live there" : ""}`;
}

/**
 * The TXT, MX and CNAME records of every synthesized stack (SPF, DKIM, DMARC, MTA-STS, TLS-RPT, and the
 * edge's own), each queried once and compared with the live answer: email owns the record evaluator,
 * which knows the records a name may hold only one of. Then each synthesized SPF record's name is
 * evaluated live (spf-live.ts): what its includes cost is known only from their live records.
 */
export function emailProbes(inputs: ProbeInputs): ProbeSet[] {
  const { expected } = inputs;
  // The records each query is judged against: every record declared at its name and type.
  const declared = groupBy(expected, queryKey);
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
    // One query per name and type, judged against every record declared there, as the run does.
    const same = (declared.get(key) ?? []).filter((d) => d.value !== undefined && pendingValues(d).length === 0);
    planned.push({ check: "dns.record", target: key, proves: provesFor(same) });
  }
  const spfNames = [...new Set(expected.filter((r) => r.type === "TXT" && r.value !== undefined && isSpf(r.value)).map((r) => r.name))];
  for (const name of spfNames)
    planned.push({
      check: SPF_LIVE_CHECK,
      target: `TXT ${name}`,
      proves:
        "the live SPF record, with every include and redirect it reaches live, needs at most 10 DNS lookups, 2 void ones and 10 hosts per mx, each target holding one SPF record (RFC 7208 4.5, 4.6.4, 5.2, 6.1)",
    });
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
        const results = expected.map((r) => evaluateRecord(r, answers.get(queryKey(r)), pendingValues(r), declared.get(queryKey(r))));
        // The checked record's own TXT answer is the one above; every other name the walk reaches is asked anew.
        const known: SpfLiveNet = {
          resolve: (name) => net.resolve(name),
          records: (name, type) => Promise.resolve(answers.get(`${type} ${name}`) ?? net.records(name, type)),
        };
        for (const name of spfNames) results.push(await evaluateLiveSpf(known, name));
        return { results };
      },
    },
  ];
}
