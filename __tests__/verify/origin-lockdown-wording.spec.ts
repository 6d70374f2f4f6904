import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { HttpObservation } from "../../lib/core/verify/types";
import { evaluateOriginLockdown } from "../../lib/features/edge/probes/origin";
import { type ConfigEdit, setIn } from "../helpers/example-config";
import { golive, makeProject } from "./fixtures";

const TUNNEL = "6ff42ae2-765d-4adf-8112-31c55c1551ef.cfargotunnel.com";
const target = { hostname: "chat.example.com", origin: "192.0.2.11" };

function answer(status: number): HttpObservation {
  return { url: "https://chat.example.com/", method: "GET", status, headers: {}, bodyBytes: 12, bodySnippet: "", elapsedMs: 1 };
}

describe("origin.lockdown says what the origin must insist on, as edge.originLockdown has it", () => {
  let cwd: string;
  const configFile = () => join(cwd, "config", "production.yaml");
  let example: unknown;

  beforeAll(() => {
    cwd = makeProject("");
    example = parse(readFileSync(configFile(), "utf8"));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  /** `verify production --dry-run --json` (in-process) on the example's edge with `edits`: its origin.lockdown probes. */
  async function dryRun(edits: readonly ConfigEdit[]) {
    // setIn edits in place: each run starts from its own copy of the example.
    const input = edits.reduce((acc, [path, value]) => setIn(acc, path, value), structuredClone(example));
    writeFileSync(configFile(), stringify(input));
    const run = await golive(cwd, ["verify", "production", "--dry-run", "--json"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const { probes } = JSON.parse(run.stdout) as { probes: { check: string; target: string; proves: string }[] };
    return probes.filter((p) => p.check === "origin.lockdown");
  }

  const ACCESS_JWT: readonly ConfigEdit[] = [
    [["edge", "originLockdown"], "access-jwt"],
    [["edge", "originPullCertificate"], undefined],
  ];

  test("--dry-run under access-jwt: a direct request without an Access JWT must be refused, no client certificate is named", async () => {
    const probes = await dryRun(ACCESS_JWT);
    expect(probes.map((p) => p.proves)).toEqual(
      ["example.com", "chat.example.com", "api.example.com"].map(
        (host) => `the origin of ${host} refuses a direct request without an Access JWT (no Cf-Access-Jwt-Assertion header)`,
      ),
    );
  });

  test("--dry-run under authenticated-origin-pulls names Cloudflare's client certificate; a tunnel origin is listed as skipped", async () => {
    expect((await dryRun([])).map((p) => p.proves)).toEqual(
      ["example.com", "chat.example.com", "api.example.com"].map(
        (host) => `the origin of ${host} refuses a direct request without Cloudflare's client certificate`,
      ),
    );
    const tunnelled = await dryRun([...ACCESS_JWT, [["edge", "hostnames", 1, "origin"], TUNNEL]]);
    expect(tunnelled[1]).toEqual({
      check: "origin.lockdown",
      target: `GET https://${TUNNEL}/`,
      proves: "SKIPPED: the origin of chat.example.com is a Cloudflare Tunnel, which has no address to call directly",
    });
  });

  test("under access-jwt a refusal passes as one without an Access JWT, and an answer fails with the app's fix, not the certificate's", () => {
    expect(evaluateOriginLockdown(target, answer(401), "access-jwt")).toMatchObject({
      status: "pass",
      detail: "as chat.example.com: refused a request without an Access JWT (no Cf-Access-Jwt-Assertion header) with 401",
    });
    const open = evaluateOriginLockdown(target, answer(200), "access-jwt");
    expect(open.status).toBe("fail");
    expect(open.detail).toBe(
      'as chat.example.com: answered 200 (12 bytes) to a direct request without an Access JWT (no Cf-Access-Jwt-Assertion header): anyone who finds the address skips Access and the WAF; make the app refuse every request without a valid Cf-Access-Jwt-Assertion header (only the health-check path may answer without it), or move to authenticated-origin-pulls (runbooks/deploy.md, "Origin lockdown")',
    );
    expect(open.detail).not.toMatch(/certificate/);
    expect(evaluateOriginLockdown(target, answer(200), "authenticated-origin-pulls").detail).toMatch(
      /without Cloudflare's client certificate: .*; require the origin-pull certificate: a client certificate of the CA that signed edge\.originPullCertificate/,
    );
  });

  test("verify --help says what each lockdown has the origin refuse", async () => {
    const help = (await golive(cwd, ["verify", "--help"])).stdout.replace(/\s+/g, " ");
    expect(help).toContain("authenticated-origin-pulls: a request without Cloudflare's client certificate;");
    expect(help).toContain("access-jwt: one without an Access JWT, Cf-Access-Jwt-Assertion;");
    expect(help).toContain("a tunnel origin has no address: skipped");
  });
});
