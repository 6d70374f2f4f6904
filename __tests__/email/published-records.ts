import type { DNSResolver } from "mailauth";
import { desiredEdgeRecords } from "../../lib/features/edge/dns-records";
import { desiredEmailRecords } from "../../lib/features/email/model";
import { unquoteTxt } from "../../lib/core/txt";
import type { AppConfig } from "../../lib/config/schema";
import { type ConfigEdit, editedInput } from "../helpers/example-config";

/** A record as a resolver serves it. */
export interface Published {
  readonly name: string;
  readonly type: string;
  readonly text: string;
}

/** The records golive publishes for `cfg`, TXT text unquoted. */
export function published(cfg: AppConfig): Published[] {
  return [...desiredEdgeRecords(cfg), ...desiredEmailRecords(cfg)].map((r) => ({
    name: r.name,
    type: r.type,
    text: r.type === "TXT" ? unquoteTxt(r.content ?? "") : (r.content ?? ""),
  }));
}

/** A resolver answering from `records`, so mailauth shows what a receiver does with them. */
export function resolverOver(records: readonly Published[]): DNSResolver {
  return async (name, rrtype) => {
    const found = records.filter((r) => r.name === name && r.type === rrtype).map((r) => [r.text]);
    if (found.length === 0) throw Object.assign(new Error(`no ${rrtype} at ${name}`), { code: "ENODATA" });
    return found;
  };
}

/** The example's own edge.dns record (edge.dns[0]) plus `extra` as edge.dns[1], ... */
export function withDns(...extra: { name: string; type: string; content: string }[]): ConfigEdit {
  const own = (editedInput() as { edge: { dns: unknown[] } }).edge.dns;
  return [
    ["edge", "dns"],
    [...own, ...extra],
  ];
}

export const txt = (name: string, content: string) => ({ name, type: "TXT", content });
