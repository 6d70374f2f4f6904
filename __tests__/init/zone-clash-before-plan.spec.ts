import { readdirSync } from "node:fs";
import { join } from "node:path";
import { escapeRegExp } from "../../lib/core/regexp";
import { golive, tempDir } from "../helpers/cli";
import { initArgs } from "./init-args";

const INSIDE =
  "golive init: --domain: \"uat.acme-x.dev\" is inside config/zz.yaml's zone acme-x.dev; a zone inside another needs Cloudflare's Subdomain Support entitlement";

/** One project for the file, whose config/zz.yaml owns acme-x.dev (pro plan): every `init uat` here is refused, writing nothing. */
const cwd = tempDir("golive-init-clash-plan-");
beforeAll(async () => {
  expect((await golive(initArgs(), { cwd })).code).toBe(0);
});

/** `init uat` with `edits` over initArgs (in-process: init.spec.ts spawns bin/golive.js). */
async function initUat(edits: Record<string, string | undefined>, reorder = false) {
  const args = initArgs({ hostname: "chat.uat.acme-x.dev", ...edits, ...(reorder ? { plan: undefined } : {}) });
  args[1] = "uat";
  // --plan before --domain: the flags are checked in the order given.
  if (reorder) args.splice(3, 0, "--plan", edits.plan ?? "pro");
  const run = await golive(args, { cwd });
  return { run, files: readdirSync(join(cwd, "config")) };
}

describe("golive init: a domain in another config's zone is refused as that, before the subdomain-zone plan rule", () => {
  test("fails a subdomain of another config's zone on pro as nested, not by suggesting that zone", async () => {
    const { run, files } = await initUat({ domain: "uat.acme-x.dev", plan: "pro" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${escapeRegExp(INSIDE)}`));
    expect(run.stderr).not.toContain("here acme-x.dev");
    expect(run.stderr).not.toContain("--plan");
    expect(files).toEqual(["zz.yaml"]);
  });

  test("fails as --domain when --plan comes first", async () => {
    const { run } = await initUat({ domain: "uat.acme-x.dev", plan: "pro" }, true);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(INSIDE)).toBe(true);
  });

  test("fails another config's own zone as taken", async () => {
    const { run } = await initUat({ domain: "acme-x.dev", hostname: "chat2.acme-x.dev" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('golive init: --domain: "acme-x.dev" is already the zone of config/zz.yaml');
  });

  test("a subdomain zone apart from every other config still fails on pro with the registrable domain as the way out", async () => {
    const { run } = await initUat({ domain: "uat.acme-y.dev", hostname: "chat.uat.acme-y.dev", plan: "pro" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("here acme-y.dev, or cloudflare.plan: enterprise");
  });
});
