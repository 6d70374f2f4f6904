import type { CheckResult, HttpObservation, SingletonField } from "./types";

export function pass(check: string, target: string, detail: string): CheckResult {
  return { check, target, status: "pass", detail };
}

export function fail(check: string, target: string, detail: string): CheckResult {
  return { check, target, status: "fail", detail };
}

export function skip(check: string, target: string, detail: string): CheckResult {
  return { check, target, status: "skip", detail };
}

/** A request that got no HTTP answer fails the check it was made for, saying why. */
export function noAnswer(check: string, obs: HttpObservation): CheckResult | undefined {
  if (obs.status !== undefined) return undefined;
  return fail(check, `${obs.method} ${obs.url}`, `no HTTP answer: ${obs.error ?? "unknown error"}`);
}

export function describeResponse(obs: HttpObservation): string {
  const location = obs.headers.location;
  return location === undefined ? `${obs.status}` : `${obs.status} -> ${location}`;
}

/**
 * How the answer `obs` gives any of `fields` twice with different values (`302 with 2 Location headers
 * of different values ("…", "…"), …`), or undefined: what a check says when the field it reads makes the
 * answer one no client reads as one.
 */
export function malformedIn(obs: HttpObservation, fields: readonly SingletonField[]): string | undefined {
  const found = (obs.malformed ?? []).filter((m) => fields.includes(m.field));
  return found.length === 0 ? undefined : `${obs.status} with ${found.map((m) => m.detail).join("; and ")}`;
}

/** The check failing an answer that gives any of `fields` twice with different values (malformedIn), or undefined. */
export function malformedAnswer(check: string, obs: HttpObservation, fields: readonly SingletonField[]): CheckResult | undefined {
  const why = malformedIn(obs, fields);
  return why === undefined ? undefined : fail(check, `${obs.method} ${obs.url}`, `malformed answer: ${why}`);
}
