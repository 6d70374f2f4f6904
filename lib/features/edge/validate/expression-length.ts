import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";
import { csrfRule } from "../csrf";
import { fromTerraformLiteral } from "../../../core/terraform/literal";
import { MAX_EXPRESSION_CHARS } from "../edge-rule";
import { rateLimitRules } from "../rate-limits";
import { desiredRedirects, redirectRules } from "../redirects";
import { customWafRules } from "../waf";
import { fromField, toField } from "./redirects";

/** A rule expression and the config field it is built from, named in the error. */
interface BuiltExpression {
  readonly path: readonly (string | number)[];
  readonly what: string;
  readonly expression: string;
  readonly fix: string;
}

function builtExpressions(cfg: AppConfig): BuiltExpression[] {
  const out: BuiltExpression[] = [
    {
      path: ["edge", "waf", "allowedOrigins"],
      what: "the CSRF rule",
      expression: csrfRule(cfg).expression,
      fix: "list fewer origins",
    },
  ];
  const admin = customWafRules(cfg).find((r) => r.ref === "admin_networks_only");
  if (admin)
    out.push({
      path: ["edge", "waf", "admin"],
      what: "the admin rule",
      expression: admin.expression,
      fix: "list fewer or shorter paths and networks",
    });
  // Omitted rate limits are the plan's defaults, which are short.
  if (cfg.edge.rateLimits) {
    for (const [i, r] of rateLimitRules(cfg).entries()) {
      out.push({
        path: ["edge", "rateLimits", i, "paths"],
        what: "this rate limit's rule",
        expression: r.expression,
        fix: "list fewer paths, or split them over two rate limits",
      });
    }
  }
  const redirects = desiredRedirects(cfg);
  redirectRules(redirects).forEach((r, i) => {
    const source = redirects[i];
    if (!source) return;
    out.push({ path: fromField(source), what: "this redirect's rule", expression: r.expression, fix: "use a shorter path" });
    // The target of a redirect that keeps the path is an expression too (a `$` of its path doubled).
    const target = r.actionParameters?.fromValue?.targetUrl.expression;
    if (target !== undefined)
      out.push({
        path: toField(source),
        what: "this redirect's target URL",
        expression: target,
        fix: "use a shorter target, or a shorter source path",
      });
  });
  return out;
}

/**
 * Every rule expression the edge builds from config fits Cloudflare's limit (MAX_EXPRESSION_CHARS),
 * measured on the very builders the stack uses, so a long list fails at load, naming its field,
 * instead of at apply.
 */
export function validateExpressionLength(cfg: AppConfig): ConfigIssue[] {
  return builtExpressions(cfg).flatMap((b) => {
    const length = sentLength(b.expression);
    if (length <= MAX_EXPRESSION_CHARS) return [];
    return [
      {
        path: b.path,
        message: `makes ${b.what} expression ${length} characters; Cloudflare allows at most ${MAX_EXPRESSION_CHARS} in one rule expression: ${b.fix}`,
      },
    ];
  });
}

/** An expression's length as Cloudflare gets it: Terraform reads its JSON strings as literals (`$${` as `${`). */
function sentLength(expression: string): number {
  return fromTerraformLiteral(expression).length;
}
