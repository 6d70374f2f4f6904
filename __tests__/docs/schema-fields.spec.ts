import { readFileSync } from "node:fs";
import { join } from "node:path";
import { docFiles, featureReadmes, readDoc, REPO_ROOT } from "./support";

/**
 * Every config field is named on a page a user reads: a field that only config/golive.schema.json knows
 * (edge.access.sessionDuration, release.sessionAffinity.zeroDowntimeFailover, ... once) is one an adopter
 * never learns exists, nor why to change it. A field counts as named when its key is written as code
 * (`sessionDuration`, or inside a fenced block) in docs/, README.md or a concern's README.md: an
 * approximation (a key two fields share, such as `priority`, is named once for both), but one that fails
 * for a key no page shows at all.
 */

interface JsonSchemaNode {
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly items?: JsonSchemaNode;
  readonly additionalProperties?: JsonSchemaNode | boolean;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly allOf?: readonly JsonSchemaNode[];
}

const alternatives = (n: JsonSchemaNode): readonly JsonSchemaNode[] => [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])];
const entries = (n: JsonSchemaNode): JsonSchemaNode | undefined =>
  typeof n.additionalProperties === "object" ? n.additionalProperties : undefined;

/** Whether `n` holds named fields of its own, directly or in its list items, map values or alternatives. */
function holdsFields(n: JsonSchemaNode): boolean {
  const inner = [n.items, entries(n), ...alternatives(n)].filter((x): x is JsonSchemaNode => x !== undefined);
  return n.properties !== undefined || inner.some(holdsFields);
}

/** Every leaf field's path (`edge.dns[].priority`, `edge.access.roles.<key>.emailDomains`), with its key last. */
function leafFields(n: JsonSchemaNode, path = ""): { path: string; key: string }[] {
  const out: { path: string; key: string }[] = [];
  for (const [key, child] of Object.entries(n.properties ?? {})) {
    const at = path === "" ? key : `${path}.${key}`;
    if (holdsFields(child)) out.push(...leafFields(child, at));
    else out.push({ path: at, key });
  }
  if (n.items) out.push(...leafFields(n.items, `${path}[]`));
  const map = entries(n);
  if (map) out.push(...leafFields(map, `${path}.<key>`));
  for (const alt of alternatives(n)) out.push(...leafFields(alt, path));
  return out;
}

/** The inline code spans and fenced blocks of `text`. */
function codeOf(text: string): string {
  return [...text.matchAll(/^\s{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s{0,3}\1\s*$|`[^`\n]+`/gm)].map((m) => m[0]).join("\n");
}

/** Whether `key` stands in `code` as a key of its own (not inside a longer name). */
function namesKey(code: string, key: string): boolean {
  const escaped = key.replace(/[$]/g, "\\$&");
  return new RegExp(`(?<![A-Za-z0-9_$])${escaped}(?![A-Za-z0-9_])`).test(code);
}

describe("every config field is named in the documentation", () => {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, "config", "golive.schema.json"), "utf8")) as JsonSchemaNode;
  const fields = [...new Map(leafFields(schema).map((f) => [f.path, f])).values()];
  const code = [...docFiles(), ...featureReadmes()].map((p) => codeOf(readDoc(p))).join("\n");

  test("the walk reaches fields in lists, maps and a section's alternatives (state's backends)", () => {
    expect(fields.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        "edge.dns[].priority",
        "edge.access.roles.<key>.idpGroup.identityProviderId",
        "state.project",
        "release.sessionAffinity.zeroDowntimeFailover",
      ]),
    );
  });

  test("a key counts only written as code, and only whole", () => {
    const sample = codeOf("sessionDuration in prose\n`edge.access.sessionDurations`\n```yaml\n$schema: x\n```\n");
    expect(namesKey(sample, "sessionDuration")).toBe(false);
    expect(namesKey(sample, "$schema")).toBe(true);
  });

  test("fails for a field whose key no page writes as code", () => {
    const missing = fields.filter((f) => !namesKey(code, f.key)).map((f) => f.path);
    expect(missing).toEqual([]);
  });
});
