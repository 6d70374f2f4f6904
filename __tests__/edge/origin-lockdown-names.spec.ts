import { isTunnelTarget } from "../../lib/features/edge/origin-lockdown";
import { configErrorText } from "../helpers/example-config";

/**
 * What counts as a Cloudflare Tunnel under `edge.originLockdown: tunnel`: a name that ends in
 * `.cfargotunnel.com` (`<tunnel id>.cfargotunnel.com`, Cloudflare's name for a tunnel, which has no
 * address anyone can call), a trailing root dot allowed. A name that only contains it, or glues a word
 * to it, is someone else's domain with an address of its own: the lockdown would promise nothing.
 */

const ID = "6ff42ae2-765d-4adf-8112-31c55c1551ef";
const TUNNEL = `${ID}.cfargotunnel.com`;
const FIELD = "edge.hostnames[1].origin";

/** The example config under the tunnel lockdown with edge.hostnames[1]'s origin set to `origin`: the errors about that field. */
function originErrors(origin: string): string[] {
  const text = configErrorText([
    [["edge", "originLockdown"], "tunnel"],
    [["edge", "originPullCertificate"], undefined],
    [["edge", "hostnames", 1, "origin"], origin],
  ]);
  return text.split("\n").filter((line) => line.includes(`${FIELD}:`));
}

/** Host names an origin may have (config's origin format) that are not tunnels. */
const NEAR_MISSES = [
  `${TUNNEL}.attacker.net`,
  `${TUNNEL}.example.org`,
  `${TUNNEL}-attacker.net`,
  `${ID}.xcfargotunnel.com`,
  "xcfargotunnel.com",
  "cfargotunnel.com",
  `${ID}.cfargotunnel.co`,
  `${ID}.cfargotunnel.com.cfargotunnel.net`,
];

describe("a tunnel origin's name under edge.originLockdown: tunnel", () => {
  test("<tunnel id>.cfargotunnel.com passes the lockdown", () => {
    expect(originErrors(TUNNEL)).toEqual([]);
  });

  test.each(NEAR_MISSES)("fails for %s, naming the field and the value", (name) => {
    expect(originErrors(name)).toEqual([
      `config/production.yaml: ${FIELD}: must be a Cloudflare Tunnel name (<tunnel id>.cfargotunnel.com) when edge.originLockdown is "tunnel"; got ${JSON.stringify(name)}`,
    ]);
  });
});

describe("isTunnelTarget (the lockdown, GL-AUTH-002 and the origin probes)", () => {
  test("a tunnel name is one in any case, with or without the root's trailing dot", () => {
    for (const name of [TUNNEL, `${TUNNEL}.`, TUNNEL.toUpperCase(), `${TUNNEL.toUpperCase()}.`])
      expect({ name, tunnel: isTunnelTarget(name) }).toEqual({ name, tunnel: true });
  });

  test("a name that goes on after cfargotunnel.com, or glues a word to it, is not one", () => {
    for (const name of [
      ...NEAR_MISSES,
      `${TUNNEL}..`,
      `${TUNNEL}/`,
      `${TUNNEL}:443`,
      `${TUNNEL}.attacker.net.`,
      `${TUNNEL} `,
      `${TUNNEL}\n`,
    ])
      expect({ name, tunnel: isTunnelTarget(name) }).toEqual({ name, tunnel: false });
  });
});
