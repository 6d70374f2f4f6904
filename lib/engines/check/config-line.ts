import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";

/** `readiness.exemptions[1].rule` -> ["readiness", "exemptions", 1, "rule"]. */
function segments(path: string): (string | number)[] {
  return (path.match(/[^.[\]]+|\[\d+\]/g) ?? []).map((s) => (s.startsWith("[") ? Number(s.slice(1, -1)) : s));
}

/**
 * The 1-based line of a config field (`state.backend`, `readiness.exemptions[1]`) in a YAML (or JSON)
 * config file, read from the parser's node positions, so a comment or a nested key of the same name is
 * never taken for it. A field the file leaves out (a default) points at its deepest section present;
 * undefined when not even the first is.
 */
export function configLine(text: string, path: string): number | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const seg of segments(path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      const at = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
      if (pair === undefined || at === undefined) break;
      offset = at;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      const at = isMap(item) || isSeq(item) || isScalar(item) ? item.range?.[0] : undefined;
      if (at === undefined) break;
      offset = at;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
