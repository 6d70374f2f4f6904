/** A character's Unicode name as messages give it: `U+202E`, `U+00AD`, `U+E0041` (at least four hex digits, upper case). */
export function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}
