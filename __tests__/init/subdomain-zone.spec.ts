import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "yaml";
import { golive, tempDir } from "../helpers/cli";
import { initArgs } from "./init-args";

const ZONE = "ops.acme.co.uk";
/** The flags of initArgs moved into the subdomain zone ops.acme.co.uk. */
const inZone = (plan: string) => ({ domain: ZONE, plan, hostname: `chat.${ZONE}`, "alert-email": "oncall@acme.co.uk" });
const SUBDOMAIN = `"${ZONE}" is a subdomain of acme.co.uk: a subdomain zone needs Cloudflare's Subdomain Support entitlement, available on the Enterprise plan only (cloudflare.plan is pro); allowed: a registrable domain (a public suffix such as co.uk plus one label), here acme.co.uk, or cloudflare.plan: enterprise with the entitlement`;

describe("golive init: the zone is a registrable domain, or a subdomain zone on Enterprise", () => {
  test("fails on a subdomain --domain with --plan pro, naming --domain; nothing is written", async () => {
    const cwd = tempDir("golive-init-subzone-");
    const run = await golive(initArgs(inZone("pro")), { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(`golive init: --domain: ${SUBDOMAIN}`);
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  test("fails on a public suffix as --domain on any plan", async () => {
    const cwd = tempDir("golive-init-suffix-");
    const run = await golive(initArgs({ domain: "co.uk", plan: "enterprise", hostname: "chat.co.uk" }), { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(
      'golive init: --domain: "co.uk" is a public suffix (Public Suffix List), under which others register domains, not a zone of its own; allowed: a registrable domain such as example.co.uk',
    );
  });

  test("on Enterprise it is written, and Access lets in addresses at the registrable domain, not the zone", async () => {
    const cwd = tempDir("golive-init-subzone-ent-");
    const run = await golive(initArgs(inZone("enterprise")), { cwd });
    expect(run.code).toBe(0);
    const cfg = parse(readFileSync(join(cwd, "config", "zz.yaml"), "utf8"));
    expect(cfg.cloudflare).toMatchObject({ zone: { name: ZONE }, plan: "enterprise" });
    expect(cfg.edge.access.roles.users.emailDomains).toEqual(["acme.co.uk"]);
  });

  test("on a terminal, the plan below Enterprise is asked again with the reason once the domain is a subdomain zone", async () => {
    const cwd = tempDir("golive-init-subzone-tty-");
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    // domain, app (default), plan (pro refused, then enterprise), cloudflare id, aws id, region, hostnames,
    // origin, origin lockdown, release hostname, alert emails, github (skip).
    const typed = [ZONE, "acme", "pro", "enterprise", "0123456789abcdef0123456789abcdef", "111111111111", "", ""];
    stdin.end(`${[...typed, "192.0.2.7", "", "", "a@acme.co.uk", ""].join("\n")}\n`);
    const run = await golive(["init", "zz"], { cwd, stdin });
    expect(run.stderr).toContain(`  ${SUBDOMAIN}\nCloudflare plan of the zone (free|pro|business|enterprise): `);
    expect(run.code).toBe(0);
    expect(parse(readFileSync(join(cwd, "config", "zz.yaml"), "utf8")).cloudflare.plan).toBe("enterprise");
  });
});
