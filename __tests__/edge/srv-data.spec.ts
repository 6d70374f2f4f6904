import { renderZone } from "../../lib/engines/zone/render";
import { stackDns } from "../../lib/engines/zone/stack-records";
import { type ConfigEdit, exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

/**
 * Cloudflare takes an SRV record's parts in `data` {priority, weight, port, target}; its `content` is
 * read-only (dns-records_SRVRecord, cloudflare/api-schemas), and the provider refuses `content` beside
 * `data` (dns_record/schema.go, v5.14.0: ConflictsWith).
 */

// Without the email section: its MTA-STS policy would demand an edge.dns MX be listed there.
const NO_EMAIL: ConfigEdit = [["email"], undefined];
const SRV = [
  { name: "_sip._tcp.example.com", type: "SRV", content: "5 5060 sip.example.net.", priority: 10 },
  { name: "_imap._tcp.example.com", type: "SRV", content: "0 0 .", priority: 0 },
];
const edits: ConfigEdit[] = [NO_EMAIL, [["edge", "dns"], SRV]];

function srvRecords(): [string, Record<string, unknown>][] {
  return resourcesOf(synthKind(exampleConfig(edits), "edge"), "cloudflare_dns_record").filter(([, r]) => r.type === "SRV");
}

describe("SRV records are declared by data", () => {
  test("every SRV record has data {priority, weight, port, target}, the priority also at the top, and no content", () => {
    const byName = new Map(srvRecords().map(([, r]) => [r.name, r]));
    expect(byName.get("_sip._tcp.example.com")).toMatchObject({
      priority: 10,
      data: { priority: 10, weight: 5, port: 5060, target: "sip.example.net" },
    });
    expect(byName.get("_imap._tcp.example.com")).toMatchObject({ priority: 0, data: { priority: 0, weight: 0, port: 0, target: "." } });
    for (const r of byName.values()) expect(r).not.toHaveProperty("content");
  });

  test("SRV records keep the state addresses they have always had (declaring data changes no construct id)", () => {
    expect(
      srvRecords()
        .map(([id]) => id)
        .sort(),
    ).toEqual(["Dns_srv-imap-tcp-example-com-20a12021_4E0951A0", "Dns_srv-sip-tcp-example-com-ef45157c_573C07AC"]);
  });

  test("golive zone reads SRV data back as RFC 1035 rdata: priority weight port target, the target absolute", () => {
    const edge = synthKind(exampleConfig(edits), "edge");
    const records = stackDns("edge-production", edge).records.filter((r) => r.type === "SRV");
    expect(records.map((r) => [r.name, r.priority, r.content]).sort()).toEqual([
      ["_imap._tcp.example.com", 0, "0 0 ."],
      ["_sip._tcp.example.com", 10, "5 5060 sip.example.net"],
    ]);
    const zone = renderZone({ zone: "example.com", records, values: new Map(), stacks: ["edge-production"] });
    expect(zone.text).toContain("_sip._tcp.example.com. 300 IN SRV 10 5 5060 sip.example.net.");
    expect(zone.text).toContain("_imap._tcp.example.com. 300 IN SRV 0 0 0 .");
  });
});
