import type { SynthJson } from "../helpers/synth";
import { resourcesOf } from "../helpers/synth";

/** A policy statement as rendered into a resource's JSON policy string. */
export interface Statement {
  Sid: string;
  Effect: string;
  Principal?: "*" | { AWS?: string | string[]; Service?: string; Federated?: string };
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function statements(policy: unknown): Statement[] {
  if (typeof policy !== "string") throw new Error(`policy is not a JSON string: ${String(policy)}`);
  const doc: { Statement: Statement[] } = JSON.parse(policy);
  return doc.Statement;
}

export function statement(policy: unknown, sid: string): Statement {
  const found = statements(policy).find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}

/** The single resource of a type whose attribute `key` equals `value`. */
export function resourceWhere(json: SynthJson, type: string, key: string, value: unknown): Record<string, unknown> {
  const found = resourcesOf(json, type).filter(([, r]) => r[key] === value);
  const [only] = found;
  if (!only || found.length !== 1) throw new Error(`expected one ${type} with ${key}=${String(value)}, found ${found.length}`);
  return only[1];
}

/** Logical id of the resource of `type` whose `name` is `name`. */
export function idByName(json: SynthJson, type: string, name: string): string {
  const found = resourcesOf(json, type).find(([, r]) => r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found[0];
}

/** The only resource of a type (fails when there are none or several). */
export function onlyOf(json: SynthJson, type: string): [string, Record<string, unknown>] {
  const all = resourcesOf(json, type);
  const [only] = all;
  if (!only || all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return only;
}

/** `${aws_iam_role.<logical id>.arn}` of the role named `name`. */
export function roleArnRef(json: SynthJson, name: string): string {
  return `\${aws_iam_role.${idByName(json, "aws_iam_role", name)}.arn}`;
}
