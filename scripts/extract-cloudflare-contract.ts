/**
 * Extracts the provider contract golive's Cloudflare resources are tested against
 * (__tests__/platform/provider-contract.spec.ts) from terraform-provider-cloudflare's source: per
 * resource and data source type, every attribute (required / optional / computed, type, nested
 * attributes) and the validators the provider applies (allowed values, ranges, lengths, sizes,
 * patterns, attributes that exclude or require each other). See docs/provider-contract.md.
 *
 * Usage (a checkout of the tag matching the version @cdktf/provider-cloudflare wraps):
 *   git clone --depth 1 --branch v5.14.0 https://github.com/cloudflare/terraform-provider-cloudflare /tmp/tfp
 *   node -r ./lib/runtime/register-ts.js scripts/extract-cloudflare-contract.ts /tmp/tfp
 * Options:
 *   --out <file>             default __tests__/fixtures/cloudflare-contract.json
 *   --tag <tag> --commit <sha>  required when the checkout has no .git (e.g. unpacked from `git archive`)
 *   --resource <type>, --data <type>  extract more types (repeatable); the types already in the output
 *                            file and the ones listed below are always extracted
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type ContractFile, ContractFileSchema, type SchemaSpec } from "./extract-cloudflare-contract/contract";
import { readSchemaSource } from "./extract-cloudflare-contract/schema-reader";

const REPO_ROOT = join(__dirname, "..");
const DEFAULT_OUT = join(REPO_ROOT, "__tests__", "fixtures", "cloudflare-contract.json");
const REPOSITORY = "https://github.com/cloudflare/terraform-provider-cloudflare";

/** The types golive emits (the contract test fails naming any type missing here). */
const RESOURCES = [
  "cloudflare_authenticated_origin_pulls_certificate",
  "cloudflare_authenticated_origin_pulls_settings",
  "cloudflare_dns_record",
  "cloudflare_load_balancer",
  "cloudflare_load_balancer_monitor",
  "cloudflare_load_balancer_pool",
  "cloudflare_notification_policy",
  "cloudflare_ruleset",
  "cloudflare_url_normalization_settings",
  "cloudflare_workers_custom_domain",
  "cloudflare_workers_script",
  "cloudflare_zero_trust_access_application",
  "cloudflare_zero_trust_access_group",
  "cloudflare_zero_trust_access_policy",
  "cloudflare_zero_trust_access_service_token",
  "cloudflare_zone",
  "cloudflare_zone_dnssec",
  "cloudflare_zone_setting",
  "cloudflare_zone_subscription",
];
const DATA_SOURCES = ["cloudflare_zone"];

interface Options {
  readonly checkout: string;
  readonly out: string;
  readonly tag?: string;
  readonly commit?: string;
  readonly resources: string[];
  readonly dataSources: string[];
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options {
  const rest = [...argv];
  const positional: string[] = [];
  const opts: { out: string; tag?: string; commit?: string; resources: string[]; dataSources: string[] } = {
    out: DEFAULT_OUT,
    resources: [...RESOURCES],
    dataSources: [...DATA_SOURCES],
  };
  while (rest.length) {
    const arg = rest.shift() ?? "";
    const value = () => {
      const v = rest.shift();
      if (!v) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--out") opts.out = value();
    else if (arg === "--tag") opts.tag = value();
    else if (arg === "--commit") opts.commit = value();
    else if (arg === "--resource") opts.resources.push(value());
    else if (arg === "--data") opts.dataSources.push(value());
    else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [checkout] = positional;
  if (!checkout || positional.length > 1) throw new UsageError("expected one argument: the provider checkout directory");
  if (!existsSync(join(checkout, "internal", "services")))
    throw new UsageError(`${checkout} has no internal/services: not a terraform-provider-cloudflare checkout`);
  return { checkout, ...opts };
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
}

/** Tag and commit of the checkout: given, or read from its .git. */
function sourceVersion(opts: Options): { tag: string; commit: string } {
  if (opts.tag && opts.commit) return { tag: opts.tag, commit: opts.commit };
  if (!existsSync(join(opts.checkout, ".git"))) throw new UsageError("the checkout has no .git: give --tag and --commit");
  try {
    return {
      tag: opts.tag ?? git(opts.checkout, "describe", "--tags", "--exact-match", "HEAD"),
      commit: opts.commit ?? git(opts.checkout, "rev-parse", "HEAD"),
    };
  } catch {
    throw new UsageError("the checkout's HEAD is not a tag: check out a release tag, or give --tag and --commit");
  }
}

type Kind = "resource" | "data source";
const KIND_FILES: Record<Kind, { readonly registration: string; readonly schema: string; readonly fn: string }> = {
  resource: { registration: "resource.go", schema: "schema.go", fn: "ResourceSchema" },
  "data source": { registration: "data_source.go", schema: "data_source_schema.go", fn: "DataSourceSchema" },
};

/** Type name -> service folder, from each folder's `resp.TypeName = req.ProviderTypeName + "_x"`. */
function registrations(servicesDir: string, kind: Kind): Map<string, string> {
  const out = new Map<string, string>();
  for (const service of readdirSync(servicesDir)) {
    const file = join(servicesDir, service, KIND_FILES[kind].registration);
    if (!existsSync(file)) continue;
    const m = /resp\.TypeName\s*=\s*req\.ProviderTypeName\s*\+\s*"(_[a-z0-9_]+)"/.exec(readFileSync(file, "utf8"));
    if (m) out.set(`cloudflare${m[1]}`, service);
  }
  return out;
}

function extract(checkout: string, kind: Kind, type: string, services: Map<string, string>): SchemaSpec {
  const service = services.get(type);
  if (!service) throw new UsageError(`the provider registers no ${kind} ${type}`);
  const dir = join(checkout, "internal", "services", service);
  const where = relative(checkout, join(dir, KIND_FILES[kind].schema));
  const goFiles = readdirSync(dir).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"));
  try {
    const sources = new Map(goFiles.map((f) => [f, readFileSync(join(dir, f), "utf8")]));
    const { spec, unmodelled } = readSchemaSource(sources, KIND_FILES[kind].schema, KIND_FILES[kind].fn);
    if (unmodelled.length) process.stderr.write(`${type}: configuration validators not modelled: ${unmodelled.join(", ")}\n`);
    return { file: where, ...spec };
  } catch (err) {
    throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Types already in the output file, so a re-run never drops one. */
function typesInFile(out: string): { resources: string[]; dataSources: string[] } {
  if (!existsSync(out)) return { resources: [], dataSources: [] };
  const previous = ContractFileSchema.parse(JSON.parse(readFileSync(out, "utf8")));
  return { resources: Object.keys(previous.resources), dataSources: Object.keys(previous.dataSources) };
}

function extractAll(opts: Options, kind: Kind, types: readonly string[]): Record<string, SchemaSpec> {
  const servicesDir = join(opts.checkout, "internal", "services");
  const services = registrations(servicesDir, kind);
  const out: Record<string, SchemaSpec> = {};
  for (const type of [...new Set(types)].sort()) out[type] = extract(opts.checkout, kind, type, services);
  return out;
}

/** JSON with every object or array that fits on one line written on one line: short, and diffs stay per attribute. */
export function compactJson(value: unknown, indent = ""): string {
  const flat = JSON.stringify(value);
  if (value === null || typeof value !== "object" || indent.length + flat.length <= 140) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== "object")) {
    // Allowed values: as many to a line as fit.
    const lines: string[] = [];
    for (const item of value.map((v) => JSON.stringify(v))) {
      const last = lines.length - 1;
      if (last >= 0 && inner.length + (lines[last] ?? "").length + item.length + 1 <= 140) lines[last] += `,${item}`;
      else lines.push(item);
    }
    return `[\n${lines.map((l) => `${inner}${l}`).join(",\n")}\n${indent}]`;
  }
  const items = Array.isArray(value)
    ? value.map((v) => `${inner}${compactJson(v, inner)}`)
    : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${items.join(",\n")}\n${indent}${close}`;
}

function main(argv: readonly string[]): number {
  const opts = parseArgs(argv);
  const { tag, commit } = sourceVersion(opts);
  const previous = typesInFile(opts.out);
  const contract: ContractFile = {
    provider: "registry.terraform.io/cloudflare/cloudflare",
    version: tag.replace(/^v/, ""),
    tag,
    commit,
    source: `${REPOSITORY}/tree/${commit}/internal/services`,
    generatedBy: "node -r ./lib/runtime/register-ts.js scripts/extract-cloudflare-contract.ts <checkout> (see docs/provider-contract.md)",
    resources: extractAll(opts, "resource", [...opts.resources, ...previous.resources]),
    dataSources: extractAll(opts, "data source", [...opts.dataSources, ...previous.dataSources]),
  };
  ContractFileSchema.parse(contract);
  writeFileSync(opts.out, `${compactJson(contract)}\n`);
  const count = (r: Record<string, SchemaSpec>) => Object.keys(r).length;
  process.stdout.write(
    `wrote ${relative(process.cwd(), opts.out)}: ${count(contract.resources)} resources, ${count(contract.dataSources)} data sources from ${tag} (${commit})\n`,
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`extract-cloudflare-contract: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
