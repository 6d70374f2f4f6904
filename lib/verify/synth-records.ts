import { z } from "zod";
import { unquoteTxt } from "../domain/txt";
import type { ExpectedRecord, RecordKind } from "./types";

const KINDS: readonly RecordKind[] = ["TXT", "MX", "CNAME"];

/** Just the attributes verify reads from a `cloudflare_dns_record`; everything else passes through. */
const DnsRecordResource = z.looseObject({
  name: z.string(),
  type: z.string(),
  content: z.string().optional(),
  priority: z.union([z.number(), z.string()]).optional(),
  proxied: z.union([z.boolean(), z.string()]).optional(),
});

const StackJson = z.looseObject({
  resource: z
    .looseObject({ cloudflare_dns_record: z.record(z.string(), z.unknown()).optional() })
    .optional(),
});

function isKind(type: string): type is RecordKind {
  return (KINDS as readonly string[]).includes(type);
}

/** `@` and relative names are relative to the zone; the result is lower-case without a trailing dot. */
export function absoluteName(name: string, zone: string): string {
  const n = name.toLowerCase().replace(/\.$/, "");
  if (n === "@" || n === zone) return zone;
  return n.endsWith(`.${zone}`) ? n : `${n}.${zone}`;
}

function unresolved(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/**
 * TXT, MX and CNAME records of one synthesized stack that a resolver can be asked about. Proxied records
 * are left out (the edge answers with its own addresses). Values Terraform knows only after apply
 * (`${...}`) come back without a value: verify reports them as unverifiable.
 */
export function synthesizedRecords(stack: string, json: unknown, zone: string): ExpectedRecord[] {
  const parsed = StackJson.safeParse(json);
  if (!parsed.success) return [];
  const out: ExpectedRecord[] = [];
  for (const raw of Object.values(parsed.data.resource?.cloudflare_dns_record ?? {})) {
    const r = DnsRecordResource.safeParse(raw);
    if (!r.success || !isKind(r.data.type) || r.data.proxied === true) continue;
    const name = unresolved(r.data.name) ? r.data.name : absoluteName(r.data.name, zone);
    const content = r.data.content;
    if (content === undefined || unresolved(r.data.name) || unresolved(content) || unresolved(r.data.priority)) {
      out.push({ stack, name, type: r.data.type });
      continue;
    }
    const value = r.data.type === "TXT" ? unquoteTxt(content) : content.toLowerCase().replace(/\.$/, "");
    const priority = typeof r.data.priority === "number" ? r.data.priority : undefined;
    out.push(priority === undefined || r.data.type !== "MX" ? { stack, name, type: r.data.type, value } : { stack, name, type: r.data.type, value, priority });
  }
  const key = (r: ExpectedRecord): string => `${r.name} ${r.type} ${r.value ?? ""}`;
  // Code-unit order, not locale order: the same on every machine.
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
