import { cpSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";

const LABEL = "allowed: a DNS label of 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen";
const DISTINCT = "allowed: distinct values, each naming a record of its own";

/** A project holding the example configs, not yet synthesized. */
function project(): string {
  const dir = tempDir("golive-dkim-tokens-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  return dir;
}

/**
 * SES Easy DKIM gives an identity three distinct tokens, each the first label of a CNAME's name and of
 * its target (`<token>.dkim.amazonses.com`, a host name). Three alike would print three identical
 * CNAMEs; a label with a hyphen at an end, an underscore or more than 63 characters is no host name's
 * label (RFC 1123 2.1, RFC 1035 2.3.4). Both are refused, naming the flag, before anything is synthesized.
 */
describe("the DKIM tokens golive zone and golive verify take", () => {
  test("fails with exit 2 on three alike, before synthesizing", async () => {
    const dir = project();
    const run = await golive(["zone", "production", "--set", "dkim_tokens=a,a,a"], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive zone: --set: value of dkim_tokens: got "a" twice; ${DISTINCT}\nsee: golive zone --help\n`,
    });
    expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
  });

  test.each([
    ["-a,b,c", '"-a"'],
    ["a,b_,c", '"b_"'],
    ["a,b,c-", '"c-"'],
    [`${"x".repeat(64)},b,c`, `"${"x".repeat(64)}" (64 characters)`],
  ])("fails with exit 2 on dkim_tokens=%s, which is no host name's label", async (tokens, got) => {
    const run = await golive(["zone", "production", "--set", `dkim_tokens=${tokens}`], { cwd: project() });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive zone: --set: value of dkim_tokens: got ${got}; ${LABEL}\nsee: golive zone --help\n`,
    });
  });

  test("fails with exit 2 on two tokens differing only in case (one DNS name), from --values too", async () => {
    const dir = project();
    writeFileSync(join(dir, "outputs.json"), JSON.stringify({ dkim_tokens: { value: ["tok1", "tok2", "TOK1"] } }));
    const run = await golive(["zone", "production", "--values", "outputs.json"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `golive zone: --values: value of dkim_tokens: got "tok1" and "TOK1", one DNS name (DNS ignores case); ${DISTINCT}\nsee: golive zone --help\n`,
    );
    const verify = await golive(["verify", "production", "--dry-run", "--values", "outputs.json"], { cwd: dir });
    expect(verify).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`golive verify: --values: value of dkim_tokens: got "tok1" and "TOK1"`),
    });
  });

  test("three distinct labels, one of 63 characters and hyphens inside, complete the zone", async () => {
    const dir = project();
    await copyExampleSynth(dir);
    const long = `a-${"b".repeat(60)}c`;
    const run = await golive(["zone", "production", "--set", `dkim_tokens=${long},tok-2,Tok3`], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${long}._domainkey.example.com. 300 IN CNAME ${long}.dkim.amazonses.com.`);
    expect(run.stdout).toContain("tok-2._domainkey.example.com. 300 IN CNAME tok-2.dkim.amazonses.com.");
    expect(run.stdout).not.toContain("UNKNOWN UNTIL APPLY");
  });
});
