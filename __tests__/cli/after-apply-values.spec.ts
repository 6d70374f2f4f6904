import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/** What `golive outputs email-production` prints after apply: the email stack's `terraform output -json`. */
const OUTPUTS = JSON.stringify({ dkim_tokens: { sensitive: false, type: ["list", "string"], value: ["aaaa1", "bbbb2", "cccc3"] } });

function piped(text: string): PassThrough {
  const stdin = new PassThrough();
  stdin.end(text);
  return stdin;
}

/**
 * README, `golive outputs --help` and the runbooks feed the email stack's outputs to zone and verify.
 * `<(golive outputs ...)` gives a pipe, which the bounded file reader refuses (reading one may never
 * end), so the documented way is `golive outputs email-<env> | golive zone <env> --values -`.
 */
describe("--values of golive zone and golive verify", () => {
  // The staging example alone (it has an email section and names no other environment): half a synth.
  const dir = tempDir("golive-values-");
  mkdirSync(join(dir, "config"));
  cpSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(dir, "config", "staging.yaml"));
  execFileSync("mkfifo", [join(dir, "outputs.pipe")]);
  beforeAll(async () => {
    expect((await golive(["synth"], { cwd: dir })).code).toBe(0);
  });

  test("zone reads the email stack's outputs from standard input with --values -", async () => {
    const run = await golive(["zone", "staging", "--values", "-"], { cwd: dir, stdin: piped(OUTPUTS) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("cccc3._domainkey.example.net. 300 IN CNAME cccc3.dkim.amazonses.com.");
    expect(run.stdout).not.toContain("UNKNOWN UNTIL APPLY");
  });

  test("standard input with a byte order mark (PowerShell pipes one) reads as the same JSON in a file does", async () => {
    const run = await golive(["zone", "staging", "--values", "-"], { cwd: dir, stdin: piped(`\ufeff${OUTPUTS}`) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("cccc3._domainkey.example.net. 300 IN CNAME cccc3.dkim.amazonses.com.");
  });

  test("verify takes them from standard input too: its dry run probes the DKIM CNAMEs", async () => {
    const run = await golive(["verify", "staging", "--dry-run", "--values", "-"], { cwd: dir, stdin: piped(OUTPUTS) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("aaaa1._domainkey.example.net");
  });

  test.each([["zone"], ["verify"]])(
    "fails on a pipe given as a file (<(...)) with exit 2, pointing to --values - (%s)",
    async (command) => {
      const run = await golive([command, "staging", ...(command === "verify" ? ["--dry-run"] : []), "--values", "outputs.pipe"], {
        cwd: dir,
      });
      expect(run.code).toBe(2);
      expect(run.stderr.split("\n")[0]).toBe(
        `golive ${command}: --values: outputs.pipe is a FIFO (named pipe), not a regular file, as <(...) gives; pipe the JSON to --values - instead, such as: golive outputs email-<env> | golive ${command} <env> --values -`,
      );
    },
  );
});
