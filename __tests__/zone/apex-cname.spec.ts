import { synthesizedRecords } from "../../lib/engines/verify/synth-records";
import { edgeProbes } from "../../lib/features/edge/probes/probe-set";
import type { ProbeRun } from "../../lib/platform/probes";
import { renderZone } from "../../lib/engines/zone/render";
import { stackDns } from "../../lib/engines/zone/stack-records";
import { type ConfigEdit, configErrorText, exampleConfig } from "../helpers/example-config";
import { checkZone } from "../helpers/nsd";
import { resourcesOf, synthKind } from "../helpers/synth";

// A hostname origin at the zone apex is a CNAME there, beside golive's own CAA (always at the apex) and
// staging's TXT. Cloudflare flattens an apex CNAME on every plan
// (developers.cloudflare.com/dns/cname-flattening/set-up-cname-flattening/) and refuses a CNAME only
// beside A, AAAA or CNAME records of the name (dns/manage-dns-records/troubleshooting/records-with-same-name/).

const APEX = "example.net";
const TARGET = "web-origin.example.org";
/** Staging's apex hostname (public, proxied) served from a hostname origin. */
const apexCname = (proxied = true): ConfigEdit[] => [
  [["edge", "hostnames", 0, "origin"], TARGET],
  [["edge", "hostnames", 0, "proxied"], proxied],
];

function apexRecords(edits: readonly ConfigEdit[]) {
  const json = synthKind(exampleConfig(edits, "staging"), "edge");
  return {
    json,
    records: resourcesOf(json, "cloudflare_dns_record")
      .map(([, r]) => r)
      .filter((r) => r.name === APEX),
  };
}

describe("a CNAME at the zone apex (Cloudflare flattens it)", () => {
  test("an apex hostname with a hostname origin is a CNAME record beside the apex's CAA and TXT", () => {
    expect(configErrorText(apexCname(), "staging")).toBe("");
    const types = apexRecords(apexCname()).records.map((r) => r.type);
    expect(types).toContain("CAA");
    expect(types).toContain("TXT");
    expect(apexRecords(apexCname()).records.filter((r) => r.type === "CNAME")).toEqual([
      expect.objectContaining({ name: APEX, type: "CNAME", content: TARGET, proxied: true }),
    ]);
  });

  test("an apex CNAME may sit beside email's MX and SPF at the apex (email validation judges the apex as edge does)", () => {
    const inboundMx: ConfigEdit = [["email", "inboundMx"], [{ host: "mx1.example.org", priority: 10 }]];
    expect(configErrorText([...apexCname(), inboundMx], "staging")).toBe("");
  });

  test("fails when the apex CNAME shares the name with an address record", () => {
    const withA: ConfigEdit = [["edge", "dns"], [{ name: APEX, type: "A", content: "192.0.2.9" }]];
    expect(configErrorText([...apexCname(), withA], "staging").split("\n")).toContain(
      "config/staging.yaml: edge.hostnames[0].name: a CNAME at example.net cannot share the name with address records (A at edge.dns[0]); allowed: A/AAAA records alone, the CNAME alone (Cloudflare flattens it at the apex), or another name",
    );
  });

  test("the zone export shows the apex CNAME as a comment saying Cloudflare flattens it, and nsd loads the file", () => {
    const dns = stackDns("edge-staging", apexRecords(apexCname()).json);
    const zone = renderZone({ zone: APEX, records: dns.records, values: new Map(), stacks: ["edge-staging"] });
    const lines = zone.text.split("\n");
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^; FLATTENED BY CLOUDFLARE \(the apex answers the target's A\/AAAA; .*\): example\.net\. 300 IN CNAME web-origin\.example\.org\. \(edge-staging cloudflare_dns_record\./,
      ),
    );
    expect(lines.filter((l) => /^example\.net\. \d+ IN CNAME /.test(l))).toEqual([]);
    expect(lines).toContainEqual(expect.stringMatching(/^example\.net\. \d+ IN CAA 0 issue /));
    expect(checkZone(APEX, zone.text)).toEqual({ status: 0, output: expect.any(String) });
  });

  test("verify asks for no CNAME at a DNS-only apex: a flattened apex answers A/AAAA", () => {
    const json = apexRecords(apexCname(false)).json;
    const expected = synthesizedRecords("edge-staging", json, APEX);
    expect(expected.filter((r) => r.name === APEX).map((r) => r.type)).not.toContain("CNAME");
    expect(expected.filter((r) => r.name === APEX).map((r) => r.type)).toContain("TXT");
  });

  test("verify still checks that a DNS-only apex hostname answers an address: its HTTPS probes resolve it first", async () => {
    const cfg = exampleConfig(apexCname(false), "staging");
    const [hosts] = edgeProbes(cfg);
    expect(hosts?.planned).toContainEqual(expect.objectContaining({ check: "tls", target: `${APEX}:443` }));
    // A name that answers no A/AAAA (for the apex: flattening broken) fails at the resolve step, before any request.
    const unused = () => {
      throw new Error("no request is sent to a name that did not resolve");
    };
    const net: ProbeRun = {
      resolve: async () => ({ error: "ENODATA" }),
      records: unused,
      get: unused,
      connection: () => ({ get: async () => unused(), close: () => undefined }),
      tls: unused,
      legacyTls: unused,
      minCertDays: 14,
      now: new Date(0),
      ignorePort: false,
    };
    const outcome = await hosts?.run(net);
    expect(outcome?.results).toContainEqual(expect.objectContaining({ check: "resolve", target: APEX, status: "fail" }));
  });
});
