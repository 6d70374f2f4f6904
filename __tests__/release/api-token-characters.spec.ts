import { golive } from "../helpers/cli";
import { type ReleaseFixture, releaseFixture, startedOnLoopback } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

// rollback --now and promote --watch send CLOUDFLARE_API_TOKEN in a header: one no header can carry
// never left the machine, and was reported as "cannot reach the Cloudflare API". Refused as a bad value
// of the variable (exit 2) before anything is sent or written, in a dry run too.

let fx: ReleaseFixture;

beforeEach(() => {
  fx = releaseFixture();
  startedOnLoopback(fx);
});

/** `golive release <args>` with the API at a loopback port nothing answers on (a request would fail as unreachable). */
const release = (args: readonly string[], token: string) =>
  golive(["release", ...args, "--api-base-url", "http://127.0.0.1:9/client/v4"], { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: token } });

describe("release commands refuse a CLOUDFLARE_API_TOKEN no HTTP header can carry", () => {
  test.each([
    ["rollback --now", ["rollback", "production", "--now"]],
    ["rollback --now --dry-run", ["rollback", "production", "--now", "--dry-run"]],
    ["promote --watch", ["promote", "production", "--watch", "--no-alarms", "--origin-address", "green-1=127.0.0.1"]],
    ["promote --watch --dry-run", ["promote", "production", "--watch", "--dry-run", "--no-alarms"]],
  ])("%s fails with exit 2 on a token ending in a line break, naming the variable and the cause, config untouched", async (_, args) => {
    const before = fx.read();
    const r = await release(args, `${TOKEN}\n`);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
    expect(r.stderr).toBe(
      "golive release: CLOUDFLARE_API_TOKEN: holds a line break (the value is not shown); allowed: a Cloudflare API token as Cloudflare shows it (a line break at its end usually comes from where it was copied: a token file or a pasted secret that ends with one; strip it, e.g. tr -d '\\r\\n'), printable ASCII with no spaces\nsee: golive release --help\n",
    );
    expect(fx.read()).toBe(before);
  });

  test("rollback --now names a non-ASCII character without the line-break hint, and prints no part of the token", async () => {
    const r = await release(["rollback", "production", "--now", "--json"], `${TOKEN}—`);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(
      "golive release: CLOUDFLARE_API_TOKEN: holds a non-ASCII character (the value is not shown); allowed: a Cloudflare API token as Cloudflare shows it, printable ASCII with no spaces",
    );
    expect(r.stderr).not.toContain(TOKEN.slice(0, 10));
  });

  test("a token of printable ASCII still gets as far as the request (unreachable here: exit 1)", async () => {
    const r = await release(["rollback", "production", "--now", "--timeout-ms", "500", "--max-retries", "0"], TOKEN);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot reach the Cloudflare API");
    expect(r.stderr).not.toContain(TOKEN);
  });
});
