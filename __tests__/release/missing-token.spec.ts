import { escapeRegExp } from "../../lib/core/regexp";
import { golive } from "../helpers/cli";
import { releaseFixture } from "./release-fixture";

/**
 * No CLOUDFLARE_API_TOKEN where a command needs one is input missing, nothing tried: a usage error
 * (exit 2) for every such command, as a token no header can carry already was, each naming itself as
 * typed (`run` is not `promote --watch` to the person who typed it), the config untouched.
 */
describe("a missing CLOUDFLARE_API_TOKEN is a usage error (exit 2) wherever one is needed", () => {
  test.each([
    [["release", "status", "production", "--live"], "golive release: status --live needs CLOUDFLARE_API_TOKEN"],
    [["release", "rollback", "production", "--now"], "golive release: rollback --now needs CLOUDFLARE_API_TOKEN"],
    [["release", "promote", "production", "--watch"], "golive release: promote --watch needs CLOUDFLARE_API_TOKEN"],
    [["release", "run", "production"], "golive release: run needs CLOUDFLARE_API_TOKEN"],
    [["preflight", "production"], "golive preflight: needs CLOUDFLARE_API_TOKEN"],
  ])("fails golive %j: exit 2, one line naming the command as typed, then see --help", async (args, line) => {
    const fx = releaseFixture();
    fx.set(["release", "phase"], "releasing");
    const before = fx.read();
    const r = await golive(args, { cwd: fx.dir, env: {} });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(new RegExp(`^${escapeRegExp(line)} in the environment \\([^\\n]*\\)\\nsee: golive ${args[0]} --help\\n$`));
    expect(fx.read()).toBe(before);
  });
});
