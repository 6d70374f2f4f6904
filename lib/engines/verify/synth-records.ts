import { fromTerraformLiteral } from "../../core/terraform/literal";
import { unquoteTxt } from "../../core/txt";
import { stackDns, type StackRecord } from "../zone/stack-records";
import type { ExpectedRecord, RecordKind } from "../../core/verify/types";

const KINDS: readonly RecordKind[] = ["TXT", "MX", "CNAME"];

function isKind(type: string): type is RecordKind {
  return (KINDS as readonly string[]).includes(type);
}

/** `@` and relative names are relative to the zone; the result is lower-case without a trailing dot. */
export function absoluteName(name: string, zone: string): string {
  const n = name.toLowerCase().replace(/\.$/, "");
  if (n === "@" || n === zone) return zone;
  return n.endsWith(`.${zone}`) ? n : `${n}.${zone}`;
}

/** Holds a Terraform expression (known only after apply); an escaped `$${` is literal text. */
function unresolved(value: unknown): boolean {
  return typeof value === "string" && /(^|[^$])\$\{/.test(value);
}

/**
 * TXT, MX and CNAME records of one synthesized stack that a resolver can be asked about. Proxied records
 * are left out (the edge answers with its own addresses). Values Terraform knows only after apply
 * (`${...}`) come back without a value: verify reports them as unverifiable.
 */
export function synthesizedRecords(stack: string, json: unknown, zone: string): ExpectedRecord[] {
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
    const name = unresolved(r.name) ? r.name : absoluteName(r.name, zone);
    if (r.content === undefined || unresolved(r.name) || unresolved(r.content)) {
      out.push({ stack, name, type: r.type });
      continue;
    }
    const content = fromTerraformLiteral(r.content);
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
