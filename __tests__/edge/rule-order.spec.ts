import { flags, rc } from "../plan/fixtures";

// A ruleset's rules run in order (lib/features/edge/risks/firewall.ts, skipsAhead): a skip rule now
// before a rule that blocks, challenges or executes, where it was not, lets the requests it matches past
// it. Order alone changes nothing else, and raises nothing.
type Rule = Record<string, unknown>;
const rule = (ref: string, action: string, extra: Rule = {}): Rule => ({
  ref,
  description: `rule ${ref}`,
  action,
  expression: "true",
  ...extra,
});
const skip = (ref: string, params: unknown = { ruleset: "current" }, extra: Rule = {}) =>
  rule(ref, "skip", { action_parameters: params, ...extra });
const [block, challenge, log] = [rule("block-bad-net", "block"), rule("challenge-login", "managed_challenge"), rule("log-all", "log")];
const execute = (id: string) => rule(`run-${id}`, "execute", { action_parameters: { id } });

/** The flags of the ruleset of `phase` going from `before` to `after`. */
const order = (before: readonly Rule[], after: readonly Rule[], phase = "http_request_firewall_custom") =>
  flags(rc("cloudflare_ruleset", ["update"], { phase, rules: before }, { phase, rules: after }));

describe("waf-loosened: a skip rule that now runs before a rule that stops requests", () => {
  test("fails on a skip rule moved ahead of a block rule, naming both by description and ref", () => {
    expect(order([block, skip("api-skip")], [skip("api-skip"), block])).toEqual([
      'waf-loosened: http_request_firewall_custom: skip rule "rule api-skip" (api-skip) now runs before block rule "rule block-bad-net" (block-bad-net): the requests it matches skip it',
    ]);
  });

  test("fails on a new skip rule placed before existing rules that stop requests, at most three named", () => {
    const stopping = [block, challenge, rule("b2", "block"), rule("b3", "js_challenge")];
    expect(order(stopping, [skip("new-skip"), ...stopping])).toEqual([
      'waf-loosened: http_request_firewall_custom: new skip rule "rule new-skip" (new-skip) runs before block rule "rule block-bad-net" (block-bad-net), managed_challenge rule "rule challenge-login" (challenge-login), block rule "rule b2" (b2) and 1 more: the requests it matches skip them',
    ]);
  });

  test("fails on a rule turned into a skip, or a skip enabled, ahead of a block rule; and on skip parameters not known yet", () => {
    expect(order([log, block], [skip("log-all"), block])).toHaveLength(1);
    expect(order([skip("s", undefined, { enabled: false }), block], [skip("s"), block])).toHaveLength(1);
    expect(order([block, skip("s")], [skip("s", "${var.params}"), block])).toHaveLength(1);
  });

  test("fails on a WAF exception moved ahead of the managed ruleset it skips, in the managed phase", () => {
    const exception = skip("exception", { rulesets: ["efb7b8c949ac4650a09736fc376e9aee"] });
    const phase = "http_request_firewall_managed";
    expect(
      order([execute("efb7b8c949ac4650a09736fc376e9aee"), exception], [exception, execute("efb7b8c949ac4650a09736fc376e9aee")], phase),
    ).toEqual([
      'waf-loosened: http_request_firewall_managed: skip rule "rule exception" (exception) now runs before execute rule "rule run-efb7b8c949ac4650a09736fc376e9aee" (run-efb7b8c949ac4650a09736fc376e9aee): the requests it matches skip it',
    ]);
    expect(order([execute("other"), exception], [exception, execute("other")], phase)).toEqual([]);
  });

  test("rules reordered without a skip moving ahead raise nothing: block rules swapped, a log rule first, a skip already first, a new skip last", () => {
    expect(order([block, challenge], [challenge, block])).toEqual([]);
    expect(order([block, log], [log, block])).toEqual([]);
    expect(order([skip("s"), block], [skip("s"), challenge, block])).toEqual([]);
    expect(order([block], [block, skip("s")])).toEqual([]);
    expect(order([skip("s"), block, challenge], [skip("s"), challenge, block])).toEqual([]);
  });

  test("a skip rule that skips only later phases, or is disabled, raises nothing by moving; nor one ahead of a rule that was disabled", () => {
    expect(order([block, skip("s", { phases: ["http_ratelimit"] })], [skip("s", { phases: ["http_ratelimit"] }), block])).toEqual([]);
    expect(order([block, skip("s", undefined, { enabled: false })], [skip("s", undefined, { enabled: false }), block])).toEqual([]);
    const off = { ...block, enabled: false };
    expect(order([off, skip("s")], [skip("s"), block])).toEqual([]);
  });
});
