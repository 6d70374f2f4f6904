import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

/** The WHATWG URL parser serializes an IPv6 host in RFC 5952 form: the oracle. */
const urlForm = (address: string) => new URL(`http://[${address}]/`).hostname.slice(1, -1);

describe("load-balancer pool origin addresses", () => {
  test("an IPv6 origin address is declared in RFC 5952 form, a hostname or IPv4 address as written", () => {
    const origins = [
      { name: "green-1", address: "2001:DB8:0:0:0:0:0:40" },
      { name: "green-2", address: "2001:0db8::0:0:41" },
      { name: "green-3", address: "192.0.2.42" },
      { name: "green-4", address: "origin-green.example.net" },
    ];
    const json = synthKind(exampleConfig([[["release", "pools", "green", "origins"], origins]]), "traffic");
    const green = resourcesOf(json, "cloudflare_load_balancer_pool").find(([, r]) => r.name === "opsbot-production-green")?.[1];
    expect(green?.origins).toEqual([
      { name: "green-1", address: urlForm("2001:DB8:0:0:0:0:0:40"), weight: 1, enabled: true },
      { name: "green-2", address: "2001:db8::41", weight: 1, enabled: true },
      { name: "green-3", address: "192.0.2.42", weight: 1, enabled: true },
      { name: "green-4", address: "origin-green.example.net", weight: 1, enabled: true },
    ]);
  });
});
