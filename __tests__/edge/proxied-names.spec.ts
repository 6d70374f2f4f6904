import { configErrorText, type ConfigEdit } from "../helpers/example-config";

/**
 * Cloudflare proxies every A/AAAA record of a name where one is proxied (developers.cloudflare.com/dns/
 * proxy-status/, "Mix proxied and unproxied"): an edge.dns address at an app hostname would be a second
 * origin behind golive's Access and WAF that no origin check or lockdown ever saw.
 */
const F = "config/production.yaml";
const records = (...dns: Record<string, unknown>[]): ConfigEdit => [["edge", "dns"], dns];
const TXT = { name: "example.com", type: "TXT", content: "google-site-verification=EXAMPLE-not-a-real-token" };

describe("edge.dns records at names golive proxies", () => {
  test.each([
    ["a DNS-only A", { type: "A", content: "192.0.2.99" }],
    ["a proxied A", { type: "A", content: "192.0.2.99", proxied: true }],
    ["a DNS-only AAAA", { type: "AAAA", content: "2001:db8::99" }],
    ["the same A as the origin", { type: "A", content: "192.0.2.11" }],
    ["a CNAME", { type: "CNAME", content: "elsewhere.example.net" }],
  ])("fails on %s at an app hostname, naming edge.dns[i].name and the hostname", (_what, record) => {
    const text = configErrorText([records(TXT, { name: "chat.example.com", ...record })]);
    expect(text.split("\n")).toContain(
      `${F}: edge.dns[1].name: "chat.example.com" is the app hostname edge.hostnames[1].name, whose address golive declares from its origin; ${record.type === "CNAME" ? "a" : "an"} ${record.type} record beside it would be a second origin, proxied with it past golive's origin checks; allowed: another name, or a record other than A, AAAA and CNAME (change the origin at edge.hostnames[1].origin)`,
    );
  });

  test("fails on proxied and DNS-only A records of one edge.dns name, naming the DNS-only one", () => {
    const text = configErrorText([
      records(
        TXT,
        { name: "files.example.com", type: "A", content: "192.0.2.20", proxied: true },
        { name: "files.example.com", type: "A", content: "192.0.2.21" },
      ),
    ]);
    expect(text).toContain(`${F}: edge.dns[2].proxied: another A/AAAA record at files.example.com is proxied`);
  });

  test("accepts other records at an app hostname and DNS-only addresses at other names", () => {
    const text = configErrorText([
      records(
        TXT,
        { name: "chat.example.com", type: "TXT", content: "v=verify" },
        { name: "files.example.com", type: "A", content: "192.0.2.20" },
        { name: "files.example.com", type: "A", content: "192.0.2.21" },
      ),
    ]);
    expect(text).toBe("");
  });
});
