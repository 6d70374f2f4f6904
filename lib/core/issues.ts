/** One problem found in a config, addressed by its path inside the file. */
export interface ConfigIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * A key as a path shows it: as JSON when it is empty or holds what a path is written with (`.`, `[`,
 * `]`, `"`), so the key `"edge.hostnames[0]"` is not read as the field edge.hostnames[0], nor `""` as the root.
 */
export function quotedKey(key: string): string {
  return key === "" || /[.[\]"]/.test(key) ? JSON.stringify(key) : key;
}

/** `edge.hostnames[2].name` from ["edge", "hostnames", 2, "name"]; `keyText` shows each key (quotedKey). */
export function formatPath(path: readonly (string | number | symbol)[], keyText: (key: string) => string = quotedKey): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else {
      const key = keyText(String(part));
      out += out === "" ? key : `.${key}`;
    }
  }
  return out === "" ? "(root)" : out;
}

/** Describes a given value briefly for error text: strings quoted, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
