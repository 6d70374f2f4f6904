import { staleSynthUses } from "../helpers/runbooks/synth-order";
import { STACK_KINDS } from "../../lib/features";

const OPTS = { stackKinds: STACK_KINDS, configRoots: [], commandsWithSubcommands: new Set(["release"]) };

/** The stale uses of a page made of `lines`, as `line:command`. */
const stale = (...lines: string[]) => staleSynthUses(lines.join("\n"), OPTS).map((u) => `${u.run.line}:${u.run.command}`);
const block = (...commands: string[]) => ["```sh", ...commands, "```"];

describe("plan, verify and zone after a command that rewrites the config (synth-order.ts)", () => {
  test("fails a plan after a release command, across prose and blocks, until a synth comes between", () => {
    expect(stale(...block("npx golive release shift production 10"), "Then:", ...block("npx golive plan traffic-production"))).toEqual([
      "6:plan",
    ]);
    expect(
      stale(...block("npx golive release promote production", "npx golive synth production", "npx golive plan traffic-production")),
    ).toEqual([]);
  });

  test("fails a plan, zone or verify after preflight --write, written as a code span or a block line", () => {
    expect(
      stale(
        "Run `npx golive preflight production --write` first.",
        ...block("npx golive plan edge-production", "npx golive zone production > production.zone", "npx golive verify production"),
      ),
    ).toEqual(["3:plan", "4:zone", "5:verify"]);
  });

  test("passes what writes nothing: release status, --dry-run, preflight without --write", () => {
    expect(
      stale(
        ...block(
          "npx golive release status production",
          "npx golive release rollback production --now --dry-run",
          "npx golive preflight production",
          "npx golive verify production",
        ),
      ),
    ).toEqual([]);
  });

  test("tells environments apart: a rollback of staging leaves production's synth current; a placeholder matches any", () => {
    expect(stale(...block("npx golive release rollback staging --now", "npx golive verify production"))).toEqual([]);
    expect(stale(...block("npx golive release rollback staging --now", "npx golive plan traffic-staging"))).toEqual(["3:plan"]);
    expect(stale(...block("npx golive release rollback <env> --now", "npx golive verify production"))).toEqual(["3:verify"]);
    expect(stale(...block("npx golive release shift production 50", "npx golive synth staging", "npx golive plan"))).toEqual(["4:plan"]);
  });

  test("reads only what a reader runs: a bare `golive verify` in a sentence names the command", () => {
    expect(stale(...block("npx golive release promote production"), "the path `golive verify` times")).toEqual([]);
    expect(stale(...block("npx golive release promote production"), "Then `npx golive verify production` passes.")).toEqual(["4:verify"]);
    expect(stale(...block("npx golive release promote production"), "`CLOUDFLARE_API_TOKEN=... npx golive zone production`")).toEqual([
      "4:zone",
    ]);
  });

  test("fails a synth named only after the command it must precede", () => {
    expect(
      stale(
        ...block("npx golive release rollback production"),
        "`npx golive verify production` passes (after `npx golive synth production`).",
      ),
    ).toEqual(["4:verify"]);
  });
});
