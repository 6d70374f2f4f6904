import { readFileSync } from "node:fs";
import { join } from "node:path";
import { golive, spawnGolive } from "../helpers/cli";
import { releaseFixture, type ReleaseFixture } from "../release/release-fixture";
import { type FakeAccount, type FakeRecord, type FakeZone, type FakeZoneApi, startFakeZoneApi, ZONE_ID } from "./fake-zone-api";

// Obviously fake, but shaped like a real token so a leak would be visible in output.
export const TOKEN = "fAkEtOkEn0123456789abcdefghijklmnopqrstuv";
export const hex = (c: string) => c.repeat(32);

export interface JsonFinding {
  check: string;
  severity: string;
  subject: string;
  message: string;
}
export interface JsonReport {
  ok: boolean;
  findings: JsonFinding[];
  blocking: JsonFinding[];
  adoptFile: { path: string; state: string };
  zone: { exists: boolean; plan?: string; nameServers: string[]; dnssec?: { status?: string; ds?: string } };
}

export function report(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

export interface PreflightHarness {
  /** The stand-in of this test (after serve()). */
  api(): FakeZoneApi;
  /** The temp project of this test: the example config, no adopt file. */
  fx(): ReleaseFixture;
  /** `others`: zones of other accounts the token also sees, listed first; `account`: its Zero Trust organization (startFakeZoneApi). */
  serve(zone: FakeZone | undefined, others?: readonly FakeZone[], account?: FakeAccount): Promise<FakeZoneApi>;
  /** `golive preflight production` in-process against the stand-in. */
  run(extra?: readonly string[], opts?: { timeoutMs?: number; retries?: number }): ReturnType<typeof golive>;
  /** `golive preflight production` as bin/golive.js, reading the stand-in through CLOUDFLARE_BASE_URL. */
  spawn(extra?: readonly string[]): ReturnType<typeof spawnGolive>;
  /** The --json report on example.com holding `records`, the zone adopted read-only by id: only the records can block. */
  recordsReport(records: readonly FakeRecord[]): Promise<{ code: number; json: JsonReport }>;
  adoptFile(): string;
  readAdopt(): Record<string, unknown>;
  /** `METHOD path` of every request the stand-in got. */
  reads(): string[];
}

/** Per test: a fresh project (beforeEach) and a stand-in that serve() starts and afterEach closes. */
export function preflightHarness(): PreflightHarness {
  let api: FakeZoneApi | undefined;
  let fx: ReleaseFixture | undefined;
  beforeEach(() => {
    fx = releaseFixture();
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  const need = <T>(x: T | undefined, what: string): T => {
    if (x === undefined) throw new Error(`${what} first`);
    return x;
  };
  const h: PreflightHarness = {
    api: () => need(api, "serve()"),
    fx: () => need(fx, "beforeEach"),
    serve: async (zone, others, account) => {
      api = await startFakeZoneApi(zone, others, account);
      return api;
    },
    // Generous per-request timeout (a loaded CI machine must not time out a healthy call); the timeout test passes a small one.
    run: (extra = [], opts = {}) =>
      golive(
        [
          "preflight",
          "production",
          "--api-base-url",
          h.api().baseUrl,
          "--timeout-ms",
          String(opts.timeoutMs ?? 5000),
          "--max-retries",
          String(opts.retries ?? 2),
          ...extra,
        ],
        { cwd: h.fx().dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } },
      ),
    spawn: (extra = []) =>
      spawnGolive(["preflight", "production", ...extra], {
        cwd: h.fx().dir,
        env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: h.api().baseUrl },
      }),
    recordsReport: async (records) => {
      h.fx().set(["cloudflare", "zone", "id"], ZONE_ID);
      await h.serve({ name: "example.com", records });
      const r = await h.run(["--json"]);
      return { code: r.code, json: report(r.stdout) };
    },
    adoptFile: () => join(h.fx().dir, "config", "adopt", "production.json"),
    readAdopt: () => JSON.parse(readFileSync(h.adoptFile(), "utf8")) as Record<string, unknown>,
    reads: () => (api?.requests ?? []).map((r) => `${r.method} ${r.path}`),
  };
  return h;
}
