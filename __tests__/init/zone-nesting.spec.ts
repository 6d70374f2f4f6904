import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "yaml";
import { golive, spawnCollect, tempDir } from "../helpers/cli";
import { initArgs } from "./init-args";

const BIN = join(__dirname, "..", "..", "bin", "golive.js");
const INSIDE =
  "\"eu.acme-x.dev\" is inside config/zz.yaml's zone acme-x.dev; a zone inside another needs Cloudflare's Subdomain Support entitlement";
const DOMAIN_PROMPT = "Domain (the Cloudflare zone), such as example.org: ";
/** `text` as a regular expression source that matches it literally. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A project whose config/zz.yaml owns the zone acme-x.dev. */
async function withZz(prefix: string): Promise<string> {
  const cwd = tempDir(prefix);
  expect((await golive(initArgs(), { cwd })).code).toBe(0);
  return cwd;
}

describe("golive init: a zone inside another environment's zone is refused where the domain is given", () => {
  // The real binary on a real terminal (util-linux `script` gives it a pty), as the auditor typed it.
  test("typed at the prompt, it is asked again with the reason, and the answers after it are kept", async () => {
    const cwd = await withZz("golive-init-nested-pty-");
    // domain (inside zz's zone, then its own), app (default), plan, cloudflare id, aws id, region (default),
    // hostnames (default), origin, origin lockdown (default), release hostname (default), alert emails, github (skip).
    const typed = ["eu.acme-x.dev", "acme-eu.dev", "", "pro", "0123456789abcdef0123456789abcdef", "111111111111"];
    const lines = [...typed, "", "", "192.0.2.7", "", "", "a@acme-eu.dev", ""];
    const run = await spawnCollect("script", ["-qec", [process.execPath, BIN, "init", "eu"].join(" "), "/dev/null"], {
      cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, TERM: "dumb" },
      input: `${lines.join("\n")}\n`,
    });
    const out = run.stdout.replace(/\r\n/g, "\n");
    expect(out).toMatch(new RegExp(`${literal(INSIDE)}[^\n]*\n${literal(DOMAIN_PROMPT)}`));
    expect(out).not.toContain("--domain");
    expect(out).toContain("Wrote config/eu.yaml (pro plan)");
    expect(run.code).toBe(0);
    expect(parse(readFileSync(join(cwd, "config", "eu.yaml"), "utf8")).cloudflare.zone.name).toBe("acme-eu.dev");
  });

  test("fails as --domain before any question, naming the flag; nothing is written", async () => {
    const cwd = await withZz("golive-init-nested-flag-");
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    stdin.end("\n");
    const run = await golive(["init", "eu", "--domain", "eu.acme-x.dev"], { cwd, stdin });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^golive init: --domain: ${literal(INSIDE)}`));
    expect(run.stderr).not.toContain("App name");
    expect(existsSync(join(cwd, "config", "eu.yaml"))).toBe(false);
  });

  test("fails naming the prompt, not a flag never given, when typed answers clash later", async () => {
    const cwd = tempDir("golive-init-typed-clash-");
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    // Two hostnames typed, three origins typed: answerProblems refuses the origins.
    const typed = ["acme-eu.dev", "", "pro", "0123456789abcdef0123456789abcdef", "111111111111", ""];
    const lines = [...typed, "a.acme-eu.dev,b.acme-eu.dev", "192.0.2.7,192.0.2.8,192.0.2.9", "", "", "a@acme-eu.dev", ""];
    stdin.end(`${lines.join("\n")}\n`);
    const run = await golive(["init", "eu"], { cwd, stdin });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'golive init: your answer to "Origin server (IP or hostname): one for all hostnames, or one per hostname, comma-separated": got 3 origins for 2 hostnames',
    );
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });
});
