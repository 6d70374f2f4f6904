import { type Alias, type Document, isAlias, isMap, isNode, isScalar, isSeq, type LineCounter, type Node, visit } from "yaml";
import type { ConfigIssue } from "../core/issues";

type Path = readonly (string | number)[];

/** Each alias of a document and the node it stands for (undefined: no anchor of its name before it). */
export type AliasTargets = ReadonlyMap<Alias, Node | undefined>;

/**
 * Every alias's node, found in one walk in document order (an alias names the last anchor of its name
 * before it). The yaml package's Alias.resolve walks the whole document per call: once per key, a config
 * of thousands of anchors and alias keys took seconds.
 */
export function aliasTargets(doc: Document): AliasTargets {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return targets;
}

/**
 * A mapping key as the JS form names it (`1` and `"1"` are the same key there), or what is wrong with
 * it. An alias of a text (`*k` where `k: &k name`) is that text, as toJS reads it; an alias of a mapping
 * or list, or of no anchor before it, is refused as what it is, not as a mapping written as a key.
 */
export function yamlKeyName(key: unknown, aliases: AliasTargets, lines: LineCounter): { name: string } | { problem: string } {
  const line = (node: unknown) => (isNode(node) && node.range ? ` (line ${lines.linePos(node.range[0]).line})` : "");
  const target = isAlias(key) ? aliases.get(key) : key;
  if (isAlias(key) && target === undefined)
    return { problem: `the alias *${key.source} used as a key${line(key)} names no anchor before it; allowed: plain text keys` };
  if (key === null || key === undefined || (isScalar(target) && (target.value === null || target.value === undefined))) return { name: "" };
  if (isScalar(target)) return { name: String(target.value) };
  return isAlias(key)
    ? { problem: `the alias *${key.source} used as a key${line(key)} stands for a mapping or list; allowed: plain text keys` }
    : { problem: `a key${line(key)} is a mapping or list; allowed: plain text keys` };
}

/**
 * The first duplicate key of a YAML document, found in one pass with a set per mapping. The yaml
 * package's own `uniqueKeys` check compares each key with every earlier one: quadratic, seconds for a
 * mapping of 40k keys. Keys are compared as their JS form (yamlKeyName).
 */
export function duplicateYamlKey(doc: Document, lines: LineCounter): ConfigIssue | undefined {
  const aliases = aliasTargets(doc);
  const stack: { node: unknown; path: Path }[] = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: Path };
    if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) stack.push({ node: item, path: [...path, i] });
    }
    if (!isMap(node)) continue;
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      const key = pair.key;
      const named = yamlKeyName(key, aliases, lines);
      if ("problem" in named) return { path, message: named.problem };
      const name = named.name;
      const at = isNode(key) && key.range ? key.range[0] : 0;
      const first = seen.get(name);
      if (first !== undefined)
        return {
          path: [...path, name],
          message: `duplicate key (first at line ${lines.linePos(first).line}, again at line ${lines.linePos(at).line}); YAML keeps only one, so remove the other`,
        };
      seen.set(name, at);
      stack.push({ node: pair.value, path: [...path, name] });
    }
  }
  return undefined;
}
