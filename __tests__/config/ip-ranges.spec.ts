import { describeRange, specialRange } from "../../lib/core/ip-ranges";

describe("specialRange: which special-purpose range an address lies in", () => {
  test.each([
    ["127.0.0.1", "127.0.0.0/8", "loopback"],
    ["10.0.0.1", "10.0.0.0/8", "private"],
    ["172.31.255.255", "172.16.0.0/12", "private"],
    ["192.168.1.1", "192.168.0.0/16", "private"],
    ["0.0.0.0", "0.0.0.0/8", "unspecified"],
    ["169.254.169.254", "169.254.0.0/16", "link-local"],
    ["100.64.0.1", "100.64.0.0/10", "shared"],
    ["100.127.255.255", "100.64.0.0/10", "shared"],
    ["224.0.0.1", "224.0.0.0/4", "multicast"],
    ["239.255.255.255", "224.0.0.0/4", "multicast"],
    ["255.255.255.255", "240.0.0.0/4", "reserved"],
    ["198.18.0.1", "198.18.0.0/15", "reserved"],
    ["192.0.2.10", "192.0.2.0/24", "documentation"],
    ["198.51.100.7", "198.51.100.0/24", "documentation"],
    ["203.0.113.9", "203.0.113.0/24", "documentation"],
    ["::1", "::1/128", "loopback"],
    ["::", "::/128", "unspecified"],
    ["fc00::1", "fc00::/7", "private"],
    ["fd12:3456::1", "fc00::/7", "private"],
    ["fe80::1", "fe80::/10", "link-local"],
    ["FE80::1", "fe80::/10", "link-local"],
    ["ff02::1", "ff00::/8", "multicast"],
    ["2001:db8::10", "2001:db8::/32", "documentation"],
    ["100::", "100::/64", "discard"],
    ["::10.0.0.1", "::/96", "reserved"],
    ["192.88.99.1", "192.88.99.0/24", "transition"],
    ["2002:c000:204::1", "2002::/16", "transition"],
    ["2001:0:4136:e378::1", "2001::/32", "transition"],
    ["2001:10::1", "2001:10::/28", "transition"],
    ["3ffe:b00::1", "3ffe::/16", "transition"],
  ])("%s is in %s (%s)", (address, cidr, kind) => {
    expect(specialRange(address)).toMatchObject({ cidr, kind });
    expect(specialRange(address)?.mapped).toBeUndefined();
  });

  test("an IPv4-mapped IPv6 address is judged by its IPv4 address, dotted or in hex", () => {
    expect(specialRange("::ffff:10.0.0.1")).toEqual({ cidr: "10.0.0.0/8", kind: "private", source: "RFC 1918", mapped: true });
    expect(specialRange("::ffff:7f00:1")).toMatchObject({ cidr: "127.0.0.0/8", kind: "loopback", mapped: true });
    expect(specialRange("::FFFF:169.254.1.1")).toMatchObject({ kind: "link-local", mapped: true });
    expect(specialRange("::ffff:8.8.8.8")).toBeUndefined();
  });

  test("public addresses and text that is not an address have no range", () => {
    for (const value of [
      "8.8.8.8",
      "1.1.1.1",
      "100.128.0.1",
      "172.32.0.1",
      "192.169.0.1",
      "2606:4700::1111",
      "2001:4860::8888",
      "2001:20::1",
      "fe00::1",
      "origin.example.net",
      "10.0.0",
      "fe80::1%eth0",
      "",
    ])
      expect({ value, range: specialRange(value) }).toEqual({ value, range: undefined });
  });

  test("describeRange names the kind, the range and where it is defined", () => {
    expect(describeRange({ cidr: "10.0.0.0/8", kind: "private", source: "RFC 1918" })).toBe("a private address (10.0.0.0/8, RFC 1918)");
    const mapped = specialRange("::ffff:127.0.0.1");
    expect(mapped && describeRange(mapped)).toBe("an IPv4-mapped loopback address (127.0.0.0/8, RFC 1122)");
    const unspecified = specialRange("0.0.0.0");
    expect(unspecified && describeRange(unspecified)).toBe("an unspecified address (0.0.0.0/8, RFC 1122)");
  });
});
