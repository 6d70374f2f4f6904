import type { CheckResult, DnsObservation } from "../../core/verify/types";
import { fail, pass, skip } from "../../core/verify/result";
import type { ProbeRun, Resolution } from "../../platform/probes";
import { SPF_VOID_LIMIT } from "./spf";
import { SPF_LOOKUP_KINDS, SPF_LOOKUP_LIMIT } from "./spf-lookups";
import { evaluatedTerms, parseSpf, type SpfTerm } from "./spf-parse";
import { isTxtOfKind } from "./single-txt";
import { NO_RECORD } from "../../core/verify/no-record";

/** What the walk queries: the resolver of the verify run (`--resolver`), nothing else. */
export type SpfLiveNet = Pick<ProbeRun, "records" | "resolve">;

export const SPF_LIVE_CHECK = "spf.evaluation";

/** RFC 7208 4.6.4: the address lookups one mx (or ptr) mechanism may make. */
const SPF_MX_HOST_LIMIT = 10;

/** Why evaluation ends before a result: a permerror every receiver reaches, or a lookup verify could not make. */
interface Stop {
  readonly kind: "permerror" | "temperror";
  readonly detail: string;
}

interface Tally {
  lookups: number;
  voids: number;
  /** Terms whose target holds a macro: expanded per message, so counted but not followed. */
  macros: number;
}

type Answer = "found" | "void" | Stop;

const chain = (via: readonly string[]): string => via.join(" -> ");
const lookupFailed = (what: string, code: string): Stop => ({
  kind: "temperror",
  detail: `${what}: lookup failed (${code}); receivers' SPF check ends in temperror (RFC 7208 5), unverifiable here`,
});

/** RFC 7208 4.6.4: a void lookup is an answer with no records, NODATA or NXDOMAIN (NO_RECORD). */
function txtAnswer(obs: DnsObservation, what: string): Answer {
  if (obs.error !== undefined) return NO_RECORD.has(obs.error) ? "void" : lookupFailed(what, obs.error);
  return obs.values.length === 0 ? "void" : "found";
}

/**
 * An a/exists target's addresses as the run's resolver reports them: void when the answer holds no
 * record (ENODATA, ENOTFOUND), a lookup failure otherwise. An address refused by --loopback-only (no
 * code) exists all the same: only probing it is refused.
 */
function addressAnswer(r: Resolution, what: string): Answer {
  if ("address" in r || r.code === undefined) return "found";
  return NO_RECORD.has(r.code) ? "void" : lookupFailed(what, r.code);
}

/** The one SPF record at `domain`, or why a receiver finds none (`void`: the name has no TXT at all). */
async function spfAt(net: SpfLiveNet, domain: string): Promise<{ record: string } | { none: true; void: boolean } | Stop> {
  const obs = await net.records(domain, "TXT");
  const answer = txtAnswer(obs, `TXT ${domain}`);
  if (typeof answer === "object") return answer;
  const spf = obs.values.filter((v) => isTxtOfKind("spf", v.value));
  if (spf.length > 1)
    return { kind: "permerror", detail: `${domain} has ${spf.length} SPF records, a permerror (RFC 7208 4.5): delete all but one` };
  const first = spf[0];
  return first === undefined ? { none: true, void: answer === "void" } : { record: first.value };
}

/** The mechanisms in order, then redirect= (RFC 7208 6.1: applied only when no mechanism matched). */
function inEvaluationOrder(txt: string): SpfTerm[] | Stop {
  const record = parseSpf(txt);
  const syntax = record.findings.find((f) => f.severity === "error");
  if (syntax !== undefined) return { kind: "permerror", detail: `syntax error, a permerror (RFC 7208 4.6): ${syntax.message}` };
  const terms = evaluatedTerms(record);
  return [...terms.filter((t) => t.kind !== "redirect"), ...terms.filter((t) => t.kind === "redirect")];
}

/** Follows one term that queries DNS; `here` is the chain of terms from the checked record to it. */
async function follow(net: SpfLiveNet, t: SpfTerm, domain: string, here: readonly string[], tally: Tally): Promise<Stop | undefined> {
  const target = (t.target ?? domain).toLowerCase().replace(/\.$/, "");
  if (t.kind === "ptr") return undefined; // its query is the client's address: nothing to walk without a message
  if (target.includes("%")) {
    tally.macros += 1;
    return undefined;
  }
  if (t.kind === "include" || t.kind === "redirect") {
    const found = await spfAt(net, target);
    if ("kind" in found) return { ...found, detail: `${chain(here)}: ${found.detail}` };
    if ("none" in found) {
      if (found.void) tally.voids += 1;
      const rfc = t.kind === "include" ? "5.2" : "6.1";
      return { kind: "permerror", detail: `${chain(here)}: ${target} has no SPF record, a permerror (RFC 7208 ${rfc})` };
    }
    return walk(net, found.record, target, here, tally);
  }
  const mx = t.kind === "mx" ? await net.records(target, "MX") : undefined;
  const answer = mx !== undefined ? txtAnswer(mx, `MX ${target}`) : addressAnswer(await net.resolve(target), `A/AAAA ${target}`);
  if (typeof answer === "object") return { ...answer, detail: `${chain(here)}: ${answer.detail}` };
  // RFC 7208 4.6.4: one mx may query at most 10 hosts' addresses, beyond that the mechanism is a permerror.
  if (mx !== undefined && mx.values.length > SPF_MX_HOST_LIMIT)
    return {
      kind: "permerror",
      detail: `${chain(here)}: ${target} has ${mx.values.length} MX hosts, more than the ${SPF_MX_HOST_LIMIT} address lookups RFC 7208 4.6.4 allows one mx`,
    };
  if (answer === "found") return undefined;
  tally.voids += 1;
  if (tally.voids <= SPF_VOID_LIMIT) return undefined;
  return {
    kind: "permerror",
    detail: `${chain(here)}: ${tally.voids} void lookups (${target} has no ${t.kind === "mx" ? "MX" : "address"}), more than the ${SPF_VOID_LIMIT} RFC 7208 4.6.4 allows`,
  };
}

/**
 * Walks one record as a receiver evaluates it for a sender it lists nowhere (every term reached):
 * each include, a, mx, ptr, exists and redirect counts against the 10 lookups of RFC 7208 4.6.4 over the
 * whole tree, each answer with no records against its 2 void lookups, each mx against its 10 hosts.
 * The limit also ends a loop.
 */
async function walk(net: SpfLiveNet, txt: string, domain: string, via: readonly string[], tally: Tally): Promise<Stop | undefined> {
  const terms = inEvaluationOrder(txt);
  if (!Array.isArray(terms)) return via.length === 0 ? terms : { ...terms, detail: `${chain(via)}: ${domain}: ${terms.detail}` };
  for (const t of terms) {
    if (!SPF_LOOKUP_KINDS.has(t.kind)) continue;
    tally.lookups += 1;
    const here = [...via, t.text];
    if (tally.lookups > SPF_LOOKUP_LIMIT)
      return {
        kind: "permerror",
        detail: `${chain(here)}: ${tally.lookups} DNS lookups, more than the ${SPF_LOOKUP_LIMIT} RFC 7208 4.6.4 allows`,
      };
    const stop = await follow(net, t, domain, here, tally);
    if (stop !== undefined) return stop;
  }
  return undefined;
}

/**
 * The live SPF record at `name` evaluated through the run's resolver, following every include: and
 * redirect= to the records live now (config validation can only guess at a provider's record,
 * spf-lookups.ts UNKNOWN_INCLUDE_COST). Fails on what makes every receiver's check a permerror, passes
 * with the counts; a name with no live SPF record is dns.record's failure, skipped here.
 */
export async function evaluateLiveSpf(net: SpfLiveNet, name: string): Promise<CheckResult> {
  const target = `TXT ${name}`;
  const found = await spfAt(net, name);
  if ("kind" in found) return fail(SPF_LIVE_CHECK, target, `${found.kind}: ${found.detail}`);
  if ("none" in found) return skip(SPF_LIVE_CHECK, target, "no live SPF record to evaluate (dns.record reports it)");
  const tally: Tally = { lookups: 0, voids: 0, macros: 0 };
  const stop = await walk(net, found.record, name, [], tally);
  if (stop !== undefined) return fail(SPF_LIVE_CHECK, target, `${stop.kind}: ${stop.detail}`);
  const macros = tally.macros === 0 ? "" : `; ${tally.macros} with a macro, expanded per message, counted but not followed`;
  return pass(
    SPF_LIVE_CHECK,
    target,
    `evaluated live: ${tally.lookups} of ${SPF_LOOKUP_LIMIT} DNS lookups, ${tally.voids} of ${SPF_VOID_LIMIT} void lookups${macros}`,
  );
}
