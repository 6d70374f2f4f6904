import type { CheckResult, HttpObservation } from "./types";

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
