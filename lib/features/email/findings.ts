/** One result of an email-record check: errors block a deploy, warnings are printed with a fix. */
export interface EmailFinding {
  readonly severity: "error" | "warning";
  /** Stable rule id such as `spf-lookups` (for tests and machine output). */
  readonly code: string;
  readonly message: string;
  /**
   * The checked record's own term the finding is about (`include:_spf.example.com`), when one is, so a
   * caller can name the config field that wrote it. @default none
   */
  readonly term?: string;
}

export function error(code: string, message: string): EmailFinding {
  return { severity: "error", code, message };
}

export function warning(code: string, message: string): EmailFinding {
  return { severity: "warning", code, message };
}

export function errorsOnly(findings: readonly EmailFinding[]): EmailFinding[] {
  return findings.filter((f) => f.severity === "error");
}

/** Parses `k=v; k=v` tag lists (DMARC, DKIM, MTA-STS, TLS-RPT); reports duplicate or malformed tags. */
export function parseTagList(value: string, prefix: string): { tags: Map<string, string>; order: string[]; findings: EmailFinding[] } {
  const tags = new Map<string, string>();
  const order: string[] = [];
  const findings: EmailFinding[] = [];
  for (const raw of value.split(";")) {
    const part = raw.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) {
      findings.push(error(`${prefix}-syntax`, `"${part}" is not a tag=value pair`));
      continue;
    }
    const name = part.slice(0, eq).trim().toLowerCase();
    const tagValue = part.slice(eq + 1).trim();
    if (tags.has(name)) findings.push(error(`${prefix}-duplicate-tag`, `tag "${name}" appears twice; each tag may appear once`));
    else {
      tags.set(name, tagValue);
      order.push(name);
    }
  }
  return { tags, order, findings };
}
