import { at, show, str } from "../../../platform/risks";
import { templateText } from "./template";

const UNIT_SECONDS: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001, µs: 0.000001, ns: 1e-9 };

/** A Go duration (`8h`, `1h30m`, `720h`) in seconds; `forever` is infinite; anything else undefined. */
function seconds(value: unknown): number | undefined {
  const text = str(value)?.trim().toLowerCase();
  if (text === undefined) return undefined;
  if (text === "forever") return Number.POSITIVE_INFINITY;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_SECONDS[p[2] ?? ""] ?? 0), 0);
}

/**
 * An Access session or a service token that lives longer: stolen, it stays valid longer (`forever`:
 * until someone revokes it). Unset before is Cloudflare's default, which golive never relies on, so
 * only two known values are compared; an expression may raise it.
 */
export function durationRaised(before: unknown, after: unknown, key: string, label: string): string[] {
  const [b, a] = [at(before, key), at(after, key)];
  if (a === b) return [];
  const template = templateText(a);
  if (template !== undefined) return [`${label}: ${key} set by the expression ${template}: may keep credentials valid longer`];
  const [was, now] = [seconds(b), seconds(a)];
  if (was === undefined || now === undefined || now <= was) return [];
  const why = now === Number.POSITIVE_INFINITY ? "it never expires" : "stolen, it stays valid longer";
  return [`${label}: ${key} raised: ${show(b)} -> ${show(a)}: ${why}`];
}
