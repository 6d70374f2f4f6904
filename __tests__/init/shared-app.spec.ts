import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "yaml";
import { golive, tempDir } from "../helpers/cli";
import { initArgs } from "./init-args";

/**
 * --app defaults to the app the other environments share (the examples keep one app across
 * environments), not to the new zone's first label: the auditor's qa on acme-ops-qa.io got acme-ops-qa,
 * so resources acme-ops-qa-qa-* and owner acme-ops-qa-team beside prod's acme-ops.
 */
const init = (env: string, domain: string, edits: Record<string, string | undefined> = {}) =>
  initArgs({ app: undefined, domain, hostname: `chat.${domain}`, "alert-email": `oncall@${domain}`, ...edits }).map((a) =>
    a === "zz" ? env : a,
  );
const ci = { "github-repository": "acme/ops", "secrets-writer-role": "arn:aws:iam::111111111111:role/writers" };
const written = (cwd: string, env: string) => parse(readFileSync(join(cwd, "config", `${env}.yaml`), "utf8"));

describe("golive init: --app defaults to the app the other configs share", () => {
  test("qa after prod keeps prod's app (and its owner), not its own zone's first label", async () => {
    const cwd = tempDir("golive-init-app-");
    expect((await golive(init("prod", "acme-ops.io", ci), { cwd })).code).toBe(0);
    expect((await golive(init("qa", "acme-ops-qa.io", ci), { cwd })).code).toBe(0);
    expect(written(cwd, "prod")).toMatchObject({ app: "acme-ops", secrets: { owner: "acme-ops-team" } });
    expect(written(cwd, "qa")).toMatchObject({ app: "acme-ops", secrets: { owner: "acme-ops-team" } });
  });

  test("on a terminal, the shared app is the default in brackets", async () => {
    const cwd = tempDir("golive-init-app-tty-");
    expect((await golive(init("prod", "acme-ops.io"), { cwd })).code).toBe(0);
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    stdin.end("\n".repeat(20));
    const args = init("qa", "acme-ops-qa.io").filter((a) => a !== "--yes");
    const run = await golive(args, { cwd, stdin });
    expect(run.stderr).toContain("App name");
    expect(run.stderr).toMatch(/App name \([^)]*\) \[acme-ops\]: /);
    expect(written(cwd, "qa").app).toBe("acme-ops");
  });

  test("configs that name different apps give no shared default: the domain's first label", async () => {
    const cwd = tempDir("golive-init-app-mixed-");
    expect((await golive(init("prod", "acme-ops.io"), { cwd })).code).toBe(0);
    expect((await golive(init("dev", "acme-dev.io", { app: "other" }), { cwd })).code).toBe(0);
    expect((await golive(init("qa", "acme-ops-qa.io"), { cwd })).code).toBe(0);
    expect(written(cwd, "qa").app).toBe("acme-ops-qa");
    // A given --app always wins.
    expect((await golive(init("uat", "acme-uat.io", { app: "mine" }), { cwd })).code).toBe(0);
    expect(written(cwd, "uat").app).toBe("mine");
  });

  test("init --help says where the --app default comes from", async () => {
    const help = await golive(["init", "--help"], { cwd: tempDir() });
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      "(default: the app of the other configs in --config-dir when they all name one, else the domain's first label)",
    );
  });
});
