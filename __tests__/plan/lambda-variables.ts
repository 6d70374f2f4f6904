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
      resource_changes: [
        {
          address: "aws_lambda_function.api",
          mode: "managed",
          type: "aws_lambda_function",
          name: "api",
          change: {
            actions: ["update"],
            before: { environment: [{ variables: {} }], ...o.before },
            after: { environment: [{ variables }], ...o.after },
            after_unknown: {},
          },
        },
      ],
      output_changes: Object.fromEntries(
        Object.entries(o.outputs ?? {}).map(([name, after]) => [name, { actions: ["create"], before: null, after, after_unknown: false }]),
      ),
    }),
  );
  return renderPlanReport([{ stack: o.stack ?? "app-production", file, plan }], "r.md");
}
