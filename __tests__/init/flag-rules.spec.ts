import { existsSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { flagOfField } from "../../lib/engines/init/answers";
import { golive, tempDir } from "../helpers/cli";
import { initArgs } from "./init-args";

const firstLine = (text: string) => text.split("\n")[0];

describe("golive init flag rules", () => {
  test("a wildcard --hostname or --release-hostname is refused by its own flag, not by a field derived from it", async () => {
    const cwd = tempDir("golive-init-wildcard-");
    const hostname = await golive(initArgs({ hostname: "*.acme-x.dev" }), { cwd });
    expect(hostname.code).toBe(2);
    expect(firstLine(hostname.stderr)).toBe(
      'golive init: --hostname: must be one name, without a wildcard: app hostnames are listed one by one so each gets its own Access application; got "*.acme-x.dev"',
    );
    const release = await golive(initArgs({ "release-hostname": "*.acme-x.dev" }), { cwd });
    expect(release.code).toBe(2);
    expect(firstLine(release.stderr)).toBe(
      'golive init: --release-hostname: must be one name, without a wildcard: the load-balanced hostname is a single name; got "*.acme-x.dev"',
    );
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  test("fails on a --hostname or --release-hostname two labels below the zone (no Universal SSL certificate), naming the flag; nothing is written", async () => {
    const cwd = tempDir("golive-init-deep-");
    const why = "Universal SSL covers only the zone and first-level names";
    for (const [flag, field] of [
      ["hostname", "edge.hostnames[0].name"],
      ["release-hostname", "release.hostname"],
    ] as const) {
      const run = await golive(initArgs({ [flag]: "chat.eu.acme-x.dev" }), { cwd });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `config/zz.yaml: ${field}: "chat.eu.acme-x.dev" is proxied two or more labels below the zone acme-x.dev`,
      );
      expect(run.stderr).toContain(why);
      expect(run.stderr).toContain(`(--${flag})`);
    }
    expect(existsSync(join(cwd, "config", "zz.yaml"))).toBe(false);
  });

  test("fails on an environment name the workflows reserve (<env>-admin, plan-review), naming what is allowed; nothing is written", async () => {
    const cwd = tempDir("golive-init-reserved-");
    const allowed =
      "allowed: a lower-case name such as production (2-21 letters, digits, dashes, starting with a letter), neither plan-review nor ending in -admin";
    const reserved: readonly [string, string][] = [
      ["ops-admin", "a name ending in -admin is an admin GitHub environment (<env>-admin, where deploy-admin.yml runs)"],
      ["plan-review", "plan-review is the plan review's GitHub environment (it holds PLAN_REVIEW_HMAC_KEY and has no reviewers)"],
    ];
    for (const [env, why] of reserved) {
      const args = initArgs();
      args[1] = env;
      const run = await golive(args, { cwd });
      expect({ env, code: run.code, line: firstLine(run.stderr) }).toEqual({
        env,
        code: 2,
        line: expect.stringMatching(
          new RegExp(`^golive init: environment "${env}": ${why.replace(/[()<>]/g, "\\$&")}.*; ${allowed.replace(/[()]/g, "\\$&")}$`),
        ),
      });
    }
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  test("fails on an environment name starting with a digit, saying a name starts with a letter, as init --help does", async () => {
    const cwd = tempDir("golive-init-digit-");
    const args = initArgs();
    args[1] = "1qa";
    const run = await golive(args, { cwd });
    expect({ code: run.code, line: firstLine(run.stderr) }).toEqual({
      code: 2,
      line: 'golive init: environment "1qa": allowed: a lower-case name such as production (2-21 letters, digits, dashes, starting with a letter), neither plan-review nor ending in -admin',
    });
    expect(existsSync(join(cwd, "config"))).toBe(false);
    const help = (await golive(["init", "--help"], { cwd })).stdout.replace(/\s+/g, " ");
    expect(help).toContain("(2-21 letters, digits, dashes, starting with a letter), neither plan-review nor ending in -admin");
  });

  test("a derived field's error names the flag whose value produced it", () => {
    const answers = { hostnames: ["chat.acme-x.dev", "docs.acme-x.dev"] };
    expect(flagOfField("edge.waf.allowedOrigins[0]", answers)).toBe("hostname");
    expect(flagOfField("edge.waf.allowedOrigins[1]", answers)).toBe("hostname");
    expect(flagOfField("edge.waf.allowedOrigins[2]", answers)).toBe("release-hostname");
    expect(flagOfField("monitoring.latency.hostname", answers)).toBe("hostname");
    expect(flagOfField("edge.securityContact", answers)).toBe("domain");
    expect(flagOfField("release.hostname", answers)).toBe("release-hostname");
  });

  test("a GovCloud or China --aws-region and a role ARN of another partition are refused by the flag", async () => {
    const cwd = tempDir("golive-init-partition-");
    for (const [flag, value] of [
      ["aws-region", "us-gov-west-1"],
      ["aws-region", "cn-north-1"],
      ["secrets-writer-role", "arn:aws-us-gov:iam::111111111111:role/ops"],
    ] as const) {
      const run = await golive(initArgs({ [flag]: value, "github-repository": "example-org/acme" }), { cwd });
      expect({ flag, code: run.code, line: firstLine(run.stderr) }).toEqual({
        flag,
        code: 2,
        line: expect.stringMatching(
          new RegExp(
            `^golive init: --${flag}: is not in the standard aws partition; golive builds ARNs of the standard aws partition only`,
          ),
        ),
      });
    }
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  test("a --config-dir reached through a link is written into, as synth and check read it; a dangling link is not", async () => {
    const cwd = tempDir("golive-init-linked-");
    const elsewhere = tempDir("golive-init-linked-target-");
    symlinkSync(elsewhere, join(cwd, "config"));
    const run = await golive(initArgs(), { cwd });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(readdirSync(elsewhere)).toEqual(["zz.yaml"]);
    // Given by flag, the same.
    mkdirSync(join(elsewhere, "more"));
    symlinkSync(join(elsewhere, "more"), join(cwd, "more"));
    expect((await golive([...initArgs(), "--config-dir", "more"], { cwd })).code).toBe(0);
    expect(readdirSync(join(elsewhere, "more"))).toEqual(["zz.yaml"]);
    symlinkSync(join(elsewhere, "gone"), join(cwd, "dangling"));
    const dangling = await golive([...initArgs(), "--config-dir", "dangling"], { cwd });
    expect(dangling.code).toBe(2);
    expect(firstLine(dangling.stderr)).toMatch(/^golive init: --config-dir: dangling /);
    expect(existsSync(join(elsewhere, "gone"))).toBe(false);
  });
});
