import { z } from "zod";

/**
 * Terraform drops cdktf's `//` metadata from plans, so construct paths come from the synthesized
 * `cdk.tf.json` of the stack: `resource.<type>.<name>["//"].metadata.path`.
 */
const Block = z.looseObject({
  "//": z.looseObject({ metadata: z.looseObject({ path: z.string() }).optional() }).optional(),
});
const Section = z.record(z.string(), z.record(z.string(), z.unknown()));
const SynthJson = z.looseObject({ resource: Section.optional(), data: Section.optional() });

export type ConstructPaths = ReadonlyMap<string, string>;

/** Address (`type.name` or `data.type.name`) -> construct path; empty when the JSON is not a stack. */
export function constructPathsOf(synth: unknown): ConstructPaths {
  const parsed = SynthJson.safeParse(synth);
  const out = new Map<string, string>();
  if (!parsed.success) return out;
  const add = (section: Record<string, Record<string, unknown>> | undefined, prefix: string): void => {
    for (const [type, blocks] of Object.entries(section ?? {})) {
      for (const [name, block] of Object.entries(blocks)) {
        const path = Block.safeParse(block);
        const p = path.success ? path.data["//"]?.metadata?.path : undefined;
        if (p) out.set(`${prefix}${type}.${name}`, p);
      }
    }
  };
  add(parsed.data.resource, "");
  add(parsed.data.data, "data.");
  return out;
}

/** The key a resource change has in `constructPathsOf` (instance keys and modules dropped). */
export function synthKey(change: { readonly mode: "managed" | "data"; readonly type: string; readonly name: string }): string {
  return `${change.mode === "data" ? "data." : ""}${change.type}.${change.name}`;
}
