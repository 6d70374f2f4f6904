import { desiredEdgeRecords } from "../../lib/features/edge/dns-records";
import { desiredEmailRecords } from "../../lib/features/email/model";
import { mtaStsMxProbes } from "../../lib/features/email/mta-sts-mx-probe";
import type { DnsObservation, RecordKind } from "../../lib/core/verify/types";
import type { ProbeRun } from "../../lib/platform/probes";
import type { AppConfig } from "../../lib/config/schema";
import { type ConfigEdit, exampleConfig } from "../helpers/example-config";
import { check, envConfig, messages, ruleById, synthStacks } from "../checks/support";

// A testing MTA-STS policy is allowed with no MX its patterns match, but senders then deliver to the
// domain's address (the implicit MX, RFC 5321 5.1) and verify's mta-sts.mx fails a correct deployment:
// golive check warns (GL-MAIL-004), and every example declares an MX its policy matches.

const EXAMPLES = ["production", "staging"];
const NO_INBOUND_MX: ConfigEdit = [["email", "inboundMx"], []];

/** A resolver answering only what the config declares (edge.dns and the email stack's records). */
function declaredNet(cfg: AppConfig): ProbeRun {
  const declared = [...desiredEdgeRecords(cfg), ...desiredEmailRecords(cfg)];
  const records = async (name: string, type: RecordKind): Promise<DnsObservation> => {
    const values = declared
      .filter((r) => r.name === name && r.type === type)
      .map((r) => ({ value: r.content ?? "", ...(r.priority === undefined ? {} : { priority: r.priority }) }));
    return values.length > 0 ? { name, type, values } : { name, type, values, error: "ENODATA" };
  };
  return { records } as unknown as ProbeRun;
}

function gl004(env: string, edits: readonly ConfigEdit[] = []): string[] {
  const cfg = exampleConfig(edits, env);
  return messages(check(ruleById("GL-MAIL-004"), synthStacks(cfg), { config: envConfig(cfg) }));
}

test.each(EXAMPLES)("the %s example passes mta-sts.mx with its declared records answering", async (env) => {
  const cfg = exampleConfig([], env);
  const sets = mtaStsMxProbes(cfg);
  expect(sets.flatMap((s) => s.planned.map((p) => p.check))).toEqual(["mta-sts.mx"]);
  const results = (await Promise.all(sets.map((s) => s.run(declaredNet(cfg))))).flatMap((o) => o.results);
  expect(results.map((r) => [r.check, r.status, r.detail])).toEqual([["mta-sts.mx", "pass", expect.stringMatching(/^live MX /)]]);
});

test("GL-MAIL-004 warns about a testing policy no declared MX matches, naming mta-sts.mx", () => {
  const warned = gl004("staging", [NO_INBOUND_MX]).filter((m) => m.startsWith("email.mtaSts"));
  expect(warned).toEqual([
    "email.mtaSts: mode testing with no MX record at example.net that email.mtaSts.mx (*.example.org) matches: if example.net has an address, senders deliver to it (the implicit MX, RFC 5321 5.1) and report each delivery as an MTA-STS failure (without one, its mail is undeliverable), and golive verify fails its check mta-sts.mx on a correct deployment; next: declare email.inboundMx hosts that email.mtaSts.mx matches",
  ]);
});

test("GL-MAIL-004 says nothing of MTA-STS for the examples as shipped, or a policy whose mx matches the domain itself", () => {
  for (const env of EXAMPLES) expect(gl004(env).filter((m) => m.includes("mta-sts"))).toEqual([]);
  expect(gl004("staging", [NO_INBOUND_MX, [["email", "mtaSts", "mx"], ["example.net"]]]).filter((m) => m.includes("mta-sts"))).toEqual([]);
});
