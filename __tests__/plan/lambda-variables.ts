import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";

type Json = Record<string, unknown>;

export interface VariablesPlan {
  readonly stack?: string;
  /** Outputs the plan creates, by name. */
  readonly outputs?: Json;
  /** More attributes of the function, before and after. */
  readonly before?: Json;
  readonly after?: Json;
}

/** The change of a plan updating function `aws_lambda_function.api`'s environment variables from none to `variables`. */
export function lambdaVariablesChange(variables: Json, o: Pick<VariablesPlan, "before" | "after"> = {}): Json {
  return {
    address: "aws_lambda_function.api",
    mode: "managed",
    type: "aws_lambda_function",
    name: "api",
    change: {
      actions: ["update"],
      before: { environment: [{ variables: {} }], ...o.before },
      after: { environment: [{ variables }], ...o.after },
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
    },
  };
}

/** `output_changes` creating each output of `outputs` with its value. */
export function createdOutputs(outputs: Json): Json {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, after]) => [name, { actions: ["create"], before: null, after, after_unknown: false }]),
  );
}

/**
 * The review, as `golive plan-report <file>` renders it, of a plan updating one Lambda function's
 * environment variables from none to `variables` (names that say nothing about what they hold reach
 * redaction as plain values), and creating `outputs`.
 */
export function reviewOfVariables(file: string, variables: Json, o: VariablesPlan = {}): ReturnType<typeof renderPlanReport> {
  const plan = parsePlanJson(
    file,
    JSON.stringify({
      format_version: "1.2",
      resource_changes: [lambdaVariablesChange(variables, o)],
      output_changes: createdOutputs(o.outputs ?? {}),
    }),
  );
  return renderPlanReport([{ stack: o.stack ?? "app-production", file, plan }], "r.md");
}
