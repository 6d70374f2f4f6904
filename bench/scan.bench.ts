// The secret scanner's Cloudflare name patterns on a 120,000-character name of "cf_key": they once read
// it in time quadratic in its length (about 7 s), in the scanner and in every plan value the redaction
// reads. Timed here, not in jest (__tests__/scan/cloudflare-name-runs.spec.ts asserts what they match):
// a timed test fails on a busy runner for no fault of the code.
import { join } from "node:path";
import patterns from "../lib/core/secret-patterns.json";
import { expectEqual, judged } from "./measure";
import type { Bench } from "./types";

interface ScannerConfig {
  readonly rules: readonly {
    readonly options?: { readonly patterns?: readonly { readonly name: string; readonly patterns: string[] }[] };
  }[];
}

/** A name of cloudflare/cf and token/key, repeated: each repeat a new place a lazy run could start. */
export const LONG_CF_NAME = "cf_key".repeat(20_000);

/** The scanner's patterns that read a name holding cloudflare/cf and token/key, by name (the value form, the assignment form). */
export const CLOUDFLARE_NAME_PATTERNS: readonly string[] = [
  patterns.values.find((v) => v.name.startsWith("Cloudflare API token or Global API key after a cloudflare/cf"))?.name ?? "",
  patterns.assignments.find((a) => a.name.startsWith("Cloudflare API token (40 characters) or Global API key (37 hex) assigned"))?.name ??
    "",
];

/** A `/source/flags` literal as secretlint reads it, made global and unicode for `replace` over a whole text. */
function compile(literal: string): RegExp {
  const [, source = "", flags = ""] = /^\/(.+)\/([a-z]*)$/s.exec(literal) ?? [];
  return new RegExp(source, `${flags.replace(/[gu]/g, "")}gu`);
}

/** The scanner's pattern named `name` (.secretlintrc.js builds them from the data file); one matching nothing when none has that name. */
export function scannerPattern(name: string): RegExp {
  const config: ScannerConfig = require(join(__dirname, "..", ".secretlintrc.js"));
  const found = config.rules.flatMap((r) => r.options?.patterns ?? []).find((p) => p.name === name);
  return compile(found?.patterns[0] ?? "/(?!)/");
}

export const bench: Bench = async () =>
  CLOUDFLARE_NAME_PATTERNS.map((name, i) => {
    const re = scannerPattern(name);
    return judged(`scan: a 120,000-character cf_key name, Cloudflare ${i === 0 ? "value" : "assignment"} pattern`, 1500, undefined, () => {
      expectEqual(LONG_CF_NAME.replace(re, "X"), LONG_CF_NAME);
      expectEqual(`${LONG_CF_NAME}-x`.replace(re, "X"), `${LONG_CF_NAME}-x`);
    });
  });
