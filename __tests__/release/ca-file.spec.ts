import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive } from "../helpers/cli";
import { createTestCa } from "../helpers/test-ca";
import { type ReleaseFixture, releaseFixture, startedOnLoopback } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

// --ca-file is read certificate by certificate (caFlag, lib/cli/args.ts) by every command taking it: one
// with garbage between its markers, or cut short, trusted nothing, and every origin probe of the watch
// then failed as untrusted. A usage error naming the flag, before anything is read or sent.

let fx: ReleaseFixture;

beforeEach(() => {
  fx = releaseFixture();
  startedOnLoopback(fx);
});

/**
 * `golive release promote production --watch --ca-file <file>`, in-process (the watch runs as a process in
 * release-processes.spec.ts); the API at a loopback port nothing answers on.
 */
const promoteWatch = (file: string, extra: readonly string[] = []) =>
  golive(
    [
      "release",
      "promote",
      "production",
      "--watch",
      "--no-alarms",
      "--api-base-url",
      "http://127.0.0.1:9/client/v4",
      "--ca-file",
      file,
      ...extra,
    ],
    { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } },
  );

const REFUSED = (file: string, n: number, of: number) =>
  `golive release: --ca-file: ${file}: certificate ${n} of ${of} cannot be read (damaged base64, cut short or not X.509); allowed: PEM CA certificates, each -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----\nsee: golive release --help\n`;

describe("golive release (the process) refuses a --ca-file whose certificate cannot be read", () => {
  test("fails with exit 2 and one line naming --ca-file on garbage between the markers, the config untouched", async () => {
    writeFileSync(join(fx.dir, "bad.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    const before = fx.read();
    const r = await promoteWatch("bad.pem");
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: "", stderr: REFUSED("bad.pem", 1, 1) });
    expect(fx.read()).toBe(before);
  });

  test("names the second certificate when it is cut short, in the dry run too", async () => {
    const real = createTestCa("golive release ca-file CA").certPem;
    writeFileSync(join(fx.dir, "cut-short.pem"), `${real}${real.slice(0, 200)}`);
    const r = await promoteWatch("cut-short.pem", ["--dry-run"]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: "", stderr: REFUSED("cut-short.pem", 2, 2) });
  });

  test("takes a readable CA file: the dry run prints its plan", async () => {
    writeFileSync(join(fx.dir, "ca.pem"), createTestCa("golive release ca-file CA").certPem);
    const r = await promoteWatch("ca.pem", ["--dry-run"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("release promote production --watch (dry run)");
  });
});
