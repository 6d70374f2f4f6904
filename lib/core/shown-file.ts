import { printable } from "./printable";

/**
 * A file's name as a message shows it, with every control character escaped: printable() keeps a line
 * feed and a tab, which multi-line messages need, but in a file's name they split the error line
 * (`config/pro` / `d.yaml: (root): ...`). golive --help promises control characters from input (a path,
 * a name) print as \u escapes.
 */
export function shownFile(file: string): string {
  return printable(file).replace(/[\t\n]/g, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}
