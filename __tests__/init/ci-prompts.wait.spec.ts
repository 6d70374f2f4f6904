import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "yaml";
import { golive, spawnCollect, tempDir } from "../helpers/cli";

const BIN = join(__dirname, "..", "..", "bin", "golive.js");
const WRITERS = "arn:aws:iam::123456789012:role/writers";

/** `init wtest --domain w-shop.net --plan pro` (the auditor's command), and `extra` flags. */
const INIT = ["init", "wtest", "--domain", "w-shop.net", "--plan", "pro"];

/**
 * The answers after the flags, up to the CI questions: app (default), Cloudflare id, AWS id, region
 * (default), hostnames (default), origin, origin lockdown (default), release hostname (default), alert emails.
 */
const BEFORE_CI = ["", "0123456789abcdef0123456789abcdef", "111111111111", "", "", "192.0.2.7", "", "", "a@w-shop.net"];

/** Runs init in-process on a stand-in terminal that types `lines`. */
async function onTerminal(cwd: string, lines: readonly string[], extra: readonly string[] = []) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  stdin.end(`${lines.join("\n")}\n`);
  return golive([...INIT, ...extra], { cwd, stdin });
}

const written = (cwd: string) => parse(readFileSync(join(cwd, "config", "wtest.yaml"), "utf8"));

describe("golive init on a terminal: the two CI answers", () => {
  test("Enter at the repository skips the writers question: no CI roles, the file is written", async () => {
    const cwd = tempDir("golive-init-ci-");
    const run = await onTerminal(cwd, [...BEFORE_CI, ""]);
    expect(run.stderr).toContain("GitHub repository that deploys, <org>/<repo> (Enter: no CI roles yet): ");
    expect(run.stderr).not.toContain("write secrets");
    expect(run.code).toBe(0);
    expect(written(cwd).secrets).toBeUndefined();
  });

  test("after a repository, Enter at the writers question asks it again with the reason, without an Enter hint", async () => {
    const cwd = tempDir("golive-init-ci-");
    const run = await onTerminal(cwd, [...BEFORE_CI, "acme/wshop", "", WRITERS, ""]);
    expect(run.stderr).toContain(
      "IAM role ARN of the people who write secrets:   required with a repository: the secrets section names the people who write secret values (Ctrl-C stops; nothing is written)\nIAM role ARN of the people who write secrets: ",
    );
    expect(run.stderr).not.toContain("write secrets (Enter");
    expect(run.code).toBe(0);
    expect(written(cwd).secrets).toMatchObject({ writers: [WRITERS], github: { repository: "acme/wshop" } });
  });

  test("with --secrets-writer-role given, Enter at the repository asks it again naming the flag", async () => {
    const cwd = tempDir("golive-init-ci-");
    const run = await onTerminal(cwd, [...BEFORE_CI, "", "acme/wshop", ""], ["--secrets-writer-role", WRITERS]);
    expect(run.stderr).toContain(
      "GitHub repository that deploys, <org>/<repo>:   required: --secrets-writer-role was given, and the secrets section it goes in needs a repository",
    );
    expect(run.code).toBe(0);
    expect(written(cwd).secrets).toMatchObject({ writers: [WRITERS], github: { repository: "acme/wshop" } });
  });

  test("flags alone keep the pair rule: a repository without the writers' role is a usage error naming the flag", async () => {
    const cwd = tempDir("golive-init-ci-");
    const flags = ["--yes", "--cloudflare-account-id", "0123456789abcdef0123456789abcdef", "--aws-account-id", "111111111111"];
    const run = await golive(
      [...INIT, ...flags, "--origin", "192.0.2.7", "--alert-email", "a@w-shop.net", "--github-repository", "acme/wshop"],
      {
        cwd,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(
      "golive init: --secrets-writer-role: --github-repository and --secrets-writer-role go together (the secrets section needs both); give both or neither",
    );
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  // The real binary on a real terminal (util-linux `script` gives it a pty), as the auditor typed it: once,
  // with an answer typed ahead of its question; "a repository, then Enter at the writers question" runs
  // in-process above (each pty run loads the binary again).
  test("the real binary in a pty: Enter at the repository, then a writers' role typed ahead, writes the config", async () => {
    const cwd = tempDir("golive-init-pty-");
    const command = [process.execPath, BIN, ...INIT].join(" ");
    const run = await spawnCollect("script", ["-qec", command, "/dev/null"], {
      cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, TERM: "dumb" },
      input: `${[...BEFORE_CI, "", WRITERS].join("\n")}\n`,
    });
    expect(run.stdout).toContain("Wrote config/wtest.yaml (pro plan)");
    expect(run.code).toBe(0);
    expect(written(cwd).secrets).toBeUndefined();
  });
});
