import type { AppConfig } from "../../config/schema";
import { desiredAlarms, keptOfCutName } from "../monitoring/alarms";
import { desiredUptimeChecks, type UptimeCheck } from "../monitoring/uptime-checks";
import type { Colour } from "./schema";

/**
 * What an alarm watches, as far as its name tells (all fields absent: nothing golive can put on a host
 * or a colour).
 */
export interface AlarmSubject {
  /** An origin check's address: the IP Route 53 connects to, or the hostname it resolves. */
  readonly address?: string;
  /** The public hostname the check stands for, or the origin hostname an origin alarm names. */
  readonly hostname?: string;
  /** A pool origin's alarm: its colour and origin name (only the name's beginning when `whole` is false: cut). */
  readonly pool?: { readonly colour: Colour; readonly origin: string; readonly whole: boolean };
}

/** What the check behind one of the monitoring stack's alarms watches (uptime-checks.ts). */
function subjectOfCheck(c: UptimeCheck): AlarmSubject {
  if (c.target === "edge") return { hostname: c.hostname };
  return {
    address: c.ipAddress ?? c.fqdn,
    hostname: c.hostname,
    ...(c.pool ? { pool: { colour: c.pool.colour, origin: c.pool.origin, whole: true } } : {}),
  };
}

/**
 * Every alarm name the monitoring stack writes for `cfg` (alarms.ts, cut names included, to the
 * letter), with what its check watches: read from the checks, not from the name, so a name cut at
 * 255 characters, or an origin whose check another hostname's origin check stands for (the same origin
 * hostname is checked once), is still known by its address.
 */
export function knownAlarmSubjects(cfg: AppConfig): ReadonlyMap<string, AlarmSubject> {
  const checks = desiredUptimeChecks(cfg);
  const byKey = new Map(checks.map((c) => [c.key, c]));
  return new Map(
    desiredAlarms(cfg, checks).flatMap((a) => {
      const check = byKey.get(a.checkKey);
      return check ? [[a.name, subjectOfCheck(check)] as const] : [];
    }),
  );
}

// The names the monitoring stack writes (lib/features/monitoring/alarms.ts), after `<app>-<env> `:
// `edge down: <host>`, `origin down: <host>[ (<colour> pool origin <name>[, <ip>])]` or `[ (<ip>)]`,
// and `average latency over <n> ms: <host> (<edge|origin>)`. A host holds no space or parenthesis.
const EDGE_DOWN = /^edge down: (\S+)$/;
const LATENCY = /^average latency over \d+ ms: (\S+) \((?:edge|origin)\)$/;
const ORIGIN_DOWN = /^origin down: (\S+)(?: \(([^()]+)\))?$/;
const POOL_ORIGIN = /^(blue|green) pool origin ([^,()]+)(?:, ([^,()]+))?$/;
// What survives of a cut name: the host when a space follows it, the colour once `pool origin ` did.
const CUT_ORIGIN_DOWN = /^origin down: (\S+) \((.*)$/;
const CUT_POOL_ORIGIN = /^(blue|green) pool origin ([^,()]*)(,?)/;

/** An uncut name (after the prefix) the monitoring stack's way. */
function subjectOfWholeName(rest: string): AlarmSubject {
  const host = EDGE_DOWN.exec(rest)?.[1] ?? LATENCY.exec(rest)?.[1];
  if (host !== undefined) return { hostname: host };
  const origin = ORIGIN_DOWN.exec(rest);
  if (!origin?.[1]) return {};
  const [, fqdn, detail] = origin;
  if (detail === undefined) return { address: fqdn, hostname: fqdn };
  const pool = POOL_ORIGIN.exec(detail);
  if (!pool) return { address: detail, hostname: fqdn };
  const [, colour, name = "", ip] = pool;
  return { address: ip ?? fqdn, pool: { colour: colour === "blue" ? "blue" : "green", origin: name, whole: true } };
}

/**
 * What a name cut at 255 characters still says whole (after the prefix): the host of an origin alarm
 * once a space follows it (only as an address: it may be a public hostname whose IP was cut off, so it
 * is never taken for another host), and a pool origin's colour with its name or the name's beginning.
 */
function subjectOfCutName(rest: string): AlarmSubject {
  const origin = CUT_ORIGIN_DOWN.exec(rest);
  if (!origin?.[1]) return {};
  const [, fqdn, detail = ""] = origin;
  const pool = CUT_POOL_ORIGIN.exec(detail);
  if (!pool) return { address: fqdn };
  const [, colour, name = "", comma] = pool;
  return { address: fqdn, pool: { colour: colour === "blue" ? "blue" : "green", origin: name, whole: comma === "," } };
}

/** What the alarm `name` of this environment (after `prefix`) watches: known names first, else as read. */
export function alarmSubject(name: string, prefix: string, known: ReadonlyMap<string, AlarmSubject>): AlarmSubject {
  const found = known.get(name);
  if (found) return found;
  const kept = keptOfCutName(name);
  return kept === undefined ? subjectOfWholeName(name.slice(prefix.length)) : subjectOfCutName(kept.slice(prefix.length));
}
