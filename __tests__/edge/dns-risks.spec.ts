import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";
import { bothReviews, edgeBlock } from "./edge-risks.helpers";

const edge = (): SynthJson => synthKind(exampleConfig(), "edge");
const DNS = "cloudflare_dns_record";

/** A proxied A/AAAA/CNAME record of the stack: [logical id, block]. */
function proxiedRecord(json: SynthJson): [string, Record<string, unknown>] {
  const found = Object.entries(json.resource[DNS] ?? {}).find(
    ([, r]) => r.proxied === true && ["A", "AAAA", "CNAME"].includes(String(r.type)),
  );
  if (!found) throw new Error("no proxied address record in the synthesized stack");
  return found;
}

describe("plan review: DNS records that expose the origin, CAA loosened", () => {
  test.each([false, "false"])("a proxied record turned DNS-only (proxied %p) is flagged in both reviews", (off) => {
    const head = edge();
    const [id, record] = proxiedRecord(head);
    record.proxied = off;
    for (const flags of bothReviews(edge(), head))
      expect(flags).toEqual([
        expect.stringMatching(
          new RegExp(
            `^dns-exposed ${DNS}\\.${id}: \\w+ record \\S+: proxied true -> false: DNS-only, the origin ".+" is public and requests to it skip the WAF and Access$`,
          ),
        ),
      ]);
  });

  test("a new DNS-only record at a proxied hostname's origin names the hostname it bypasses", () => {
    const head = edge();
    const [, record] = proxiedRecord(head);
    head.resource[DNS] = { ...head.resource[DNS], Dns_direct: { ...record, name: "direct.example.com", proxied: false, ttl: 300 } };
    for (const flags of bothReviews(edge(), head))
      expect(flags).toEqual([
        expect.stringMatching(
          /^dns-exposed cloudflare_dns_record\.Dns_direct: new \w+ record direct\.example\.com: DNS-only, the origin ".+" is public and requests to it skip the WAF and Access; it is also the origin of proxied .+, which this bypasses$/,
        ),
      ]);
  });

  test("a new proxied record raises no flag", () => {
    const head = edge();
    const [, record] = proxiedRecord(head);
    head.resource[DNS] = { ...head.resource[DNS], Dns_more: { ...record, name: "more.example.com" } };
    for (const flags of bothReviews(edge(), head)) expect(flags).toEqual([]);
  });

  test("a CAA record deleted, or a new CAA issuer, is flagged in both reviews", () => {
    const head = edge();
    const [issue, caa] = edgeBlock(head, DNS, "Dns_caa-issue-letsencrypt");
    delete head.resource[DNS]?.[issue];
    head.resource[DNS] = { ...head.resource[DNS], Dns_caa_extra: { ...caa, data: { flags: 0, tag: "issue", value: "ca.example.net" } } };
    for (const flags of bothReviews(edge(), head))
      expect(flags).toEqual(
        expect.arrayContaining([
          `dns-exposed ${DNS}.${issue}: CAA record example.com issue "letsencrypt.org" deleted: without it another CA may issue certificates`,
          `dns-exposed ${DNS}.Dns_caa_extra: CAA record example.com now allows issue "ca.example.net": one more CA may issue certificates`,
        ]),
      );
  });
});
