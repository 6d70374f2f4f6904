import type { EnvView } from "./model";
import { isRecord, type JsonRecord, list, records, str, strings } from "./values";

/** An IAM policy statement normalized from either a JSON string or a `data.aws_iam_policy_document`. */
export interface PolicyStatement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly principals: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
  readonly conditions: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

function fromJsonStatement(s: JsonRecord): PolicyStatement {
  const principals: { type: string; identifiers: string[] }[] = [];
  const p = s.Principal;
  if (p === "*") principals.push({ type: "*", identifiers: ["*"] });
  else if (isRecord(p)) for (const type in p) principals.push({ type, identifiers: [...strings(p[type])] });
  const conditions: { test: string; variable: string; values: string[] }[] = [];
  if (isRecord(s.Condition)) {
    for (const test in s.Condition) {
      const byVar = s.Condition[test];
      if (!isRecord(byVar)) continue;
      for (const variable in byVar) {
        const v = byVar[variable];
        conditions.push({ test, variable, values: list(v).map((x) => String(x)) });
      }
    }
  }
  return { effect: s.Effect === "Deny" ? "Deny" : "Allow", actions: [...strings(s.Action)], principals, conditions };
}

function fromDocumentStatement(s: JsonRecord): PolicyStatement {
  return {
    effect: s.effect === "Deny" ? "Deny" : "Allow",
    actions: [...strings(s.actions)],
    principals: records(s.principals).map((p) => ({ type: str(p.type) ?? "", identifiers: [...strings(p.identifiers)] })),
    conditions: records(s.condition).map((c) => ({
      test: str(c.test) ?? "",
      variable: str(c.variable) ?? "",
      values: list(c.values).map((x) => String(x)),
    })),
  };
}

/**
 * Statements of a policy attribute: a JSON string, an already-parsed object, or a reference to
 * `data.aws_iam_policy_document.<name>.json`. Undefined when the policy cannot be read at synth time.
 */
export function policyStatements(view: EnvView, value: unknown): PolicyStatement[] | undefined {
  let doc: unknown = value;
  if (typeof value === "string") {
    const ref = /^\$\{(data\.aws_iam_policy_document\.[^.]+)\.(json|minified_json)\}$/.exec(value);
    if (ref?.[1]) {
      const data = view.byAddress(ref[1]);
      return data ? records(data.attrs.statement).map(fromDocumentStatement) : undefined;
    }
    try {
      doc = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(doc)) return undefined;
  return records(doc.Statement).map(fromJsonStatement);
}

/** A statement that denies requests made without TLS (`aws:SecureTransport` = false). */
export function deniesInsecureTransport(statements: readonly PolicyStatement[]): boolean {
  return statements.some(
    (s) => s.effect === "Deny" && s.conditions.some((c) => c.variable === "aws:SecureTransport" && c.values.includes("false")),
  );
}
