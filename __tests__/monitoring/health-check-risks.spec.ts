/**
 * An uptime health check weakened is alerting weakened (lib/features/monitoring/health-check-risks.ts):
 * disabled (Route 53 then reports it healthy), inverted, slower to fail, deleted or pointed elsewhere
 * silences the edge-down alarm. Each case edits the synthesized monitoring stack's health check and is
 * reviewed both ways the deploy compares: as the pull request's configuration diff, and as the plan
 * after merge (`terraform show -json` of the AWS provider: every attribute, defaults filled in, a
 * replacement's ids unknown). Both must raise the same flags, or the applied-plan gate refuses the deploy.
 */
import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";
import { configReviewFlags, planTextFlags } from "../helpers/plan-reviews";

type Json = Record<string, unknown>;

const TYPE = "aws_route53_health_check";
const ID = "0e3f2a56-7b8c-4d9e-a0b1-c2d3e4f5a6b7";
const monitoring = (): SynthJson => synthKind(exampleConfig(), "monitoring");

/** The first health check of a synthesized stack: its name and block (edited in place). */
function check(json: SynthJson): [string, Json] {
  const [found] = Object.entries(json.resource[TYPE] ?? {});
  if (!found) throw new Error("no health check in the synthesized monitoring stack");
  return found;
}

const reviewFlags = configReviewFlags;

/** A health check's state as the AWS provider records it: every attribute, Route 53's defaults for unset ones. */
function state(block: Json | undefined): Json | null {
  if (block === undefined) return null;
  return {
    arn: `arn:aws:route53:::healthcheck/${ID}`,
    child_health_threshold: 0,
    child_healthchecks: [],
    cloudwatch_alarm_name: "",
    cloudwatch_alarm_region: "",
    disabled: false,
    enable_sni: false,
    failure_threshold: 3,
    fqdn: "",
    id: ID,
    insufficient_data_health_status: "",
    invert_healthcheck: false,
    ip_address: "",
    measure_latency: false,
    port: 0,
    reference_name: "",
    regions: [],
    request_interval: 30,
    resource_path: "",
    routing_control_arn: "",
    search_string: "",
    type: "",
    ...block,
    tags_all: block.tags ?? {},
  };
}

/**
 * The flags of the plan after merge: the base's check applied, planned with the head's. A changed
 * request_interval or type is a replacement (ForceNew): the new check's arn and id known only after apply.
 */
function planFlags(base: SynthJson, head: SynthJson): string[] {
  const [name, was] = check(base);
  const is = head.resource[TYPE]?.[name];
  const [before, after] = [state(was), state(is)];
  const forcing = ["request_interval", "type"].filter((k) => before && after && before[k] !== after[k]);
  const replaced = forcing.length > 0 && after !== null;
  const change = {
    actions: after === null ? ["delete"] : replaced ? ["delete", "create"] : ["update"],
    before,
    after: replaced ? { ...after, arn: undefined, id: undefined } : after,
    after_unknown: replaced ? { arn: true, id: true } : {},
    before_sensitive: { child_healthchecks: [], regions: [], tags: {}, tags_all: {} },
    after_sensitive: after === null ? false : { child_healthchecks: [], regions: [], tags: {}, tags_all: {} },
    ...(replaced ? { replace_paths: forcing.map((k) => [k]) } : {}),
  };
  return providerPlanFlags(name, change, replaced ? { action_reason: "replace_because_cannot_update" } : {});
}

/** The flags of a plan of one change of the health check `name`, as the AWS provider's plan writes it. */
function providerPlanFlags(name: string, change: Json, extra: Json = {}): string[] {
  const rc = {
    address: `${TYPE}.${name}`,
    mode: "managed",
    type: TYPE,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change,
    ...extra,
  };
  return planTextFlags(JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", resource_changes: [rc] }));
}

/** Both reviews of `edit` applied to the head (and `baseEdit` to both sides); they must agree. */
function flagsBothWays(edit: (block: Json, head: SynthJson) => void, baseEdit: (block: Json) => void = () => {}): string[] {
  const [base, head] = [monitoring(), monitoring()];
  baseEdit(check(base)[1]);
  baseEdit(check(head)[1]);
  edit(check(head)[1], head);
  const review = reviewFlags(base, head);
  expect(planFlags(base, head)).toEqual(review);
  return review;
}

const NAME = "opsbot-production edge api.example.com";
const flag = (detail: string) => `alerting-loosened ${TYPE}.${check(monitoring())[0]}: health check ${NAME}${detail}`;

describe("a weakened uptime health check is alerting weakened, alike in the review and the plan after merge", () => {
  test("disabled (null -> true): Route 53 reports it healthy, its alarm never fires", () => {
    expect(flagsBothWays((b) => Object.assign(b, { disabled: true }))).toEqual([
      flag(": disabled (disabled = true): Route 53 reports it healthy whatever the endpoint does, its alarm never fires"),
    ]);
  });

  test("inverted (invert_healthcheck null -> true)", () => {
    expect(flagsBothWays((b) => Object.assign(b, { invert_healthcheck: true }))).toEqual([
      flag(": inverted (invert_healthcheck): reports healthy while the endpoint is down"),
    ]);
  });

  test("failure_threshold 3 -> 10", () => {
    expect(flagsBothWays((b) => Object.assign(b, { failure_threshold: 10 }))).toEqual([
      flag(": failure_threshold 3 -> 10: needs more failed checks before it reports down"),
    ]);
  });

  test("request_interval 10 -> 30 (a replacement in both)", () => {
    expect(
      flagsBothWays(
        (b) => Object.assign(b, { request_interval: 30 }),
        (b) => Object.assign(b, { request_interval: 10 }),
      ),
    ).toEqual([flag(": request_interval 10s -> 30s: checks less often, reports down later")]);
  });

  test("deleted", () => {
    expect(
      flagsBothWays((_, head) => {
        delete head.resource[TYPE]?.[check(head)[0]];
      }),
    ).toEqual([flag(' deleted: its alarm no longer hears when "api.example.com" is down')]);
  });

  test("pointed at another path, or asked less (HTTPS -> TCP, a search string dropped)", () => {
    expect(flagsBothWays((b) => Object.assign(b, { resource_path: "/" }))).toEqual([
      flag(': resource_path "/healthz" -> "/": checks something else'),
    ]);
    expect(
      flagsBothWays((b) => {
        b.type = "TCP";
        delete b.resource_path;
      }),
    ).toEqual([
      flag(': type "HTTPS" -> "TCP": checks something else'),
      flag(': resource_path "/healthz" -> (unset): checks something else'),
    ]);
    expect(
      flagsBothWays(
        (b) => {
          delete b.search_string;
        },
        (b) => Object.assign(b, { type: "HTTPS_STR_MATCH", search_string: "ok" }),
      ),
    ).toEqual([flag(': search_string "ok" -> (unset): checks something else')]);
  });

  test("what makes a check stricter or only renames it raises nothing: enabled again, a lower threshold, a new Name tag", () => {
    expect(
      flagsBothWays(
        (b) => Object.assign(b, { disabled: false, failure_threshold: 2 }),
        (b) => Object.assign(b, { disabled: true }),
      ),
    ).toEqual([]);
    expect(flagsBothWays((b) => Object.assign(b, { tags: { ...(b.tags as Json), Name: "renamed" } }))).toEqual([]);
  });
});

describe("values a health check rule cannot judge", () => {
  test("a target known only after apply is not a changed one", () => {
    const [name, block] = check(monitoring());
    const before = state(block);
    const { fqdn: _, ...after } = before ?? {};
    const change = { actions: ["update"], before, after, after_unknown: { fqdn: true }, before_sensitive: {}, after_sensitive: {} };
    expect(providerPlanFlags(name, change)).toEqual([]);
  });

  test('disabled set by an expression in the configuration diff ("${var.off}") may disable it', () => {
    const [base, head] = [monitoring(), monitoring()];
    check(head)[1].disabled = "${var.off}";
    expect(reviewFlags(base, head)).toContain(flag(": disabled set by the expression ${var.off}: may disable it"));
  });
});
