import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";

/**
 * Cloudflare refuses a redirect that keeps the request's query when its target has a query (error 10055:
 * "you enable the Preserve query string option of a URL redirect, but also provide a query string in the
 * redirect target URL"), so such a rule sends its target as written and drops the request's query.
 */

interface RedirectRule {
  readonly ref: string;
  readonly action_parameters: {
    readonly from_value: {
      readonly preserve_query_string: boolean;
      readonly target_url: { readonly value?: string; readonly expression?: string };
    };
  };
}

function redirectRules(json: SynthJson): RedirectRule[] {
  const ruleset = resourcesOf(json, "cloudflare_ruleset").find(([, r]) => r.phase === "http_request_dynamic_redirect");
  return (ruleset?.[1].rules ?? []) as RedirectRule[];
}

const json = synthKind(
  exampleConfig([
    [
      ["edge", "redirects"],
      [
        { from: "example.com/promo", to: "https://chat.example.com/landing?utm_source=promo", status: 301, preservePath: false },
        { from: "example.com/news", to: "https://chat.example.com/blog#latest", status: 301, preservePath: false },
        { from: "example.com/help", to: "https://chat.example.com/support", status: 301, preservePath: false },
        { from: "example.com/docs", to: "https://chat.example.com/help", status: 308 },
      ],
    ],
  ]),
  "edge",
);
const byRef = new Map(redirectRules(json).map((r) => [r.ref, r.action_parameters.from_value]));

describe("redirect targets with their own query", () => {
  test("a target with a query or fragment is sent as written, without preserve_query_string", () => {
    expect(byRef.get("redirect_example_com_promo")).toEqual({
      status_code: 301,
      target_url: { value: "https://chat.example.com/landing?utm_source=promo" },
      preserve_query_string: false,
    });
    expect(byRef.get("redirect_example_com_news")).toMatchObject({
      target_url: { value: "https://chat.example.com/blog#latest" },
      preserve_query_string: false,
    });
  });

  test("a target without one keeps the request's query, kept path or not", () => {
    expect(byRef.get("redirect_example_com_help")?.preserve_query_string).toBe(true);
    expect(byRef.get("redirect_example_com_docs")?.preserve_query_string).toBe(true);
    expect(byRef.get("redirect_www_example_com")?.preserve_query_string).toBe(true);
  });

  test("no rule keeps the query and names a target with ? or # (error 10055)", () => {
    const rules = redirectRules(json);
    expect(rules.length).toBe(5);
    for (const r of rules) {
      const { preserve_query_string, target_url } = r.action_parameters.from_value;
      if (preserve_query_string) expect([r.ref, /[?#]/.test(target_url.value ?? target_url.expression ?? "")]).toEqual([r.ref, false]);
    }
  });
});
