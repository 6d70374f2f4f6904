import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { tempDir } from "../helpers/cli";

/** A temp working directory holding a copy of the example configs, for release commands to edit. */
export interface ReleaseFixture {
  readonly dir: string;
  readonly file: string;
  read(): string;
  /** Edits the copy of production.yaml by path (as an operator would by hand). */
  set(path: readonly (string | number)[], value: unknown): void;
  /** Names in the config directory, to catch stray temp files. */
  entries(): string[];
}

export function releaseFixture(): ReleaseFixture {
  const dir = tempDir("golive-release-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  const file = join(dir, "config", "production.yaml");
  return {
    dir,
    file,
    read: () => readFileSync(file, "utf8"),
    set(path, value) {
      const doc = parseDocument(readFileSync(file, "utf8"));
      doc.setIn([...path], value);
      writeFileSync(file, doc.toString());
    },
    entries: () => readdirSync(join(dir, "config")).sort(),
  };
}

/** Lines that differ between two texts of equal line count (undefined when the counts differ). */
export function changedLines(before: string, after: string): string[] | undefined {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length !== b.length) return undefined;
  return b.filter((line, i) => line !== a[i]);
}
