import { type EnvView, perView, resourceFinding, type SynthResource } from "../../core/readiness/model";
import type { Finding } from "../../platform/readiness";
import { at, isTemplate, str } from "../../core/readiness/values";

/**
 * Which zone a zone-level resource (a setting, a ruleset, DNSSEC, URL normalization, origin pulls)
 * applies to. Its `zone_id` decides, not the stack it is in: an override can point the WAF or the
 * SSL setting at any other zone of the account, and the environment's zone then has none.
 *
 * The environment's zone, as the stacks name it (lib/core/providers.ts zoneId, constructs/edge-zone.ts):
 * - `${cloudflare_zone.<name>.id}`, the zone the edge stack creates;
 * - `${data.cloudflare_zone.<name>.id}` (or `.zone_id`) of a data source in the resource's own stack
 *   that looks the zone up by the name of such a zone, or by one of the literal ids below;
 * - a literal id a data source of the edge stack reads (`cloudflare.zone.id`: an adopted zone).
 * Anything else is another zone (a literal id) or cannot be told (another expression, none at all).
 */
export type ZoneOf = { readonly kind: "ours" } | { readonly kind: "other" | "unknown"; readonly why: string };

const ZONE_TYPE = "cloudflare_zone";
const REFERENCE = /^\$\{\s*(data\.)?cloudflare_zone\.([A-Za-z0-9_-]+)\.(id|zone_id)\s*\}$/;

interface EnvZone {
  readonly names: ReadonlySet<string>;
  readonly ids: ReadonlySet<string>;
  /** How findings name it. */
  readonly shown: string;
}

const envZone = perView((view: EnvView): EnvZone => {
  const created = view.ofType(ZONE_TYPE);
  const names = new Set(created.map((z) => (str(z.attrs.name) ?? "").toLowerCase()).filter((n) => n !== ""));
  // An adopted zone is read by id in the edge stack (the stack holding the zone's settings).
  const edgeStacks = new Set(view.ofType("cloudflare_zone_setting").map((r) => r.stack));
  const ids = new Set(
    view
      .dataOfType(ZONE_TYPE)
      .filter((d) => created.length === 0 && edgeStacks.has(d.stack))
      .map((d) => str(d.attrs.zone_id) ?? "")
      .filter((id) => id !== "" && !isTemplate(id)),
  );
  const shown = [...created.map((z) => `\${${z.address}.id}`), ...[...ids].map((id) => JSON.stringify(id))].join(" or ");
  return { names, ids, shown: shown || "none is declared" };
});

function ourDataSource(view: EnvView, zone: EnvZone, r: SynthResource, name: string): boolean {
  return view
    .dataOfType(ZONE_TYPE)
    .some(
      (d) =>
        d.stack === r.stack &&
        d.name === name &&
        (zone.ids.has(str(d.attrs.zone_id) ?? "") || zone.names.has((str(at(d.attrs, "filter", "name")) ?? "").toLowerCase())),
    );
}

export function zoneOf(view: EnvView, r: SynthResource): ZoneOf {
  const zone = envZone(view);
  const id = r.attrs.zone_id;
  if (id === undefined || id === null) return { kind: "unknown", why: "it has no zone_id" };
  if (typeof id !== "string") return { kind: "unknown", why: `its zone_id is ${JSON.stringify(id)}, not a zone id` };
  const ref = REFERENCE.exec(id.trim());
  if (ref !== null) {
    const [, data, name = ""] = ref;
    const ours = data ? ourDataSource(view, zone, r, name) : view.byAddress(`${ZONE_TYPE}.${name}`)?.type === ZONE_TYPE;
    return ours ? { kind: "ours" } : { kind: "unknown", why: `its zone_id ${id} names no zone this environment declares` };
  }
  if (isTemplate(id)) return { kind: "unknown", why: `its zone_id is the expression ${id}` };
  return zone.ids.has(id) ? { kind: "ours" } : { kind: "other", why: `its zone_id is ${JSON.stringify(id)}, another zone` };
}

/**
 * Why the zone the stacks treat as the environment's is not the config's `cloudflare.zone`, or
 * undefined: an override that repoints every resource and the zone itself (another name created, another
 * id adopted) keeps zoneOf's answers "ours", so the zone is compared with the config's as well.
 */
export function zoneNotConfigured(
  view: EnvView,
  configured: { readonly name: string; readonly id?: string | undefined },
): string | undefined {
  const zone = envZone(view);
  const name = configured.name.toLowerCase();
  const otherName = [...zone.names].find((n) => n !== name);
  if (otherName !== undefined) return `the stacks create the zone ${otherName}, but cloudflare.zone.name is ${configured.name}`;
  if (configured.id === undefined) return undefined;
  const otherId = [...zone.ids].find((id) => id !== configured.id);
  return otherId === undefined
    ? undefined
    : `the stacks adopt the zone ${JSON.stringify(otherId)}, but cloudflare.zone.id is ${JSON.stringify(configured.id)}`;
}

export function inEnvZone(view: EnvView, r: SynthResource): boolean {
  return zoneOf(view, r).kind === "ours";
}

/** Findings for the resources among `resources` that are not in the environment's zone: what they declare reaches another. */
export function offZoneFindings(view: EnvView, resources: readonly SynthResource[]): Finding[] {
  const findings: Finding[] = [];
  for (const r of resources) {
    const zone = zoneOf(view, r);
    if (zone.kind === "ours") continue;
    const lead = zone.kind === "other" ? zone.why : `cannot tell which zone it applies to: ${zone.why}`;
    findings.push(
      resourceFinding(
        r,
        `${lead}, not this environment's zone (${envZone(view).shown}): what it declares does not reach the zone the app is served from, so it is not counted; point zone_id at the environment's zone`,
      ),
    );
  }
  return findings;
}
