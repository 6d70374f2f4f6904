/**
 * IAM policy documents as a plan holds them (a JSON string, sometimes already an object), read into
 * what a reviewer must not miss: who is allowed (principals, OIDC subjects) and what (actions).
 */
import { isRecord } from "../json";

/** What one policy document allows, as sets of readable strings. */
export interface PolicyGrants {
  /** `AWS:arn:aws:iam::111111111111:root`, `Service:ecs-tasks.amazonaws.com`, `*`. */
  readonly principals: ReadonlySet<string>;
  /** Values of any `...:sub` condition (GitHub OIDC: `repo:org/repo:environment:production`). */
  readonly subjects: ReadonlySet<string>;
  /** Actions allowed; `*` and `service:*` are the ones to watch. */
  readonly actions: ReadonlySet<string>;
  /** AWS account ids named by an allowed principal. */
  readonly accounts: ReadonlySet<string>;
}

function asDocument(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === "string");
}

/** The grants of a policy document; undefined when it is not a readable document (unknown, sensitive, not JSON). */
export function policyGrants(value: unknown): PolicyGrants | undefined {
  const doc = asDocument(value);
  if (!isRecord(doc)) return undefined;
  const principals = new Set<string>();
  const subjects = new Set<string>();
  const actions = new Set<string>();
  const accounts = new Set<string>();
  for (const st of list(doc.Statement)) {
    if (!isRecord(st) || st.Effect !== "Allow") continue;
    for (const a of strings(st.Action)) actions.add(a);
    const p = st.Principal;
    if (p === "*") principals.add("*");
    else if (isRecord(p)) {
      for (const [kind, ids] of Object.entries(p)) {
        for (const id of strings(ids)) {
          principals.add(id === "*" ? "*" : `${kind}:${id}`);
          const account = /^(?:arn:aws[\w-]*:iam::)?(\d{12})(?::|$)/.exec(id)?.[1];
          if (account) accounts.add(account);
        }
      }
    }
    if (isRecord(st.Condition)) {
      for (const byKey of Object.values(st.Condition)) {
        if (!isRecord(byKey)) continue;
        for (const [key, v] of Object.entries(byKey)) if (/:sub$/.test(key)) for (const s of strings(v)) subjects.add(s);
      }
    }
  }
  return { principals, subjects, actions, accounts };
}

/** Members of `after` that `before` lacks. */
export function added(before: ReadonlySet<string>, after: ReadonlySet<string>): string[] {
  return [...after].filter((x) => !before.has(x)).sort();
}

/** What a policy change grants that it did not before: new principals, accounts, OIDC subjects and wildcards. */
export function policyWidenings(before: unknown, after: unknown, what: string): string[] {
  const a = policyGrants(after);
  if (!a) return [];
  const b = policyGrants(before) ?? {
    principals: new Set<string>(),
    subjects: new Set<string>(),
    actions: new Set<string>(),
    accounts: new Set<string>(),
  };
  const out: string[] = [];
  for (const p of added(b.principals, a.principals))
    out.push(p === "*" ? `${what}: now allows any principal (*)` : `${what}: new principal ${p}`);
  for (const acct of added(b.accounts, a.accounts)) out.push(`${what}: new AWS account ${acct} in a trust or grant`);
  for (const s of added(b.subjects, a.subjects)) {
    const wide = s.includes("*")
      ? " (wildcard)"
      : /:pull_request$|:ref:refs\/heads\//.test(s)
        ? " (a branch or pull request, not a protected environment)"
        : "";
    out.push(`${what}: new OIDC subject ${s}${wide}`);
  }
  for (const act of added(b.actions, a.actions)) if (act === "*" || act.endsWith(":*")) out.push(`${what}: now allows ${act}`);
  return out;
}
