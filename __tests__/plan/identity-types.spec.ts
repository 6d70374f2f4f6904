import { readdirSync } from "node:fs";
import { IDENTITY } from "../../lib/engines/plan/renames";
import { STACK_KINDS } from "../../lib/features";
import { EXAMPLE_CONFIG_DIR, exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";

/**
 * The rename guard (lib/engines/plan/renames.ts) knows what names the real object of every type golive
 * synthesizes; a type it does not know falls back to comparing known values, which a renamed construct
 * with one changed attribute slips past. A new construct's type must join IDENTITY.
 */
const ENVS = readdirSync(EXAMPLE_CONFIG_DIR)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.replace(/\.yaml$/, ""));

/** The stack of `kind` for the example `env`, or undefined when that environment has none (no bootstrap with local state). */
function synthesized(env: string, kind: string): SynthJson | undefined {
  try {
    // Memoized per test folder: the edge and monitoring stacks are the other plan specs' too.
    return synthKind(exampleConfig([], env), kind);
  } catch (err) {
    if (err instanceof Error && err.message === `no ${kind} stack for ${env}`) return undefined;
    throw err;
  }
}

/** Holds a value (a fingerprint, a setting's hash), no real object: the fallback compares it whole. */
const VALUE_ONLY = "terraform_data";

test("every resource type of every stack the example configs synthesize has an IDENTITY entry", () => {
  const types = new Set<string>();
  for (const env of ENVS)
    for (const kind of STACK_KINDS) for (const type of Object.keys(synthesized(env, kind)?.resource ?? {})) types.add(type);
  expect(ENVS.length).toBeGreaterThan(1);
  expect(types).toContain("cloudflare_authenticated_origin_pulls_certificate");
  expect([...types].filter((t) => !(t in IDENTITY) && t !== VALUE_ONLY)).toEqual([]);
});
