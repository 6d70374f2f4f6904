import { formatPath } from "../../lib/core/issues";
import { AppConfig } from "../../lib/config/schema";
import { type ConfigPath, configErrorText, editedCopy, exampleInput } from "../helpers/example-config";

const F = "config/production.yaml";

/** The problem lines of the error text that name `path` itself. */
function linesAt(text: string, path: ConfigPath, file = F): string[] {
  return text.split("\n").filter((line) => line.startsWith(`${file}: ${formatPath(path)}: `));
}

/** The problem lines naming `path` or a field inside it (a required section reports the keys it lacks). */
function linesWithin(text: string, path: ConfigPath, file: string): string[] {
  const at = `${file}: ${formatPath(path)}`;
  return text.split("\n").filter((line) => line.startsWith(`${at}: `) || line.startsWith(`${at}.`) || line.startsWith(`${at}[`));
}

/** A mapping golive config sections are: a JSON object that is not a list. */
function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The path of every key of every mapping in `value`, lists' entries included. */
function keyPaths(value: unknown, at: ConfigPath = []): ConfigPath[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => keyPaths(item, [...at, i]));
  if (!isMapping(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...at, key], ...keyPaths(child, [...at, key])]);
}

describe("a missing or mistyped field says what it allows, where zod would only say what it expected", () => {
  test.each<[string, ConfigPath, string]>([
    ["an id with its own pattern message", ["cloudflare", "accountId"], "is required; allowed: a 32-character lower-case hex id"],
    [
      "an email address",
      ["edge", "securityContact"],
      "is required; allowed: an email address such as ops@example.com (no mailto: prefix, no wildcard, lower-case domain)",
    ],
    ["text with length bounds, inside a list entry", ["edge", "hostnames", 0, "origin"], "is required; allowed: text of 1-253 characters"],
    ["an enum, by its values", ["cloudflare", "plan"], 'is required; allowed: one of "free"|"pro"|"business"|"enterprise"'],
    ["a mapping, by its required keys", ["cloudflare", "zone"], "is required; allowed: a mapping with name"],
    [
      "a list, by its bounds and entries",
      ["edge", "hostnames"],
      "is required; allowed: a list of 1-100 entries, each a mapping with name, origin",
    ],
    ["a named record, by its own message", ["edge", "access", "roles"], "is required; allowed: a mapping of roles (name: settings)"],
    ["a whole section", ["edge"], "is required; allowed: a mapping with hostnames, waf, access, securityContact"],
  ])("fails on a missing key: %s", (_what, path, message) => {
    expect(linesAt(configErrorText([[path, undefined]]), path)).toEqual([`${F}: ${formatPath(path)}: ${message}`]);
  });

  test("fails on an email section with only some keys, naming the keys each missing mapping needs", () => {
    const text = configErrorText([[["email"], { region: "eu-west-1" }]]);
    expect(text.split("\n")).toEqual([
      `${F}: email.dmarc: is required; allowed: a mapping with policy, rua`,
      `${F}: email.mtaSts: is required; allowed: a mapping with mode, mx`,
      `${F}: email.tlsRpt: is required; allowed: a mapping with rua`,
    ]);
  });

  test("fails on an mtaSts without mx, naming the list's bounds and what each entry is", () => {
    const email = {
      region: "eu-west-1",
      dmarc: { policy: "none", rua: ["dmarc@example.com"] },
      mtaSts: { mode: "testing" },
      tlsRpt: { rua: ["tls@example.com"] },
    };
    expect(configErrorText([[["email"], email]])).toBe(
      `${F}: email.mtaSts.mx: is required; allowed: a list of 1-20 entries, each an MX hostname such as mx1.example.com or *.example.com`,
    );
  });

  test("fails on keys of the chosen state backend, resolved through the discriminated union", () => {
    expect(configErrorText([[["state"], { backend: "s3" }]]).split("\n")).toEqual([
      `${F}: state.bucket: is required; allowed: an S3 bucket name of 3-63 lower-case letters, digits or dashes (no dots)`,
      `${F}: state.region: is required; allowed: an AWS region such as eu-west-1`,
      `${F}: state.accountId: is required; allowed: a 12-digit AWS account id`,
    ]);
  });

  test("fails on a missing key inside a named record (edge.access.roles.<name>)", () => {
    const path = ["edge", "access", "roles", "admins", "idpGroup", "type"];
    expect(configErrorText([[path, undefined]])).toBe(`${F}: ${formatPath(path)}: is required; allowed: one of "okta"|"azure_ad"|"saml"`);
  });

  test("fails on a number given as text, naming the range", () => {
    expect(configErrorText([[["monitoring", "latency", "p95Ms"], "fast"]])).toBe(
      `${F}: monitoring.latency.p95Ms: expected a number, got "fast"; allowed: a whole number from 50 to 10000`,
    );
  });

  test("fails on a list entry that is no mapping, and on a section that is null", () => {
    expect(configErrorText([[["edge", "hostnames", 1], "chat.example.com"]])).toBe(
      `${F}: edge.hostnames[1]: expected a mapping, got "chat.example.com"; allowed: a mapping with name, origin`,
    );
    expect(configErrorText([[["edge", "waf"], null]])).toBe(
      `${F}: edge.waf: expected a mapping, got null; allowed: a mapping with allowedOrigins`,
    );
  });

  test("a credential given where a field wants another kind is masked, as every quoted value is", () => {
    const token = `ghp_${"a1B2c3D4e5".repeat(4).slice(0, 36)}`;
    const text = configErrorText([[["cloudflare", "zone"], token]]);
    expect(text).toMatch(/^config\/production\.yaml: cloudflare\.zone: expected a mapping, got .*; allowed: a mapping with name$/);
    expect(text).not.toContain(token);
  });

  test("a bad value with a message of its own keeps it", () => {
    expect(configErrorText([[["cloudflare", "accountId"], "ABC"]])).toBe(
      `${F}: cloudflare.accountId: must be a 32-character lower-case hex id; got "ABC"`,
    );
    expect(configErrorText([[["cloudflare", "plan"], "gold"]])).toBe(
      `${F}: cloudflare.plan: Invalid option: expected one of "free"|"pro"|"business"|"enterprise"; got "gold"`,
    );
  });

  // Every key the examples hold, dropped one at a time: a field added later is held to the same rule.
  test.each(["production", "staging"])(
    "every required key of the %s example, when dropped, gets one line saying what is allowed",
    (env) => {
      const file = `config/${env}.yaml`;
      const paths = keyPaths(exampleInput(env));
      // Required: the schema refuses the example without it (an optional key may still break a cross-field rule).
      const required = paths.filter((path) => !AppConfig.safeParse(editedCopy([[path, undefined]], env)).success);
      const silent: string[] = [];
      const lines = required.flatMap((path) => {
        const text = configErrorText([[path, undefined]], env);
        const found = linesWithin(text, path, file);
        if (found.length === 0) silent.push(formatPath(path));
        // One line per problem: every line of the text is a problem of the file.
        expect(text.split("\n").filter((line) => !line.startsWith(`${file}: `))).toEqual([]);
        return found;
      });
      expect(silent).toEqual([]);
      expect(lines.filter((line) => !/: is required; allowed: ./.test(line))).toEqual([]);
      // The walk reached the fields: an example that lost its sections cannot pass by having nothing to drop.
      expect(paths.length).toBeGreaterThan(100);
      expect(required.length).toBeGreaterThan(50);
    },
  );
});
