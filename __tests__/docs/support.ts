import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository root (not from helpers/example-config: these tests load no golive code they do not test). */
export const REPO_ROOT = join(__dirname, "..", "..");

/** README.md and every docs/*.md page, repository-relative, README first. */
export function docFiles(): string[] {
  const pages = readdirSync(join(REPO_ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", ...pages];
}

/**
 * Each concern's README.md (lib/features/<concern>/README.md: what it declares and why), sorted. They
 * cite their own folder's files from it (`probes/plan.ts`), so the checks of paths from the root skip them.
 */
export function featureReadmes(): string[] {
  return readdirSync(join(REPO_ROOT, "lib", "features"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(REPO_ROOT, "lib", "features", d.name, "README.md")))
    .map((d) => `lib/features/${d.name}/README.md`)
    .sort();
}

/** docFiles() and the runbooks: every page a user reads. */
export function userPages(): string[] {
  const runbooks = readdirSync(join(REPO_ROOT, "runbooks"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `runbooks/${f}`);
  return [...docFiles(), ...runbooks];
}

export function readDoc(path: string): string {
  return readFileSync(join(REPO_ROOT, path), "utf8");
}

/**
 * The lines of a Markdown text outside fenced code blocks (``` or ~~~; a fence closes only with at
 * least as many of the same character, so a ````` block may hold ``` blocks), with 1-based numbers.
 */
export function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: { char: string; length: number } | undefined;
  text.split("\n").forEach((raw, i) => {
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
    if (m?.[1]) {
      const char = m[1][0] ?? "`";
      if (fence === undefined) fence = { char, length: m[1].length };
      else if (char === fence.char && m[1].length >= fence.length && raw.trim() === m[1]) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ line: i + 1, text: raw });
  });
  return out;
}

/** GitHub's heading anchor: lower case, punctuation and emoji dropped, spaces to dashes (github-slugger). */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor a page's headings define, with GitHub's -1, -2 suffixes for repeats. */
export function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { text: line } of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

export interface MarkdownLink {
  readonly line: number;
  readonly target: string;
}

/** Inline links `[text](target)` outside code blocks and code spans. */
export function linksOf(text: string): MarkdownLink[] {
  const out: MarkdownLink[] = [];
  for (const { line, text: raw } of proseLines(text)) {
    const prose = raw.replace(/(`+)[\s\S]*?\1/g, "");
    for (const m of prose.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ line, target: m[1] ?? "" });
  }
  return out;
}
