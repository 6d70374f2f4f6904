import { shapeOf } from "../../core/cloudflare-answer-shape";
import { field, num, str } from "../../core/json";
import { type ApiStep, PreflightApiError } from "./api-errors";

/**
 * Cloudflare's v4 envelope, checked on every answer preflight reads: `{"success": true, "result": ...}`.
 * The SDK hands any 2xx body to its page classes, which default what they cannot read to an empty list
 * (node_modules/cloudflare/pagination.js, SDK 5.2.0: `this.result = body.result || []`), so a 200 with
 * `{"success": false, "result": null}` or an HTML maintenance page would read as "no zone, no records" and
 * --write would delete or shorten the adopt file. Here such an answer is a failed read instead.
 */

/** What a failed read says Cloudflare answered: the start of a body that is not JSON, or Cloudflare's own errors. */
function describeBody(body: unknown): string {
  if (typeof body === "string") {
    const start = body.replace(/\s+/g, " ").trim().slice(0, 60);
    return `a body that is not JSON (${start === "" ? "empty" : `starts ${JSON.stringify(start)}`})`;
  }
  const errors = field(body, "errors");
  const said = (Array.isArray(errors) ? errors : [])
    .map((e) => {
      const message = str(field(e, "message"));
      const code = num(field(e, "code"));
      return message === undefined ? undefined : code === undefined ? message : `${message} (${code})`;
    })
    .filter((m): m is string => m !== undefined)
    .join("; ");
  return said === "" ? "an answer that is not a successful Cloudflare API envelope" : `success: false: ${said}`;
}

/** A 2xx answer preflight cannot read, as a failed read naming the step, what came, and what to check. */
export function unreadable(step: ApiStep, why: string): PreflightApiError {
  return new PreflightApiError(
    `${step.what}: the Cloudflare API answered HTTP 2xx with ${why}; nothing was compared and no file was written or removed: check CLOUDFLARE_API_TOKEN (${step.permission}) and --api-base-url, and run preflight again`,
  );
}

/** `result` of a successful envelope; anything else (not JSON, `success` not true) is a PreflightApiError. */
export function envelopeResult(body: unknown, step: ApiStep): unknown {
  if (typeof body !== "object" || body === null || field(body, "success") !== true) throw unreadable(step, describeBody(body));
  return field(body, "result");
}

/** One page of a list: its items, and the list's total when Cloudflare reports one (`result_info.total_count`). */
export interface ListPage {
  readonly items: readonly unknown[];
  readonly totalCount?: number;
}

/** A successful envelope whose `result` is a list; a `null` or an object `result` is refused, never read as empty. */
export function envelopeList(body: unknown, step: ApiStep): ListPage {
  const result = envelopeResult(body, step);
  if (!Array.isArray(result)) throw unreadable(step, `success: true but a result that is not a list (${shapeOf(result)})`);
  const totalCount = num(field(field(body, "result_info"), "total_count"));
  return { items: result, ...(totalCount === undefined ? {} : { totalCount }) };
}

/** Parses a raw response body as the SDK would (JSON only for a JSON content type), for envelopeResult. */
export async function responseBody(response: { headers: { get(name: string): string | null }; text(): Promise<string> }): Promise<unknown> {
  const type = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
  const text = await response.text();
  if (!type.includes("application/json") && !type.endsWith("+json")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
