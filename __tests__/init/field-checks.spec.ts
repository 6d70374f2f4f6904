import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "yaml";
import { golive, tempDir } from "../helpers/cli";
import { initArgs } from "./init-args";

const firstLine = (text: string) => text.split("\n")[0];

describe("golive init checks each value by its field's rule", () => {
  test("fails on an upper-case --domain naming --domain, not the --app its default would have come from", async () => {
    const cwd = tempDir("golive-init-domain-");
    const run = await golive(initArgs({ domain: "ACME-x.dev", app: undefined }), { cwd });
    expect(run.code).toBe(2);
    expect(firstLine(run.stderr)).toBe('golive init: --domain: must be a lower-case DNS name such as app.example.com; got "ACME-x.dev"');
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  test("fails on an internationalised --domain naming the punycode form to give, which init then takes", async () => {
    const cwd = tempDir("golive-init-idn-");
    const run = await golive(initArgs({ domain: "münchen.dev", app: undefined }), { cwd });
    expect(run.code).toBe(2);
    expect(firstLine(run.stderr)).toBe(
      'golive init: --domain: must be written in ASCII: give an internationalised name in its punycode form (here xn--mnchen-3ya.dev); got "münchen.dev"',
    );
    expect(existsSync(join(cwd, "config"))).toBe(false);
    expect(
      await golive(initArgs({ domain: "xn--mnchen-3ya.dev", app: "muenchen", hostname: "chat.xn--mnchen-3ya.dev" }), { cwd }),
    ).toMatchObject({ code: 0 });
  });

  test("fails on each bad flag value by the flag's name, before the missing flags", async () => {
    const cwd = tempDir("golive-init-flags-");
    const cases: readonly (readonly [Record<string, string | undefined>, string])[] = [
      [
        { app: "a".repeat(32) },
        `--app: must be 2-31 lower-case letters, digits or dashes, starting with a letter; got "${"a".repeat(32)}"`,
      ],
      [
        { "cloudflare-account-id": "not-an-id", plan: undefined },
        '--cloudflare-account-id: must be a 32-character lower-case hex id; got "not-an-id"',
      ],
      [{ "aws-account-id": "12345" }, '--aws-account-id: must be a 12-digit AWS account id; got "12345"'],
      [{ "alert-email": "mailto:x@acme-x.dev" }, "--alert-email: must be an email address"],
      [{ hostname: "Chat.acme-x.dev" }, '--hostname: must be a lower-case DNS name such as app.example.com; got "Chat.acme-x.dev"'],
      [
        { origin: "10.0.0.1" },
        '--origin: got "10.0.0.1", a private address (10.0.0.0/8, RFC 1918), which Cloudflare does not proxy to (error 9003); allowed: a public IP address or a hostname',
      ],
      [
        { origin: "https://origin.acme-x.net/" },
        '--origin: got "https://origin.acme-x.net/"; allowed: an IPv4/IPv6 address or a lower-case hostname',
      ],
      [{ plan: "gold" }, '--plan: got "gold", allowed: free, pro, business, enterprise'],
      // Not --hostname or --release-hostname, which would only be derived from it.
      [{ domain: "xn--abc.de", app: undefined, hostname: undefined }, "--domain: its label xn--abc is not valid punycode"],
    ];
    for (const [edits, message] of cases) {
      const run = await golive(initArgs(edits), { cwd });
      expect({ edits, code: run.code, line: firstLine(run.stderr) }).toEqual({
        edits,
        code: 2,
        line: expect.stringContaining(`golive init: ${message}`),
      });
    }
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  test("a --hostname app.<domain> moves the load-balanced default to lb.<domain>; giving both the same name suggests another", async () => {
    const cwd = tempDir("golive-init-release-");
    const refused = await golive(initArgs({ hostname: "app.acme-x.dev", "release-hostname": "app.acme-x.dev" }), { cwd });
    expect(refused.code).toBe(2);
    expect(firstLine(refused.stderr)).toBe(
      'golive init: --release-hostname: "app.acme-x.dev" is also a --hostname; the load-balanced hostname must be another name, such as lb.acme-x.dev',
    );
    const run = await golive(initArgs({ hostname: "app.acme-x.dev" }), { cwd });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const cfg = parse(readFileSync(join(cwd, "config", "zz.yaml"), "utf8"));
    expect(cfg.release.hostname).toBe("lb.acme-x.dev");
    expect(cfg.edge.hostnames).toEqual([{ name: "app.acme-x.dev", origin: "192.0.2.10" }]);
  });

  test("fails on an --origin inside the zone, which init writes no record for, naming --origin; one outside the zone is written", async () => {
    const cwd = tempDir("golive-init-origin-zone-");
    const refused = await golive(initArgs({ origin: "origin-a.acme-x.dev" }), { cwd });
    expect(refused.code).toBe(2);
    expect(firstLine(refused.stderr)).toBe(
      'golive init: --origin: origin "origin-a.acme-x.dev" is inside the zone acme-x.dev, which this environment\'s edge stack owns, but no record in edge.dns or edge.hostnames has that name, so it never resolves and Cloudflare cannot reach it; allowed: an A, AAAA or CNAME record for origin-a.acme-x.dev in edge.dns, an IP address, or a hostname outside the zone',
    );
    expect(existsSync(join(cwd, "config"))).toBe(false);
    expect(await golive(initArgs({ origin: "origin-a.acme-x.net" }), { cwd })).toMatchObject({ code: 0 });
  });

  test("on a terminal, an answer the config would refuse is asked again at its own prompt with the reason", async () => {
    const cwd = tempDir("golive-init-prompt-");
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const longApp = "a".repeat(32);
    // domain, app (32 characters, then Enter for the default), plan, cloudflare id (12 digits, then 32 hex),
    // aws id, region, hostnames (default chat.acme-x.dev), origins (private, then documentation), origin
    // lockdown (tunnel refused for that origin, then the default), release hostname (chat.acme-x.dev is
    // taken, then the default), alert emails, github (skip), writer (skip).
    const typed = [
      "acme-x.dev",
      longApp,
      "",
      "pro",
      "123456789012",
      "0123456789abcdef0123456789abcdef",
      "111111111111",
      "",
      "",
      "::ffff:10.0.0.1",
      "192.0.2.7",
      "tunnel",
      "",
      "chat.acme-x.dev",
      "",
      "oncall@acme-x.dev",
      "",
      "",
    ];
    stdin.end(`${typed.join("\n")}\n`);
    const run = await golive(["init", "zz"], { cwd, stdin });
    expect(run.stderr).toContain(
      `  must be 2-31 lower-case letters, digits or dashes, starting with a letter; got "${longApp}"\nApp name (2-31 lower-case letters, digits or dashes, starting with a letter; used in resource names) [acme-x]: `,
    );
    expect(run.stderr).toContain(
      '  must be a 32-character lower-case hex id; got "123456789012"\nCloudflare account id (32 hex characters): ',
    );
    expect(run.stderr).toContain(
      "  ::ffff:10.0.0.1 is an IPv4-mapped IPv6 address; allowed: the IPv4 address itself (10.0.0.1) or a native IPv6 address\nOrigin server",
    );
    expect(run.stderr).toContain(
      '  origin lockdown "tunnel" needs every origin to be a Cloudflare Tunnel name (<tunnel id>.cfargotunnel.com), and 1 of 1 is not; give tunnel names, or choose authenticated-origin-pulls or access-jwt\nOrigin lockdown (authenticated-origin-pulls|tunnel|access-jwt) [access-jwt]: ',
    );
    expect(run.stderr).toContain(
      '  "chat.acme-x.dev" is also a --hostname; the load-balanced hostname must be another name, such as app.acme-x.dev\nLoad-balanced blue/green hostname [app.acme-x.dev]: ',
    );
    expect(run.stderr).not.toContain("Nothing was written");
    expect(run.code).toBe(0);
    const cfg = parse(readFileSync(join(cwd, "config", "zz.yaml"), "utf8"));
    expect(cfg.app).toBe("acme-x");
    expect(cfg.cloudflare.accountId).toBe("0123456789abcdef0123456789abcdef");
    expect(cfg.edge.hostnames).toEqual([{ name: "chat.acme-x.dev", origin: "192.0.2.7" }]);
    expect(cfg.release.hostname).toBe("app.acme-x.dev");
    expect(cfg.edge.originLockdown).toBe("access-jwt");
  });
});
