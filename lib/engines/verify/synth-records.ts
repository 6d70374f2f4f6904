import { absoluteName } from "../../core/names";
import { fromTerraformLiteral } from "../../core/terraform/literal";
import { unquoteTxt } from "../../core/txt";
import { type AfterApplyValues, fillExpressions } from "../zone/after-apply";
import { stackDns, type StackRecord } from "../zone/stack-records";
import type { ExpectedRecord, RecordKind } from "../../core/verify/types";

const KINDS: readonly RecordKind[] = ["TXT", "MX", "CNAME"];

function isKind(type: string): type is RecordKind {
  return (KINDS as readonly string[]).includes(type);
}

/** Holds a Terraform expression (known only after apply); an escaped `$${` is literal text. */
function unresolved(value: unknown): boolean {
  return typeof value === "string" && /(^|[^$])\$\{/.test(value);
}

/**
 * `text` with every `${...}` the after-apply values fill (the same filling `golive zone --values`
 * does); unfilled, each known one reads `<dkim_tokens[0]>` (read back by pendingValues, lib/platform/probes.ts) and others stay as written.
 */
function filled(text: string, values: AfterApplyValues): { text: string; complete: boolean } {
  if (!unresolved(text)) return { text, complete: true };
  const done = fillExpressions(text, values);
  if (done.missing.length === 0) return { text: done.text, complete: true };
  const known = done.missing.filter((m) => /^[a-z][a-z0-9_]*\[\d+\]$/.test(m));
  let i = 0;
  // fillExpressions lists what is missing in order, one entry per `${...}` it could not fill.
  const readable = text.replace(/\$\{[^}]*\}/g, (whole) => {
    const m = done.missing[i++];
    return m !== undefined && known.includes(m) ? `<${m}>` : whole;
  });
  return { text: readable, complete: false };
}

/**
 * TXT, MX and CNAME records of one synthesized stack that a resolver can be asked about. Proxied records
 * are left out (the edge answers with its own addresses), and so is a CNAME at the zone apex (flattened). Values Terraform knows only after apply
 * (`${...}`, such as the SES DKIM tokens) are filled from `values` (`--values`); a record still
 * waiting for one comes back without a value: verify reports it as skipped (pendingValues, lib/platform/probes.ts).
 */
export function synthesizedRecords(stack: string, json: unknown, zone: string, values: AfterApplyValues = new Map()): ExpectedRecord[] {
  let records: readonly StackRecord[];
  try {
    // The same reader the zone export uses; JSON that is not a synthesized stack holds no records.
    records = stackDns(stack, json).records;
  } catch {
    return [];
  }
  const out: ExpectedRecord[] = [];
  for (const r of records) {
    if (!isKind(r.type) || r.proxied) continue;
    const n = filled(r.name, values);
    const c = r.content === undefined ? undefined : filled(r.content, values);
    const name = unresolved(n.text) ? n.text : absoluteName(n.text, zone);
    // Cloudflare flattens a CNAME at the apex and answers the target's A/AAAA, never the CNAME
    // (developers.cloudflare.com/dns/cname-flattening/set-up-cname-flattening/): nothing to ask for.
    if (r.type === "CNAME" && name === zone) continue;
    if (c === undefined || !n.complete || !c.complete) {
      out.push({ stack, name, type: r.type });
      continue;
    }
    // A filled value is final text; one written as is may hold escaped `$${` literals.
    const content = c.text === r.content ? fromTerraformLiteral(c.text) : c.text;
    const value = r.type === "TXT" ? unquoteTxt(content) : content.toLowerCase().replace(/\.$/, "");
    out.push(
      r.priority === undefined || r.type !== "MX"
        ? { stack, name, type: r.type, value }
        : { stack, name, type: r.type, value, priority: r.priority },
    );
  }
  const key = (r: ExpectedRecord): string => `${r.name} ${r.type} ${r.value ?? ""}`;
  // Code-unit order, not locale order: the same on every machine.
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
