import { type EnvView, referencedAddresses } from "../../core/readiness/model";
import { at, isRecord, isTemplate, type JsonRecord, literalStr, records, str, templatesIn } from "../../core/readiness/values";
import { isPublicMailDomain } from "./public-mail";

/**
 * Who an Access policy (or group) admits, as far as the synth shows it.
 *
 * A policy's rules combine like this (zero_trust_access_policy/schema.go:99-626 @ v5.14.0, and the
 * same blocks in an application's inline `policies` and in a group): `include` is an OR (one term
 * suffices), `require` an AND (every term must hold), `exclude` a NOT. A `group` term stands for the
 * group's own include/require/exclude, followed here (a group the synth does not declare cannot be read).
 *
 * "Open" means the policy admits people or machines nobody chose: a term of OPEN_SELECTORS, or an
 * `email_domain` of a public mail provider (public-mail.ts), in `include`, narrowed by no `require`
 * term that names someone. Such terms describe how or where a
 * request comes (any login method, any country, any network, any device, any client certificate, any
 * service token), not who it is; with an allow decision anyone able to sign in with any configured
 * identity provider (one-time PIN: any e-mail address) gets through. An exclude only removes people,
 * so it never closes an open policy unless it excludes everyone.
 */
const OPEN_SELECTORS: Readonly<Record<string, string>> = {
  everyone: "everyone",
  any_valid_service_token: "any valid service token (every service token of the account)",
  login_method: "a login method (anyone who signs in with it)",
  auth_method: "an authentication method (anyone who used it)",
  certificate: "any valid client certificate",
  geo: "a country (anyone there)",
  ip: "an IP range (anyone on it)",
  ip_list: "an IP list (anyone on it)",
  device_posture: "a device posture check (any device passing it)",
  auth_context: "an Azure authentication context (anyone who satisfied it)",
};

const GROUP_TYPES = ["cloudflare_zero_trust_access_group", "cloudflare_access_group"];
export const POLICY_TYPES = ["cloudflare_zero_trust_access_policy", "cloudflare_access_policy"];

export type Audience = { readonly kind: "open" | "unknown"; readonly why: string } | { readonly kind: "closed" };

const CLOSED: Audience = { kind: "closed" };

/** Selectors a term sets (the provider allows one per term: ObjectSizeAtMost(1)). */
function selectors(term: JsonRecord): string[] {
  return Object.keys(term).filter((k) => isRecord(term[k]) || term[k] === true);
}

function groupAudience(view: EnvView, ref: unknown, seen: ReadonlySet<string>): Audience {
  const id = str(at(ref, "id")) ?? "";
  const [address] = [...referencedAddresses(id)];
  const group = address === undefined ? undefined : view.byAddress(address);
  if (group === undefined || !GROUP_TYPES.includes(group.type))
    return { kind: "unknown", why: `group ${JSON.stringify(id)} is not declared in the synth, so its members cannot be read` };
  if (seen.has(group.address)) return CLOSED; // a cycle adds nobody
  const inner = rulesAudience(view, group.attrs, new Set([...seen, group.address]));
  if (inner.kind === "closed") return CLOSED;
  return {
    kind: inner.kind,
    why: `group ${JSON.stringify(group.attrs.name ?? group.name)} (${group.address}), which ${inner.kind === "open" ? "includes" : "is unreadable:"} ${inner.why}`,
  };
}

/** `${<type>.<name>.id}`: one declared object named by its id (a service token, an identity provider). */
const ID_REFERENCE = /^\$\{(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+\.id\}$/;

/**
 * A term golive cannot read: a selector or its value written as a Terraform expression, which may
 * evaluate to anything (`everyone: "${{}}"`, a domain `"${var.d}"`). An id field (`token_id`,
 * `identity_provider_id`) holding the id of one declared object names that object, as golive writes
 * it; a group's id is followed by groupAudience.
 */
function unreadableTerm(term: JsonRecord): Audience | undefined {
  const found = Object.keys(term)
    .filter((key) => key !== "group")
    .flatMap((key) => templatesIn(term[key], key))
    .find((t) => !(/(^|[._])id$/.test(t.path) && ID_REFERENCE.test(t.value)));
  return found && { kind: "unknown", why: `${found.path} is the expression ${found.value} (write a literal)` };
}

function termAudience(view: EnvView, term: JsonRecord, seen: ReadonlySet<string>): Audience {
  const unreadable = unreadableTerm(term);
  if (unreadable !== undefined) return unreadable;
  const verdicts = selectors(term).map((s): Audience => {
    const open = OPEN_SELECTORS[s];
    if (open !== undefined) return { kind: "open", why: open };
    // An e-mail domain names the people of an organisation, unless anyone can get an address there.
    const domain = s === "email_domain" ? str(at(term, s, "domain")) : undefined;
    if (domain !== undefined && isPublicMailDomain(domain))
      return { kind: "open", why: `the e-mail domain ${domain}, a public mail provider's (anyone can get an address there)` };
    return s === "group" ? groupAudience(view, term.group, seen) : CLOSED;
  });
  return verdicts.find((v) => v.kind === "open") ?? verdicts.find((v) => v.kind === "unknown") ?? CLOSED;
}

/** Who the include/require/exclude blocks of a policy or group admit (see the comment above). */
export function rulesAudience(view: EnvView, attrs: JsonRecord, seen: ReadonlySet<string> = new Set()): Audience {
  for (const block of ["include", "require"]) {
    const value = attrs[block];
    if (typeof value === "string" && isTemplate(value))
      return { kind: "unknown", why: `${block} is the expression ${value} (write a literal)` };
  }
  const include = records(attrs.include).map((t) => termAudience(view, t, seen));
  const wide = include.find((v) => v.kind === "open") ?? include.find((v) => v.kind === "unknown");
  if (wide === undefined) return CLOSED;
  if (records(attrs.exclude).some((t) => selectors(t).includes("everyone"))) return CLOSED;
  const require = records(attrs.require).map((t) => termAudience(view, t, seen));
  if (require.some((v) => v.kind === "closed")) return CLOSED;
  const unknown = wide.kind === "unknown" ? wide : require.find((v) => v.kind === "unknown");
  return unknown ?? wide;
}

/**
 * Why a policy (a resource's attributes or an application's inline policy) lets requests through
 * without a chosen identity, or undefined. bypass: no authentication at all, whatever it includes;
 * allow: an open audience; non_identity (Service Auth: no login, only a token or certificate): anything
 * but specific service tokens or certificates, e.g. any_valid_service_token, which admits every token
 * of the account (zero_trust_access_policy/schema.go:117-121). deny never lets anyone in.
 */
export function policyProblem(view: EnvView, policy: JsonRecord): string | undefined {
  const read = literalStr(policy.decision);
  // "${\"bypass\"}" is a bypass once Terraform evaluates it: a decision golive cannot read is a finding.
  if (read.kind === "unknown") return `cannot tell what it decides: decision is ${read.shown}; write a literal`;
  const decision = read.kind === "value" ? read.value.toLowerCase() : "";
  if (decision === "bypass") return 'decision is "bypass": requests skip authentication';
  if (decision !== "allow" && decision !== "non_identity") return undefined;
  const audience = rulesAudience(view, policy);
  if (audience.kind === "closed") return undefined;
  const what = decision === "allow" ? "allow policy" : "non_identity (Service Auth) policy";
  if (audience.kind === "unknown") return `${what}: who it admits cannot be verified: ${audience.why}`;
  return decision === "allow"
    ? `${what} includes ${audience.why}: anyone who can sign in gets through`
    : `${what} includes ${audience.why}: requests get through without a login`;
}
