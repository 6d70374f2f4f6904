import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";

const TOKENS = ["--set", "dkim_tokens=aaaa1,bbbb2,cccc3"];

/** A project holding the example configs (production's zone is example.com). */
function project(): string {
  const dir = tempDir("golive-zone-flag-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  return dir;
}

/**
 * `golive zone --zone NAME` reads a name as DNS does: the absolute form's trailing dot (RFC 1035 5.1) and
 * upper case (RFC 4343) name the same zone. A zone holding none of the environment's records would print
 * an empty zone file (SOA and NS only) with exit 0: a usage error naming the zone the stacks declare.
 */
describe("golive zone --zone", () => {
  const dir = project();
  let plain = "";
  beforeAll(async () => {
    await copyExampleSynth(dir);
    const run = await golive(["zone", "production", ...TOKENS], { cwd: dir });
    expect(run.code).toBe(0);
    plain = run.stdout;
  });

  test.each([["example.com."], ["EXAMPLE.COM"], ["Example.Com."]])("%s prints the zone example.com does", async (zone) => {
    const run = await golive(["zone", "production", "--zone", zone, ...TOKENS], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe(plain);
    expect(run.stdout).toContain("aaaa1._domainkey.example.com. 300 IN CNAME aaaa1.dkim.amazonses.com.");
  });

  test("a zone below the environment's, holding some of its records, is still exported", async () => {
    const run = await golive(["zone", "production", "--zone", "bounce.example.com", ...TOKENS], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("bounce.example.com. 300 IN MX 10 feedback-smtp.eu-west-1.amazonses.com.");
  });

  test.each([["example.com.."], ["example.com\u212a"]])("fails with exit 2 on %j, which is no DNS name", async (zone) => {
    const run = await golive(["zone", "production", "--zone", zone], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr.split("\n")[0]).toContain(`golive zone: --zone: got ${JSON.stringify(zone)}, allowed: a DNS name`);
  });

  test("fails with exit 2 naming --zone and the environment's zone for a zone holding none of its records", async () => {
    const run = await golive(["zone", "production", "--zone", "Evil.Dev.", ...TOKENS], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toBe(
      "golive zone: --zone: got \"evil.dev\", which holds none of production's records; allowed: example.com (declared by production's stacks), or a zone below it holding some of them\nsee: golive zone --help\n",
    );
  });

  test("fails on such a zone before synthesizing: nothing is written", async () => {
    const fresh = project();
    const run = await golive(["zone", "production", "--zone", "evil.dev"], { cwd: fresh });
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toContain('--zone: got "evil.dev", which holds none of production\'s records; allowed: example.com');
    expect(existsSync(join(fresh, "cdktf.out"))).toBe(false);
  });
});
