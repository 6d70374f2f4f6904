import { redact } from "./redact";

/**
 * `value` with every string in it, keys too, passed through `clean` (@default redact), as JSON.stringify
 * would serialise it (a `toJSON` is called first). Redaction runs on each value, never on the serialised
 * text: there a private key cut short (no END line) takes the rest of its line, the closing quote and
 * comma with it, and the JSON is broken; and a credential inside a value (`{"aws_secret_access_key":
 * "..."}`) has its quotes escaped there (`\"`), so the shapes that read its quotes no longer match.
 */
export function redactStrings(value: unknown, clean: (text: string) => string = (text) => redact(text)): unknown {
  if (typeof value === "string") return clean(value);
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, clean));
  if (typeof value !== "object" || value === null) return value;
  if ("toJSON" in value && typeof value.toJSON === "function") return redactStrings(value.toJSON(), clean);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), redactStrings(v, clean)]));
}

/** `value` as a command prints JSON (two-space indent, a final line break), every string redacted first (redactStrings). */
export function redactedJson(value: unknown): string {
  return `${JSON.stringify(redactStrings(value), null, 2)}\n`;
}
