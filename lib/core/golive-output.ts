import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { recordedAsWritten } from "./written-record";

/**
 * How the files golive writes begin (or, for `check --compact`, end): a flag that writes a file replaces
 * an existing one only when it reads like one of these, so golive never overwrites what it did not
 * create, and CI can write the same report again on every run. __tests__/cli/output-files.spec.ts
 * renders every format and fails when one is no longer recognised here.
 */
const HEADS: readonly RegExp[] = [
  // plan-report and plan: the Markdown comment and --full-report
  /^<!-- golive:/,
  // check: the table
  /^Launch readiness \(today \d{4}-\d{2}-\d{2}\)\n/,
  // check --format junit
  /^<\?xml [^>]*\?>\s*<testsuites name="golive /,
  // check --format sarif
  /^\{\s*"\$schema": "https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json",\s*"version": "2\.1\.0",\s*"runs": \[\s*\{\s*"tool": \{\s*"driver": \{\s*"name": "golive /,
  // check --format json
  /^\{\s*"today": "\d{4}-\d{2}-\d{2}",\s*"environments": \[/,
  // plan-report --json
  /^\{\s*(?:"provenance": \{[^{}]*\},\s*)?"totals": \{\s*"delete": \d+,/,
  // plan-report --digest
  /^\{\s*"v": \d+,\s*(?:"commit": "[0-9a-f]+",\s*)?"stacks": \{/,
  // plan: the record of a stack that could not be planned. (A stack's plan is Terraform's own JSON,
  // which anyone can make with `terraform show -json`: golive's only when written-record.ts proves it.)
  /^\{\s*"golive_plan_failure": \{/,
];

/** check --compact ends with its verdict line. */
const TAILS: readonly RegExp[] = [/(?:^|\n)(?:NOT )?READY: \d+ blocker\(s\), \d+ warning\(s\), \d+ exempt(?:, \d+ rule\(s\) skipped)?\n$/];

/** Bytes read from each end: every signature fits well within them. */
const PEEK_BYTES = 4096;

/** Whether `text`, the first and last bytes of a file, reads like a file golive wrote. */
export function readsLikeGoliveOutput(head: string, tail: string): boolean {
  return HEADS.some((re) => re.test(head)) || TAILS.some((re) => re.test(tail));
}

/**
 * Whether the regular file `file` is one golive wrote: it reads like one of golive's own formats (its
 * first and last few KB), or it is a file of another's format (a saved plan) that the record beside it
 * proves golive wrote, byte for byte.
 */
export function writtenByGolive(file: string): boolean {
  return readsLikeOwnFormat(file) || recordedAsWritten(file);
}

function readsLikeOwnFormat(file: string): boolean {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const size = fstatSync(fd).size;
    const peek = (position: number) => {
      const buffer = Buffer.alloc(Math.min(PEEK_BYTES, size));
      const n = readSync(fd, buffer, 0, buffer.length, position);
      return buffer.subarray(0, n).toString("utf8");
    };
    return readsLikeGoliveOutput(peek(0), peek(Math.max(0, size - PEEK_BYTES)));
  } finally {
    closeSync(fd);
  }
}
