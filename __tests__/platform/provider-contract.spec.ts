/**
 * Every `cloudflare_*` resource and data source golive synthesizes, for both example environments,
 * checked against the schema of the provider version the stacks pin (terraform-provider-cloudflare's
 * internal/services/<type>/schema.go at that tag, extracted into __tests__/fixtures/cloudflare-contract.json
 * by scripts/extract-cloudflare-contract.ts; see docs/provider-contract.md).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { at, str } from "../../lib/core/json";
import { FEATURE_STACKS } from "../../lib/features";
import { type ContractFile, ContractFileSchema, type SchemaSpec } from "../../scripts/extract-cloudflare-contract/contract";
import { readSchemaSource } from "../../scripts/extract-cloudflare-contract/schema-reader";
import { type ConfigEdit, exampleConfig, REPO_ROOT, setIn } from "../helpers/example-config";
import { type SynthJson, synthStack } from "../helpers/synth";
import { type ContractProblem, checkBlock } from "./provider-contract-check";

const CONTRACT: ContractFile = ContractFileSchema.parse(
  JSON.parse(readFileSync(join(REPO_ROOT, "__tests__", "fixtures", "cloudflare-contract.json"), "utf8")),
);

interface Block {
  readonly stack: string;
  readonly kind: "resource" | "data";
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
}

/** Every stack of both example environments, synthesized once, as `buildEnvironmentStacks` builds them. */
const STACKS: readonly [string, SynthJson][] = ["production", "staging"].flatMap((env) => {
  const cfg = exampleConfig([], env);
  return FEATURE_STACKS.flatMap((s): [string, SynthJson][] => {
    const stack = s.build(Testing.app(), cfg, FEATURE_STACKS);
    return stack ? [[stack.node.id, synthStack(stack)]] : [];
  });
});

const BLOCKS: readonly Block[] = STACKS.flatMap(([stack, json]) =>
  (["resource", "data"] as const).flatMap((kind) =>
    Object.entries(json[kind] ?? {})
      .filter(([type]) => type.startsWith("cloudflare_"))
      .flatMap(([type, byName]) => Object.entries(byName).map(([name, body]) => ({ stack, kind, type, name, body }))),
  ),
);

function specOf(block: Pick<Block, "kind" | "type">): SchemaSpec | undefined {
  return (block.kind === "resource" ? CONTRACT.resources : CONTRACT.dataSources)[block.type];
}

function address(block: Block): string {
  return `${block.stack}: ${block.kind === "data" ? "data." : ""}${block.type}.${block.name}`;
}

function problemsOf(block: Block): ContractProblem[] {
  const spec = specOf(block);
  if (!spec) throw new Error(`the contract has no ${block.kind} ${block.type}`);
  return checkBlock(spec, address(block), block.body);
}

/** One line per problem, so a failure reads as a list: address, attribute, what the provider allows, where it says so. */
function lines(problems: readonly ContractProblem[]): string[] {
  return problems.map((p) => `${p.address}: ${p.attribute}: ${p.problem} [${p.source} @ ${CONTRACT.tag}]`);
}

describe("the provider contract", () => {
  test("is extracted from the provider version every stack pins", () => {
    const pinned = STACKS.flatMap(([stack, json]): [string, string | undefined][] => {
      const cloudflare = at(json.terraform, "required_providers", "cloudflare");
      return cloudflare ? [[stack, str(at(cloudflare, "version"))]] : [];
    });
    expect(pinned.length).toBeGreaterThan(0);
    expect(pinned).toEqual(pinned.map(([stack]) => [stack, CONTRACT.version]));
    expect(CONTRACT.tag).toBe(`v${CONTRACT.version}`);
  });

  test("covers every cloudflare resource and data source type golive emits", () => {
    const missing = [...new Set(BLOCKS.filter((b) => !specOf(b)).map((b) => `${b.kind} ${b.type}`))];
    // Add them to RESOURCES / DATA_SOURCES in scripts/extract-cloudflare-contract.ts and re-run it.
    expect(missing).toEqual([]);
    expect(new Set(BLOCKS.map((b) => b.type)).size).toBeGreaterThanOrEqual(10);
  });
});

describe("golive's cloudflare resources and data sources", () => {
  test("every one passes the provider's schema (attributes, required ones, values, ranges, relations)", () => {
    expect(BLOCKS.length).toBeGreaterThan(50);
    expect(lines(BLOCKS.flatMap(problemsOf))).toEqual([]);
  });
});

describe("the contract check", () => {
  const rateLimits = BLOCKS.find((b) => b.type === "cloudflare_ruleset" && b.body.phase === "http_ratelimit");
  const zoneLookup = BLOCKS.find((b) => b.kind === "data" && b.type === "cloudflare_zone");

  /** The problems of a real synthesized block after setting (undefined: deleting) values in a copy of it. */
  function planted(block: Block | undefined, ...edits: ConfigEdit[]): string[] {
    if (!block) throw new Error("the example has no such block");
    const body = structuredClone(block.body);
    for (const [path, value] of edits) setIn(body, path, value);
    return problemsOf({ ...block, body }).map((p) => `${p.attribute}: ${p.problem}`);
  }

  test("passes the untouched blocks it plants defects into", () => {
    expect(planted(rateLimits)).toEqual([]);
    expect(planted(zoneLookup)).toEqual([]);
  });

  test("fails an unknown attribute, at the root and nested, naming what the provider accepts", () => {
    expect(planted(rateLimits, [["colour"], "red"])).toEqual([
      expect.stringMatching(/^colour: unknown attribute; the provider accepts: .*\bphase\b/),
    ]);
    expect(planted(rateLimits, [["rules", 0, "ratelimit", "burst"], 5])).toEqual([
      expect.stringMatching(/^rules\[0\]\.ratelimit\.burst: unknown attribute; the provider accepts: characteristics, period, /),
    ]);
  });

  test("fails a missing required attribute and a read-only one that is set", () => {
    expect(planted(rateLimits, [["name"], undefined])).toEqual(["name: required attribute is missing"]);
    expect(planted(rateLimits, [["rules", 1, "ratelimit", "period"], undefined])).toEqual([
      "rules[1].ratelimit.period: required attribute is missing",
    ]);
    expect(planted(rateLimits, [["rules", 0, "id"], "0123456789abcdef0123456789abcdef"])).toEqual([
      "rules[0].id: read-only (computed) attribute: it cannot be set",
    ]);
  });

  test("fails a value outside the allowed ones or the range, and a value of the wrong type", () => {
    expect(planted(rateLimits, [["phase"], "http_request_nope"])).toEqual([
      expect.stringMatching(/^phase: "http_request_nope" is not allowed; one of: .*"http_ratelimit"/),
    ]);
    expect(planted(rateLimits, [["rules", 0, "ratelimit", "requests_per_period"], 0])).toEqual([
      "rules[0].ratelimit.requests_per_period: 0 is out of range; allowed at least 1",
    ]);
    expect(planted(rateLimits, [["rules", 0, "ratelimit", "period"], 1.5])).toEqual([
      expect.stringMatching(/^rules\[0\]\.ratelimit\.period: expected a whole number/),
    ]);
    expect(planted(rateLimits, [["rules", 0, "ratelimit", "characteristics"], []])).toEqual([
      "rules[0].ratelimit.characteristics: 0 elements; allowed at least 1",
    ]);
  });

  test("fails attributes the provider ties to other attributes", () => {
    // action_parameters.id "can only be set if action is execute" (customvalidator.RequiresOtherStringAttributeToBe).
    expect(planted(rateLimits, [["rules", 0, "action_parameters"], { id: "efb7b8c949ac4650a09736fc376e9aee" }])).toEqual([
      expect.stringMatching(
        /^rules\[0\]\.action_parameters\.id: can only be set while \.\.\/\.\.\/action is one of "execute"; it is "block"/,
      ),
    ]);
    // The zone lookup takes exactly one of zone_id and filter (datasourcevalidator.ExactlyOneOf).
    expect(planted(zoneLookup, [["zone_id"], "0123456789abcdef0123456789abcdef"])).toEqual([
      "(block): exactlyOneOf /zone_id, /filter: 2 set",
    ]);
  });

  test("skips the value checks of values only known after apply, but counts them as set", () => {
    expect(planted(rateLimits, [["phase"], "${var.phase}"])).toEqual([]);
    expect(planted(rateLimits, [["rules", 0, "ratelimit", "requests_per_period"], "${var.requests}"])).toEqual([]);
    expect(planted(rateLimits, [["name"], "${var.name}"])).toEqual([]);
  });
});

describe("the extractor", () => {
  // Shapes taken from v5.14.0's schema files: package-level slices spread into validators
  // (zero_trust_access_application), path.Expressions{...}... (workers_script), relative paths (ruleset).
  const TYPES_GO = `package example
var (
	selfHostedAppTypes = []string{"self_hosted", "ssh"}
	durationRegex      = regexp.MustCompile(\`^\\d+h$\`)
)`;
  const SCHEMA_GO = `package example
func ResourceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Description: "Identifier", Computed: true},
			"type": schema.StringAttribute{
				Description: "The type.\\nAvailable values: " + "\\"self_hosted\\".",
				Required:    true,
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(selfHostedAppTypes...)},
			},
			"session_duration": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(durationRegex, \`only "h"\`),
					customvalidator.RequiresOtherStringAttributeToBeOneOf(path.MatchRoot("type"), selfHostedAppTypes...),
				},
			},
			"content": schema.StringAttribute{
				Optional: true,
				Validators: []validator.String{stringvalidator.ConflictsWith(path.Expressions{
					path.MatchRoot("content_file"),
				}...)},
			},
			// "phase": schema.StringAttribute{Required: true},
			"rules": schema.ListNestedAttribute{
				Optional: true,
				Validators: []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"action": schema.StringAttribute{Required: true},
						"period": schema.Int64Attribute{Optional: true, Validators: []validator.Int64{int64validator.Between(10, 86_400)}},
						"ref": schema.StringAttribute{
							Optional:   true,
							Validators: []validator.String{customvalidator.RequiresOtherStringAttributeToBe(path.MatchRelative().AtParent().AtName("action"), "execute")},
						},
						"regions": schema.ListAttribute{
							Optional:    true,
							ElementType: types.StringType,
							Validators:  []validator.List{listvalidator.ValueStringsAre(stringvalidator.OneOf("WEU", "ENAM"))},
						},
						"meta": schema.SingleNestedAttribute{Computed: true, Attributes: map[string]schema.Attribute{}},
					},
				},
			},
		},
	}
}

func (r *ExampleResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.AtLeastOneOf(path.MatchRoot("content"), path.MatchRoot("rules"))}
}`;

  test("reads attributes, nesting, validators and package-level values from Go source", () => {
    const { spec, unmodelled } = readSchemaSource(
      new Map([
        ["types.go", TYPES_GO],
        ["schema.go", SCHEMA_GO],
      ]),
      "schema.go",
      "ResourceSchema",
    );
    expect(unmodelled).toEqual([]);
    expect(spec.rules).toEqual([{ kind: "atLeastOneOf", paths: ["/content", "/rules"] }]);
    const { id, type, session_duration, content, rules } = spec.attributes;
    expect(Object.keys(spec.attributes)).toEqual(["id", "type", "session_duration", "content", "rules"]);
    expect(id).toEqual({ type: "string", computed: true, line: 5 });
    expect(type).toEqual({ type: "string", required: true, oneOf: ["self_hosted", "ssh"], caseInsensitive: true, line: 6 });
    expect(session_duration).toMatchObject({
      optional: true,
      computed: true,
      patterns: [{ regex: "^\\d+h$", message: 'only "h"' }],
      requiresOther: [{ path: "/type", oneOf: ["self_hosted", "ssh"] }],
    });
    expect(content).toMatchObject({ conflictsWith: ["/content_file"] });
    expect(rules).toMatchObject({ type: "list", optional: true, size: { min: 1 } });
    expect(rules?.attributes).toEqual({
      action: { type: "string", required: true, line: 31 },
      period: { type: "int64", optional: true, range: { min: 10, max: 86400 }, line: 32 },
      ref: { type: "string", optional: true, requiresOther: [{ path: "../action", oneOf: ["execute"] }], line: 33 },
      regions: { type: "list", optional: true, element: "string", elements: { oneOf: ["WEU", "ENAM"] }, line: 37 },
      meta: { type: "object", computed: true, line: 42 },
    });
  });

  test("fails naming the line of a construct it does not understand", () => {
    const read = (source: string) => () =>
      readSchemaSource(
        new Map([
          ["types.go", TYPES_GO],
          ["schema.go", source],
        ]),
        "schema.go",
        "ResourceSchema",
      );
    expect(read(SCHEMA_GO.replace('"action": schema.StringAttribute', '"action": schema.FancyAttribute'))).toThrow(
      "line 31: unsupported attribute kind schema.FancyAttribute",
    );
    expect(read(SCHEMA_GO.replace("OneOfCaseInsensitive(selfHostedAppTypes...)", "OneOfCaseInsensitive(unknownList...)"))).toThrow(
      "line 9: stringvalidator.OneOfCaseInsensitive: expected constants",
    );
    expect(read(SCHEMA_GO.replace("SizeAtLeast(1)}", "SizeAtLeast(1)"))).toThrow('expected "}" ending func ResourceSchema, found "func"');
  });
});
