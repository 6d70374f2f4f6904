/** Pure DNS-name helpers shared by builders and validators. */
import { createHash } from "node:crypto";

export function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** `@` and relative names are relative to the zone; the result is lower-case without a trailing dot. */
export function absoluteName(name: string, zone: string): string {
  const n = name.toLowerCase().replace(/\.$/, "");
  if (n === "@" || n === zone) return zone;
  return n.endsWith(`.${zone}`) ? n : `${n}.${zone}`;
}

export function isWildcard(name: string): boolean {
  return name.includes("*");
}

/** A wildcard is only valid as the whole left-most label of a name below the apex: `*.dev.example.com`. */
export function isWellFormedWildcard(name: string, zone: string): boolean {
  if (!isWildcard(name)) return true;
  if (!name.startsWith("*.")) return false;
  const rest = name.slice(2);
  return !rest.includes("*") && isInZone(rest, zone);
}

/** How much of a slug ids keep. */
const SLUG_CHARS = 60;

/** A construct-id-safe slug: stable, lower-case, readable in plans. */
export function slug(text: string): string {
  return wholeSlug(text).slice(0, SLUG_CHARS);
}

/** slug() before its cut: longer than slug(text) exactly when slug() cut it. */
export function wholeSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/^\*\./, "wildcard.")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Short stable hash for ids of multi-valued records (MX, TXT, CAA). FNV-1a, 32-bit. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * A 64-bit hash (SHA-256's first 16 hex digits) for the ids of records whose shortHash collides with
 * another's: 32 bits are found to collide by trying some 100,000 values, 64 bits are not.
 */
export function longHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** The `<app>-<env>` prefix of every resource name an environment owns: written here once. */
export function namePrefix(app: string, env: string): string {
  return `${app}-${env}`;
}

/** A stack is named `<kind>-<env>`: `cdktf deploy edge-production`. */
export function stackName(kind: string, env: string): string {
  return `${kind}-${env}`;
}

/** An environment's Cloudflare zone, by name (a loaded environment: its config and file). */
export function zoneOf(env: { readonly cfg: { readonly cloudflare: { readonly zone: { readonly name: string } } } }): string {
  return env.cfg.cloudflare.zone.name;
}
