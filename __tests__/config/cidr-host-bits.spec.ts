import { type ConfigPath, configErrorText } from "../helpers/example-config";

// A CIDR range in config is a network: its address with every host bit (the bits after the prefix)
// clear. A value with one set says two things at once (an address, or the range around it) and is
// refused, naming the field and the range it lies in. The cases sit at the boundary of the prefix: the
// top host bit alone set (refused), the lowest network bit set (a range).

const FILE = "config/production.yaml";
const ALLOWED = "allowed: a CIDR range such as 198.51.100.0/24 or 2001:db8::/32";

/** Each field holding CIDR ranges, with a value the example keeps in front of the one tried. */
const FIELDS: readonly [name: string, path: ConfigPath, kept: string][] = [
  ["edge.waf.admin.allowedNetworks", ["edge", "waf", "admin", "allowedNetworks"], "203.0.113.0/24"],
  ["email.spf.networks", ["email", "spf", "networks"], "203.0.113.0/24"],
];

/** `value` with its top host bit set, and the network it belongs to. */
const TOP_HOST_BIT: readonly [value: string, network: string][] = [
  ["198.51.100.128/24", "198.51.100.0/24"],
  ["192.0.2.64/25", "192.0.2.0/25"],
  ["192.0.2.1/31", "192.0.2.0/31"],
  ["192.0.2.8/28", "192.0.2.0/28"],
  ["198.51.101.0/23", "198.51.100.0/23"],
  ["2001:db8:0:0:8000::/64", "2001:db8::/64"],
  ["2001:db8::1/127", "2001:db8::/127"],
  ["2001:db8:100:40::/57", "2001:db8:100::/57"],
];

/** Ranges, most with their lowest network bit set: no host bit is. */
const NETWORKS = [
  "198.51.100.0/24",
  "198.51.101.0/24",
  "192.0.2.128/25",
  "192.0.2.2/31",
  "192.0.2.16/28",
  "198.51.100.1/32",
  "2001:db8:0:1::/64",
  "2001:db8::2/127",
];

const errors = (path: ConfigPath, kept: string, value: string) => configErrorText([[path, [kept, value]]]);

describe.each(FIELDS)("%s", (name, path, kept) => {
  test.each(TOP_HOST_BIT)("fails for %s (top host bit set), naming the field and the range %s", (value, network) => {
    const text = errors(path, kept, value);
    expect(text).toBe(
      `${FILE}: ${name}[1]: ${JSON.stringify(value)} has host bits set; the range is ${network}; ${ALLOWED}; got ${JSON.stringify(value)}`,
    );
  });

  test.each(NETWORKS)("accepts %s (no host bit set)", (value) => {
    expect(errors(path, kept, value)).toBe("");
  });
});
