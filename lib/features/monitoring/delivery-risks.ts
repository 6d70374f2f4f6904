/**
 * What stops an alarm reaching anyone without touching its thresholds: the topic's publisher (CloudWatch
 * alarms; SES for the email stack's feedback topic) losing its grant in the topic policy or on the
 * topic's key (removed, narrowed, or refused by a new Deny; a key created without it), and an alarm moved to another metric. Read alike in a plan and a configuration diff; a
 * value known only after apply is not judged.
 */
import type { ChangeView } from "../../core/plan/changes";
import { isRecord } from "../../core/json";
import { allowsLost } from "../../core/plan/policy-losses";
import { readStatements, statementLabel } from "../../core/plan/policy-statements";
import { UNKNOWN } from "../../core/plan/values";
import { afterOf, at, isTemplate, show, unset } from "../../platform/risks";
import { grantProblems, type PublisherGrant } from "./publisher-grant";

/** What the service keeps of the statement's actions, by how the grant was lost. */
const LOSS_WORDS = { removed: "loses", narrowed: "keeps less of", denied: "may be refused" } as const;

/**
 * The grants to an AWS service (`Principal: {Service: ...}`) that a change of a topic policy or a
 * topic key's policy takes away: a statement removed, or narrowed (fewer actions, resources, another
 * source condition), or never given (a policy created without it, with `grant`). Without the topic policy's Allow the service may not publish; without the key
 * policy's, KMS refuses it (AccessDenied) and SNS drops the message (alert-encryption.ts). A deleted
 * policy is read elsewhere (a deleted topic policy goes back to SNS's default).
 */
export function publisherLost(change: ChangeView, what: string, consequence: string, grant?: PublisherGrant): string[] {
  if (change.kind === "create") return grant === undefined ? [] : publisherMissing(change, what, consequence, grant);
  if (change.kind !== "update" && change.kind !== "replace") return [];
  return allowsLost(at(change.before, "policy"), at(afterOf(change), "policy")).flatMap(({ statement, how }) => {
    const services = statement.notPrincipal ? [] : statement.principals.filter((p) => p.startsWith("Service:"));
    if (services.length === 0) return [];
    const actions = statement.notAction ? `every action but ${statement.actions.join(", ")}` : statement.actions.join(", ");
    const who = services.map((p) => p.slice("Service:".length)).join(", ");
    return [`${what}: ${statementLabel(statement)} ${how}: ${who} ${LOSS_WORDS[how]} ${actions}, ${consequence}`];
  });
}

/**
 * A policy created without the publisher's grant (a new topic key, a new topic policy), or with a Deny
 * that may refuse it, read as GL-MON-001 reads it (publisher-grant.ts): there is nothing to lose, and
 * nothing granted, so the first deploy of the key or topic drops every message. A policy not known
 * before apply, or not readable as JSON (an expression in a configuration diff), is not judged.
 */
function publisherMissing(change: ChangeView, what: string, consequence: string, grant: PublisherGrant): string[] {
  const statements = readStatements(at(afterOf(change), "policy"));
  if (statements === undefined) return [];
  const problems = grantProblems(statements, grant);
  return problems.length === 0 ? [] : [`${what}: created so that it ${problems.join(", and ")}, ${consequence}`];
}

/** A dimensions map: unset reads as none; undefined when it is not a map (an expression, in a configuration diff). */
function dimensionsOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (isRecord(value)) return value;
  return unset(value) ? {} : undefined;
}

/**
 * An alarm that watches another metric than it did: another namespace, metric name or dimension (the
 * HealthCheckId of another host's check) fires on that metric, not on the one it was written for. A
 * dimension's values are not shown: a plan holds ids, a configuration diff references (the change
 * lists both), and the flag must read the same in either.
 */
export function metricMoved(name: string, before: unknown, after: unknown): string[] {
  const out: string[] = [];
  for (const attr of ["namespace", "metric_name"]) {
    const [was, now] = [at(before, attr), at(after, attr)];
    if (now === UNKNOWN || (unset(was) && unset(now)) || was === now) continue;
    out.push(
      `alarm ${name}: ${attr} ${show(unset(was) ? undefined : was)} -> ${show(unset(now) ? undefined : now)}: watches another metric`,
    );
  }
  const [was, now] = [at(before, "dimensions"), at(after, "dimensions")];
  if (now === UNKNOWN) return out;
  const [dimsBefore, dimsAfter] = [dimensionsOf(was), dimensionsOf(now)];
  if (dimsBefore === undefined || dimsAfter === undefined) {
    if (was !== now)
      out.push(`alarm ${name}: dimensions ${isTemplate(now) ? `set by the expression ${now}` : "changed"}: may watch another metric`);
    return out;
  }
  for (const key of [...new Set([...Object.keys(dimsBefore), ...Object.keys(dimsAfter)])].sort()) {
    const [b, a] = [dimsBefore[key], dimsAfter[key]];
    if (a === UNKNOWN || (unset(b) && unset(a)) || String(b) === String(a)) continue;
    out.push(`alarm ${name}: dimension ${key} ${unset(b) ? "added" : unset(a) ? "removed" : "changed"}: watches another metric`);
  }
  return out;
}
