import { formatPath } from "../core/issues";
import { emailSendingDomain, mtaStsHostname } from "../core/mta-sts-host";
import { isInZone } from "../core/names";
import type { EmailConfig } from "../features/email/schema";
import type { CrossEnvIssue, LoadedEnvironment } from "./cross-env";
import type { AppConfig } from "./schema";

type FieldPath = readonly (string | number)[];

/** A name an environment's stacks declare in its zone, and the field that puts it there. */
export interface ZoneName {
  readonly name: string;
  readonly path: FieldPath;
  /** What the stacks declare at the name, as messages say it: "a DNS record and an Access application". */
  readonly becomes: string;
}

const EMAIL_RECORDS = "the email records (SPF, DMARC, MTA-STS, TLS-RPT, MX)";
const REDIRECT = "a redirect rule and its DNS record";

/**
 * RFC 7489 7.1 as email/model.ts publishes it: a report mailbox in this zone but in another organisation
 * than a name with its own `_dmarc` gets `<name>._report._dmarc.<mailbox domain>` (rua for the domain and
 * every non-sending name, ruf for the domain).
 */
function reportAuthorisationNames(zone: string, domain: string, e: EmailConfig): ZoneName[] {
  const lists = [
    ["rua", e.dmarc.rua, [domain, ...e.nonSending]],
    ["ruf", e.dmarc.ruf, [domain]],
  ] as const;
  return lists.flatMap(([field, addresses, names]) =>
    addresses.flatMap((address, i) => {
      const mailboxDomain = address.slice(address.lastIndexOf("@") + 1).toLowerCase();
      if (!isInZone(mailboxDomain, zone)) return [];
      return names
        .filter((name) => !isInZone(mailboxDomain, name) && !isInZone(name, mailboxDomain))
        .map((name) => ({
          name: `${name}._report._dmarc.${mailboxDomain}`,
          path: ["email", "dmarc", field, i],
          becomes: "a DMARC report authorisation record",
        }));
    }),
  );
}

function emailNames(zone: string, e: EmailConfig): ZoneName[] {
  const domain = emailSendingDomain(zone, e.domain);
  const at = (path: FieldPath, becomes: string) => (name: string) => ({ name, path, becomes });
  return [
    ...[domain, `_dmarc.${domain}`, `_mta-sts.${domain}`, `_smtp._tls.${domain}`].map(at(["email", "domain"], EMAIL_RECORDS)),
    at(["email", "domain"], "the MTA-STS policy Worker's custom domain")(mtaStsHostname(domain)),
    at(["email", "mailFromSubdomain"], "the SES MAIL FROM records")(`${e.mailFromSubdomain}.${domain}`),
    ...e.extraDkim.map((d, i) => at(["email", "extraDkim", i, "selector"], "a DKIM key record")(`${d.selector}._domainkey.${domain}`)),
    ...e.nonSending.flatMap((name, i) => [name, `_dmarc.${name}`].map(at(["email", "nonSending", i], "null MX, SPF and DMARC records"))),
    ...reportAuthorisationNames(zone, domain, e),
  ];
}

/**
 * Every name an environment's stacks declare in its zone, with the field that puts it there: DNS records
 * (edge/dns-records.ts, email/model.ts), redirect sources and their redirect-only records (edge/redirects.ts),
 * Access destinations (edge/access.ts: every hostname not public, and release.hostname), the load balancer
 * (traffic-<env>) and the MTA-STS Worker's custom domain. SES's DKIM CNAMEs (`<token>._domainkey.<domain>`)
 * are below email.domain, which stands for them. Read from the config fields here because lib/config may
 * not import those builders (the layering test, __tests__/architecture/imports.spec.ts); a test holds this
 * list to them (__tests__/config/zone-overlap.spec.ts).
 */
export function zoneNames(cfg: AppConfig): ZoneName[] {
  const zone = cfg.cloudflare.zone.name;
  const edge = cfg.edge;
  const out: ZoneName[] = [
    { name: zone, path: ["cloudflare", "zone", "name"], becomes: "the CAA records" },
    ...edge.hostnames.map((h, i) => ({
      name: h.name,
      path: ["edge", "hostnames", i, "name"],
      becomes: h.public === undefined ? "a DNS record and an Access application" : "a DNS record",
    })),
    ...edge.dns.map((r, i) => ({ name: r.name, path: ["edge", "dns", i, "name"], becomes: "a DNS record" })),
    ...edge.redirects.map((r, i) => ({ name: r.from.split("/")[0] as string, path: ["edge", "redirects", i, "from"], becomes: REDIRECT })),
  ];
  if (edge.canonicalHost !== "none")
    out.push({ name: edge.canonicalHost === "apex" ? `www.${zone}` : zone, path: ["edge", "canonicalHost"], becomes: REDIRECT });
  if (cfg.release)
    out.push({ name: cfg.release.hostname, path: ["release", "hostname"], becomes: "a load balancer and an Access application" });
  if (cfg.email) out.push(...emailNames(zone, cfg.email));
  return out;
}

const ZONE_FIELD = ["cloudflare", "zone", "name"] as const;

function zoneOf(env: LoadedEnvironment): string {
  return env.cfg.cloudflare.zone.name;
}

/**
 * A zone inside another environment's zone, either way round, on the later environment's zone. The
 * provider's zone resource: "If you are attempting to sign up a subdomain of a zone you must first have
 * Subdomain Support entitlement for your account" (cloudflare provider v5.14.0, its docs: resources/zone.md),
 * and the parent zone must delegate it with NS records, which the edge stacks do not declare.
 */
export function nestedZoneIssues(envs: readonly LoadedEnvironment[]): CrossEnvIssue[] {
  const why =
    "a zone inside another needs Cloudflare's Subdomain Support entitlement and NS records delegating it in the parent zone, which the edge stacks do not declare; allowed: a registrable domain of its own for each environment (neither zone inside the other)";
  return envs.flatMap((later, j) =>
    envs.slice(0, j).flatMap((earlier) => {
      const [mine, theirs] = [zoneOf(later), zoneOf(earlier)];
      if (mine === theirs) return []; // one zone for two environments: cross-env.ts's zone claims
      let relation: string;
      if (isInZone(mine, theirs)) relation = `is inside ${earlier.file}'s zone ${theirs}`;
      else if (isInZone(theirs, mine)) relation = `has ${earlier.file}'s zone ${theirs} inside it`;
      else return [];
      return [{ file: later.file, issue: { path: ZONE_FIELD, message: `"${mine}" ${relation} (${formatPath(ZONE_FIELD)}); ${why}` } }];
    }),
  );
}

/**
 * The environment whose zone answers for `name`: the deepest zone holding it, as a delegated zone answers
 * for every name below its apex (RFC 1034 4.2.1, zone cuts). Of two environments on one zone, the first.
 */
function answeringEnvironment(name: string, envs: readonly LoadedEnvironment[]): LoadedEnvironment | undefined {
  let deepest: LoadedEnvironment | undefined;
  for (const env of envs)
    if (isInZone(name, zoneOf(env)) && (deepest === undefined || zoneOf(env).length > zoneOf(deepest).length)) deepest = env;
  return deepest;
}

/**
 * A name an environment declares in another environment's zone (zoneNames: hostnames, DNS records,
 * Access destinations, redirect sources, email names), one issue per field, naming the other
 * environment's field when it declares the name too. Two environments declaring one name is always such
 * a case (each name is in its own environment's zone, so one zone holds the other); environments on one
 * zone are left to the zone claims.
 */
export function foreignNameIssues(envs: readonly LoadedEnvironment[]): CrossEnvIssue[] {
  const namesOf = new Map(envs.map((env) => [env, zoneNames(env.cfg)]));
  return envs.flatMap((env) => {
    const reported = new Set<string>();
    return (namesOf.get(env) ?? []).flatMap((n) => {
      const owner = answeringEnvironment(n.name, envs);
      const field = formatPath(n.path);
      if (owner === undefined || zoneOf(owner) === zoneOf(env) || reported.has(field)) return [];
      reported.add(field);
      const ownerZone = zoneOf(owner);
      const twin = (namesOf.get(owner) ?? []).find((m) => m.name === n.name);
      const message = twin
        ? `"${n.name}" is also ${owner.file}'s ${formatPath(twin.path)}, in its zone ${ownerZone}: both environments would declare it (here as ${n.becomes}, in ${zoneOf(env)}), and only ${ownerZone} answers for it; allowed: the name in one environment only, in its own zone`
        : `"${n.name}" is in ${owner.file}'s zone ${ownerZone} (${formatPath(ZONE_FIELD)}), which answers for every name below it once delegated (RFC 1034 4.2.1), so ${n.becomes} declared here would never be reached; allowed: names of ${zoneOf(env)} outside ${ownerZone}`;
      return [{ file: env.file, issue: { path: n.path, message } }];
    });
  });
}
