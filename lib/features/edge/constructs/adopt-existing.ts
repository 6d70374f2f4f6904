import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import { Zone } from "@cdktf/provider-cloudflare/lib/zone";
import { ZoneSubscription } from "@cdktf/provider-cloudflare/lib/zone-subscription";
import { Aspects, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { type AdoptRecordStack, type Adoption, dnsRecordImportId, rulesetImportId, zoneImportId } from "../adoption";

/** A phase entry-point ruleset a stack declares. */
export interface DeclaredRuleset {
  readonly phase: string;
  readonly name: string;
  /** Construct path, such as edge-production/WafCustom/Resource. */
  readonly path: string;
}

/** Every `cloudflare_ruleset` under `scope`, as built (a phase with no rules declares none). */
export function declaredRulesets(scope: IConstruct): DeclaredRuleset[] {
  return scope.node
    .findAll()
    .filter((c): c is Ruleset => c instanceof Ruleset)
    .map((r) => ({ phase: r.phaseInput ?? "", name: r.nameInput ?? "", path: r.node.path }));
}

/**
 * Adds a Terraform `import` block (cdktf `importFrom`) to each resource under `scope` that `adoption`
 * names: the zone and its subscription, the ruleset of each adopted phase, and each adopted DNS record
 * of this stack (matched by construct id, name and type, so a record whose config changed since
 * preflight is created, not silently taken over). Entries matching nothing are left alone: the object
 * they name is then not one the stack would create. Terraform skips an import whose resource is
 * already in state, so the blocks may stay after the first apply
 * (developer.hashicorp.com/terraform/language/v1.6.x/import). An aspect, so it sees the whole stack
 * at synth whatever is added after the call.
 *
 * An import must be followed by an update, never a replacement: what forces replacement on each type
 * equals what was adopted. Zone: `name` (the adopt file must name config's zone: adoptionMismatches)
 * and `account` (preflight reports a zone of another account as `fix`). Ruleset: `zone_id`, `kind`
 * (zone), `phase` (matched here), and `name`, which every entry point ignores (phase-ruleset.ts). DNS
 * record: `zone_id` and `type` (matched here; `name` is updated in place). Subscription: `zone_id`.
 */
export function adoptExisting(scope: IConstruct, stack: AdoptRecordStack, adoption: Adoption | undefined): void {
  if (adoption) Aspects.of(scope).add(new AdoptExisting(stack, adoption));
}

class AdoptExisting implements IAspect {
  constructor(
    private readonly stack: AdoptRecordStack,
    private readonly adoption: Adoption,
  ) {}

  visit(c: IConstruct): void {
    const a = this.adoption;
    const zoneId = a.zone.id;
    if (c instanceof Zone && a.zone.import) c.importFrom(zoneImportId(zoneId));
    else if (c instanceof ZoneSubscription && a.zone.importSubscription) c.importFrom(zoneImportId(zoneId));
    else if (c instanceof Ruleset) {
      const rulesetId = Object.entries(a.rulesets).find(([phase]) => phase === c.phaseInput)?.[1];
      if (rulesetId !== undefined) c.importFrom(rulesetImportId(zoneId, rulesetId));
    } else if (c instanceof DnsRecord) {
      const match = a.records.find(
        (r) => r.stack === this.stack && r.key === c.node.id && r.name === c.nameInput && r.type === c.typeInput,
      );
      if (match) c.importFrom(dnsRecordImportId(zoneId, match.id));
    }
  }
}
