import { X509Certificate } from "node:crypto";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "yaml";
import { validateConfigData, parseConfigText } from "../../lib/engines/config/load";
import { answerProblems } from "../../lib/engines/init/answers";
import { accessJwtGap } from "../../lib/engines/init/origin-lockdown";
import { renderInitConfig } from "../../lib/engines/init/render";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { withAttestations } from "./attestations";
import { initArgs } from "./init-args";

const TUNNEL = "6ff42ae2-765d-4adf-8112-31c55c1551ef.cfargotunnel.com";
/** With CI roles, so the attestations are all a person must add before check is READY. */
const CI = { "github-repository": "acme/app", "secrets-writer-role": "arn:aws:iam::111111111111:role/acme-secret-writers" };
const ACCESS_JWT_LINE =
  'Origin lockdown: access-jwt (every hostname is behind Access): the app must validate the Cf-Access-Jwt-Assertion header of every request but those of the health checks (monitoring.healthPath, release.monitor.path: they carry no token, and their answer must hold nothing sensitive) and refuse one without a valid token (runbooks/deploy.md, "Origin lockdown"); the comment above edge.originLockdown says how to move to authenticated-origin-pulls.';

/** A project folder with the runbooks `golive check` cites. */
function project(): string {
  const dir = tempDir("golive-init-lockdown-");
  cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
  return dir;
}

/** The client certificate of a throwaway CA and its key, written where init is told to read them. */
function originPullFiles(dir: string): { certificate: string; key: string; ca: string; pem: string; keyPem: string } {
  const ca = createTestCa("acme origin-pull CA");
  const leaf = issueLeaf(ca, { hosts: ["acme-x.dev"], clientAuth: true });
  writeFileSync(join(dir, "origin-pull.crt"), leaf.certPem);
  writeFileSync(join(dir, "origin-pull.key"), leaf.keyPem);
  writeFileSync(join(dir, "origin-pull-ca.crt"), ca.certPem);
  return { certificate: "origin-pull.crt", key: "origin-pull.key", ca: "origin-pull-ca.crt", pem: leaf.certPem, keyPem: leaf.keyPem };
}

/**
 * Init with `edits`, every attestation filled in, then synth
 * and check of zz in-process (synth is spawned in next-steps.spec.ts, check in __tests__/cli; a spawn loads cdktf and the providers
 * again).
 */
async function initThenCheck(cwd: string, edits: Record<string, string>) {
  const init = await golive(initArgs({ ...CI, ...edits }), { cwd });
  expect(init).toMatchObject({ code: 0, stderr: "" });
  const file = join(cwd, "config", "zz.yaml");
  const text = readFileSync(file, "utf8");
  writeFileSync(file, withAttestations(text));
  expect((await golive(["synth", "zz"], { cwd })).code).toBe(0);
  const check = await golive(["check", "zz", "--compact"], { cwd });
  return { init, text, check };
}

describe("golive init: how origins are locked (edge.originLockdown, GL-AUTH-002)", () => {
  test("--yes with no choice writes access-jwt (every hostname behind Access), says what the app must check, and check is READY", async () => {
    const { init, text, check } = await initThenCheck(project(), {});
    expect(init.stdout.split("\n")).toContain(ACCESS_JWT_LINE);
    expect(parse(text).edge.originLockdown).toBe("access-jwt");
    // The file says what access-jwt leaves to the app, and how to move to the strongest lockdown later.
    const comments = text
      .split("\n")
      .filter((l) => l.startsWith("  # "))
      .map((l) => l.slice(4))
      .join(" ");
    expect(comments).toContain("the app must check the Cf-Access-Jwt-Assertion header");
    expect(comments).toContain("refuse a request without a valid one, on every path but /healthz");
    expect(comments).toContain(
      'To move to authenticated-origin-pulls (the strongest for origins with a public address), as runbooks/deploy.md, "Origin lockdown" says:',
    );
    expect(check.stdout).not.toContain("GL-AUTH-002");
    expect(check.stdout).toMatch(/^READY: 0 blocker\(s\)/m);
    expect(check.code).toBe(0);
  });

  test("--origin-pull-certificate FILE is read, written inline under authenticated-origin-pulls, and check is READY", async () => {
    const cwd = project();
    const files = originPullFiles(cwd);
    const { init, text, check } = await initThenCheck(cwd, { "origin-pull-certificate": files.certificate });
    expect(init.stdout).not.toContain("Cf-Access-Jwt-Assertion");
    const edge = parse(text).edge;
    expect(edge.originLockdown).toBe("authenticated-origin-pulls");
    // The certificate as the config field keeps it (one canonical PEM); its key is nowhere in the file.
    expect(edge.originPullCertificate).toBe(new X509Certificate(files.pem).toString());
    expect(text).not.toContain("PRIVATE KEY");
    expect(check.stdout).not.toContain("GL-AUTH-002");
    expect(check.stdout).toMatch(/^READY: 0 blocker\(s\)/m);
    expect(check.code).toBe(0);
  });

  test.each([
    ["its private key", "key", "holds a private key; allowed: the public certificate only (the key never goes in config)"],
    [
      "the certificate and its key in one file",
      "both",
      "holds a private key; allowed: the public certificate only (the key never goes in config)",
    ],
    ["the CA's certificate", "ca", "is a CA certificate; allowed: a leaf certificate (basicConstraints CA:FALSE) that your CA signed"],
  ])("fails on %s given as --origin-pull-certificate, quoting none of it, and writes nothing", async (_name, kind, why) => {
    const cwd = project();
    const files = originPullFiles(cwd);
    const given = kind === "key" ? files.key : kind === "ca" ? files.ca : "bundle.pem";
    if (kind === "both") writeFileSync(join(cwd, given), `${files.pem}${files.keyPem}`);
    const run = await golive(initArgs({ "origin-pull-certificate": given }), { cwd });
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toBe(`golive init: --origin-pull-certificate: "${given}": ${why}\nsee: golive init --help\n`);
    const keyLines = files.keyPem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"));
    expect(keyLines.length).toBeGreaterThan(5);
    for (const line of keyLines) expect(run.stderr).not.toContain(line);
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  test.each([
    [
      "authenticated-origin-pulls without a certificate",
      { "origin-lockdown": "authenticated-origin-pulls" },
      '--origin-pull-certificate: required with authenticated-origin-pulls: a client certificate of your own CA (how to make one: runbooks/deploy.md, "Origin lockdown"); without it Cloudflare presents its global certificate, which every Cloudflare account shares, and GL-AUTH-002 blocks; or choose --origin-lockdown access-jwt now and move later',
    ],
    [
      "tunnel with an origin that is no tunnel",
      { "origin-lockdown": "tunnel" },
      '--origin: origin lockdown "tunnel" needs every origin to be a Cloudflare Tunnel name (<tunnel id>.cfargotunnel.com), and 1 of 1 is not; give tunnel names, or choose authenticated-origin-pulls or access-jwt',
    ],
    [
      "a certificate with another lockdown",
      { "origin-lockdown": "access-jwt", "origin-pull-certificate": "origin-pull.crt" },
      '--origin-lockdown: --origin-pull-certificate is used only with authenticated-origin-pulls (got "access-jwt"); choose it, or leave the certificate out',
    ],
    [
      "an unknown lockdown",
      { "origin-lockdown": "firewall" },
      '--origin-lockdown: got "firewall", allowed: authenticated-origin-pulls, tunnel, access-jwt',
    ],
    [
      "a certificate file that is not there",
      { "origin-pull-certificate": "nope.pem" },
      '--origin-pull-certificate: "nope.pem": cannot read the file (does it exist?)',
    ],
  ])("fails on %s: one line naming the flag, exit 2, nothing written", async (_name, edits, line) => {
    const cwd = project();
    originPullFiles(cwd);
    const run = await golive(initArgs(edits), { cwd });
    expect(run).toMatchObject({ code: 2, stdout: "", stderr: `golive init: ${line}\nsee: golive init --help\n` });
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  test("every origin a Cloudflare Tunnel: --yes takes tunnel, with no note for the app, and GL-AUTH-002 passes", async () => {
    const cwd = project();
    const run = await golive(initArgs({ origin: TUNNEL }), { cwd });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).not.toContain("Cf-Access-Jwt-Assertion");
    const text = readFileSync(join(cwd, "config", "zz.yaml"), "utf8");
    expect(parse(text).edge.originLockdown).toBe("tunnel");
    expect(text).toContain("  # To move to authenticated-origin-pulls");
    expect((await golive(["synth"], { cwd })).code).toBe(0);
    const report = JSON.parse((await golive(["check", "--format", "json"], { cwd })).stdout) as {
      results: { ruleId: string; status: string }[];
    };
    expect(report.results.filter((r) => r.ruleId === "GL-AUTH-002").map((r) => r.status)).toEqual(["pass"]);
  });

  test("on a terminal, each choice is offered with its reason; authenticated-origin-pulls then asks for the certificate file until it is one", async () => {
    const cwd = project();
    const files = originPullFiles(cwd);
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    // region (default), lockdown (tunnel refused: the origin is an address; then chosen), certificate
    // (Enter, then the key, then the certificate), release hostname (default), github (skip).
    stdin.end(`${["", "tunnel", "authenticated-origin-pulls", "", files.key, files.certificate, "", ""].join("\n")}\n`);
    const run = await golive(
      initArgs().filter((a) => a !== "--yes"),
      { cwd, stdin },
    );
    expect(run.stderr).toContain(
      'How origins refuse requests that did not come through Cloudflare (golive check blocks on GL-AUTH-002 otherwise; runbooks/deploy.md, "Origin lockdown"):\n  authenticated-origin-pulls: strongest for origins with a public address: ',
    );
    expect(run.stderr).toContain("\n  tunnel: the origins have no public address at all: ");
    expect(run.stderr).toContain("\n  access-jwt: works today with no certificate, as every hostname init writes is behind Access: ");
    expect(run.stderr).toContain('  origin lockdown "tunnel" needs every origin to be a Cloudflare Tunnel name');
    const prompt = "File of the client certificate Cloudflare presents to the origins (PEM, public; never its key): ";
    expect(run.stderr).toContain(`${prompt}  required with authenticated-origin-pulls: a client certificate of your own CA`);
    expect(run.stderr).toContain(
      `${prompt}  "${files.key}": holds a private key; allowed: the public certificate only (the key never goes in config)\n${prompt}`,
    );
    expect(run.stderr).not.toContain("PRIVATE KEY");
    expect(run.code).toBe(0);
    expect(parse(readFileSync(join(cwd, "config", "zz.yaml"), "utf8")).edge).toMatchObject({
      originLockdown: "authenticated-origin-pulls",
      originPullCertificate: new X509Certificate(files.pem).toString(),
    });
  });

  test("fails where access-jwt would leave a hostname outside Access (a public one): the problem names the flags to give", () => {
    const answers = {
      environment: "zz",
      app: "acme",
      domain: "acme-x.dev",
      plan: "pro",
      cloudflareAccountId: "0123456789abcdef0123456789abcdef",
      awsAccountId: "111111111111",
      awsRegion: "us-east-1",
      hostnames: ["chat.acme-x.dev", "status.acme-x.dev"],
      origins: ["192.0.2.10"],
      alertEmails: ["oncall@acme-x.dev"],
      releaseHostname: "app.acme-x.dev",
      originLockdown: "access-jwt",
    } as const;
    expect(answerProblems(answers)).toEqual([]);
    const text = renderInitConfig(answers, { today: "2026-12-01", schemaPointer: "# yaml-language-server: $schema=./golive.schema.json" });
    const load = (t: string) => validateConfigData("config/zz.yaml", parseConfigText("config/zz.yaml", t));
    expect(accessJwtGap(load(text))).toBeUndefined();
    const statusPublic = text.replace(
      '    - name: "status.acme-x.dev"\n      origin: "192.0.2.10"\n',
      '    - name: "status.acme-x.dev"\n      origin: "192.0.2.10"\n      public: {reason: "the status page answers everyone"}\n',
    );
    expect(statusPublic).not.toBe(text);
    expect(accessJwtGap(load(statusPublic))).toEqual({
      flag: "origin-lockdown",
      message:
        'access-jwt locks only hostnames wholly behind Access, and status.acme-x.dev is not (GL-AUTH-002 would block); give --origin-lockdown authenticated-origin-pulls --origin-pull-certificate FILE, or --origin-lockdown tunnel with tunnel origins (runbooks/deploy.md, "Origin lockdown")',
    });
  });

  test("init --help says how origins are locked and what GL-AUTH-002 asks", async () => {
    const help = (await golive(["init", "--help"], { cwd: REPO_ROOT })).stdout.replace(/\s+/g, " ");
    expect(help).toContain("--origin-lockdown authenticated-origin-pulls|tunnel|access-jwt");
    expect(help).toContain("init writes only one that passes GL-AUTH-002");
    expect(help).toContain("--origin-pull-certificate FILE the client certificate of your own CA");
    expect(help).toContain('(runbooks/deploy.md, "Origin lockdown")');
  });
});
