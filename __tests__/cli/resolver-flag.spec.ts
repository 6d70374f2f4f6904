import { cpSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "../../lib/cli/args";
import { parseResolver, resolverFlag } from "../../lib/cli/resolver-flag";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/**
 * verify --resolver is judged before any work, dry run or not: port 0 made c-ares abort the whole
 * process (exit 134, a native stack trace), 99999 was taken, and 999.1.1.1 failed late as "Invalid IP
 * address" (exit 1), or passed under --dry-run.
 */
describe("verify --resolver", () => {
  const cwd = tempDir("golive-resolver-");
  cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });

  test.each([
    ["127.0.0.1:0", "port 0 is out of range"],
    ["127.0.0.1:99999", "port 99999 is out of range"],
    ["[::1]:0", "port 0 is out of range"],
    ["999.1.1.1", 'got "999.1.1.1"'],
    ["1.2.3", 'got "1.2.3"'],
    ["[::g]:53", 'got "[::g]:53"'],
    ["[1.2.3.4]:53", 'got "[1.2.3.4]:53"'],
    ["::1", 'got "::1"'],
    ["dns.example.com:53", 'got "dns.example.com:53"'],
  ])("refuses %s with one usage line naming the flag, even with --dry-run", async (value, why) => {
    const run = await golive(["verify", "production", "--resolver", value, "--timeout-ms", "100", "--samples", "1", "--dry-run"], { cwd });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(/^golive verify: --resolver: [^\n]+\nsee: golive verify --help\n$/);
    expect(run.stderr).toContain(why);
    expect(run.stderr).toContain("port 1-65535");
  });

  test("takes IPv4 with or without a port and bracketed IPv6; a bare [v6] gets port 53", () => {
    expect(parseResolver("127.0.0.1")).toBe("127.0.0.1");
    expect(parseResolver("127.0.0.1:5353")).toBe("127.0.0.1:5353");
    expect(parseResolver("192.0.2.53:65535")).toBe("192.0.2.53:65535");
    expect(parseResolver("[::1]:5353")).toBe("[::1]:5353");
    expect(parseResolver("[::1]")).toBe("[::1]:53");
    expect(parseResolver("[2001:db8::53]:1")).toBe("[2001:db8::53]:1");
  });

  test('--loopback-only reads a bracketed IPv6 resolver given without a port (it was cut to "[:" and refused)', () => {
    const parsed = parseArgs(["--resolver", "[::1]"], { values: ["resolver"] });
    expect(resolverFlag(parsed, true)).toBe("[::1]:53");
    expect(() => resolverFlag(parseArgs(["--resolver", "[2001:db8::53]"], { values: ["resolver"] }), true)).toThrow(
      "is not a loopback address",
    );
  });
});
