/**
 * A stable digest of what a plan will do, so the plan applied after merge can be checked against the
 * plan a reviewer read (Atlantis applies the saved plan; dflook's apply refuses a plan that differs).
 * The whole `terraform show -json` text cannot be compared: it holds a timestamp, prior state and
 * values read at plan time. The digest holds, per change, everything the review shows of it: the
 * address and what it is made of (mode, type, name, index, module, provider: the risk rules pick a
 * change by its type), the actions and Terraform's reason for them, the previous address and what it
 * imports (the whole `importing` object), the attributes forcing a replacement, every value of the
 * object before the change, every attribute the change sets with the value it sets (so every value
 * after it too), and which of the plan's secrets the review hides in it (secrets.ts), and which values
 * Terraform marks sensitive before and after it (changed or not: a rule that cannot read a value says
 * so). An attribute line is computed from these alone.
 * A risk flag may also read the plan beyond the change (a pool's name in a no-op, who
 * uses a policy document per `configuration`): the engine joins the flags' texts to the digest
 * (withReviewTexts), so two plans with one digest have one review. A sensitive value enters as
 * "sensitive" only (a reviewer never saw it, and a short value could be guessed from its hash; a
 * hidden secret enters with the values around it, which hold it already); a value known only after
 * apply enters as "unknown". A data source read during apply enters like a create (what it is given).
 */
import { createHash } from "node:crypto";
import { kindOf } from "./changes";
import { exactJson } from "./exact-numbers";
import { canonicalJson } from "./json-attributes";
import { maskedJson, sensitivity, setLeaves } from "./digest-values";
import type { PlanChange, PlanJson, ResourceChange } from "./schema";
import { changeTexts, planSecrets, type SecretFinder, secretFinder } from "./secrets";

/** One change of a plan, as the digest sees it. */
export interface ChangeDigest {
  /** `aws_iam_role.ci`, `output.zone_id`; a deposed object adds ` (deposed <key>)`. */
  readonly address: string;
  /** `update`, `delete,create`, ... or `move` / `import` for a change that only renames or adopts. */
  readonly action: string;
  /** sha256 of the change's canonical form, hex. */
  readonly hash: string;
}

export interface PlanDigest {
  /**
   * sha256 over every change's address and hash and, once withReviewTexts joined them, the texts the
   * review shows beyond the changes; hex. Equal for two plans that do the same and read the same.
   */
  readonly digest: string;
  /** sha256 over every change's address and hash alone, hex: what withReviewTexts starts from. */
  readonly changesDigest: string;
  /** Changes in address order. */
  readonly changes: readonly ChangeDigest[];
  /** Every address the plan lists, changed or not (to name a reviewed change that is now a no-op). */
  readonly addresses: ReadonlySet<string>;
  /**
   * The plan's secrets that occur in what its review shows: the only strings the review may hide
   * (report.ts), each in the hash of every change holding it. Secrets themselves: never printed.
   */
  readonly hidden: ReadonlySet<string>;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export { canonicalJson };

/**
 * sha256 of a change's form, of the object before it (value and sensitivity mask) and of the secrets
 * its review hides, hex. Raw NUL never occurs in JSON text, so the parts cannot run into each other.
 */
function changeHash(form: object, before: [unknown, unknown] | undefined, hidden: readonly string[]): string {
  // A number the plan wrote with more digits than a double keeps enters with all of them (exact-numbers.ts).
  const hash = createHash("sha256").update(exactJson(form) ?? "");
  if (before) hash.update(`\u0000before\u0000${maskedJson(before[0], before[1])}`);
  if (hidden.length > 0) hash.update(`\u0000hidden\u0000${JSON.stringify(hidden)}`);
  return hash.digest("hex");
}

/** What a plan's review may hide, per change: undefined when the plan holds no secret (most plans). */
interface Hiding {
  readonly finder: SecretFinder;
  readonly hidden: Set<string>;
}

/** The secrets the review hides in one change: those occurring in its names or in the values it shows. */
function hiddenIn(
  hiding: Hiding | undefined,
  names: readonly (string | number | undefined)[],
  change: PlanChange,
  before: boolean,
  after: boolean,
): string[] {
  if (!hiding) return [];
  const texts = names.flatMap((n) => (n === undefined ? [] : [String(n)]));
  changeTexts(change, before, after, texts);
  const found = hiding.finder.find(texts);
  for (const s of found) hiding.hidden.add(s);
  return found;
}

function deposedOf(rc: ResourceChange): string | undefined {
  return typeof rc.deposed === "string" ? rc.deposed : undefined;
}

/**
 * The canonical form of one resource change, or undefined when the review does not show it (a no-op).
 * A data source read during apply is in: the review shows what it is given (a policy document's
 * statements), and a plan reading another one must not pass for the reviewed plan.
 */
function resourceEntry(rc: ResourceChange, hiding: Hiding | undefined): ChangeDigest | undefined {
  const { kind } = kindOf(rc);
  if (kind === "no-op" || (rc.mode === "data") !== (kind === "read")) return undefined;
  const deposed = deposedOf(rc);
  const address = deposed ? `${rc.address} (deposed ${deposed})` : rc.address;
  const action = kind === "move" || kind === "import" ? kind : rc.change.actions.join(",");
  const removes = kind === "delete" || kind === "forget";
  // A data source read during apply counts as a create: what it is given, no value before.
  const creates = kind === "create" || kind === "read";
  const form = {
    address,
    // What the address is made of: a rule picks a change by its type, so a plan that calls an IAM role a
    // terraform_data has another digest (schema.ts refuses an address that disagrees with these).
    mode: rc.mode,
    type: rc.type,
    name: rc.name,
    index: rc.index ?? null,
    module: rc.module_address ?? null,
    provider: rc.provider_name ?? null,
    action,
    reason: rc.action_reason ?? null,
    previous: rc.previous_address ?? null,
    // The whole object (id, identity, unknown...), canonical: the review calls any `importing` an import
    // (changes.ts), so a plan with one never shares a digest with the plan without it, whatever fields it has.
    importing: rc.change.importing ? canonicalJson(rc.change.importing) : null,
    replacePaths: (rc.change.replace_paths ?? []).map((p) => JSON.stringify(p)).sort(),
    sets: removes ? [] : setLeaves(rc.change, creates),
    sensitive: sensitivity(rc.change, creates, removes),
  };
  const names = [address, rc.type, rc.name, rc.index, rc.module_address, rc.provider_name, rc.previous_address, rc.action_reason];
  const hidden = hiddenIn(
    hiding,
    [...names, rc.change.importing?.id, ...(rc.change.replace_paths ?? []).flat()],
    rc.change,
    !creates,
    !removes,
  );
  // The form's JSON is canonical: its keys are written in one order, and leaves are primitives.
  return { address, action, hash: changeHash(form, creates ? undefined : [rc.change.before, rc.change.before_sensitive], hidden) };
}

function outputEntry(name: string, c: PlanChange, hiding: Hiding | undefined): ChangeDigest | undefined {
  const action = c.actions.join(",");
  if (action === "no-op" || action === "read") return undefined;
  const address = `output.${name}`;
  const form = {
    address,
    action,
    sets: action === "delete" ? [] : setLeaves(c, action === "create"),
    sensitive: sensitivity(c, action === "create", action === "delete"),
  };
  const hidden = hiddenIn(hiding, [address], c, action !== "create", action !== "delete");
  return { address, action, hash: changeHash(form, action === "create" ? undefined : [c.before, c.before_sensitive], hidden) };
}

/** The digest of a plan's resource and output changes and data sources read during apply; no-ops do not count. */
export function planDigest(plan: PlanJson): PlanDigest {
  const changes: ChangeDigest[] = [];
  const addresses = new Set<string>();
  const secrets = planSecrets(plan);
  const hiding = secrets.size > 0 ? { finder: secretFinder(secrets), hidden: new Set<string>() } : undefined;
  for (const rc of plan.resource_changes ?? []) {
    addresses.add(rc.address);
    const entry = resourceEntry(rc, hiding);
    if (entry) changes.push(entry);
  }
  for (const [name, c] of Object.entries(plan.output_changes ?? {})) {
    addresses.add(`output.${name}`);
    const entry = outputEntry(name, c, hiding);
    if (entry) changes.push(entry);
  }
  changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const hash = createHash("sha256");
  for (const c of changes) hash.update(`${c.address}\u0000${c.hash}\n`);
  const changesDigest = hash.digest("hex");
  return { digest: changesDigest, changesDigest, changes, addresses, hidden: hiding?.hidden ?? new Set() };
}

/**
 * The digest with the texts a review shows beyond the plan's changes joined in (the engine's risk
 * flags: what they read of no-ops and `configuration` no change hash holds), in any order: sorted here.
 */
export function withReviewTexts(digest: PlanDigest, texts: readonly string[]): PlanDigest {
  const sorted = [...texts].sort();
  const hash = createHash("sha256")
    .update(digest.changesDigest)
    .update(`\u0000review\u0000${JSON.stringify(sorted)}`);
  return { ...digest, digest: hash.digest("hex") };
}

/** A short, stable key for an address in a recorded review (the address itself may be long or hostile). */
export function addressKey(address: string): string {
  return sha256(`address:${address}`).slice(0, 12);
}

/** The part of a change hash a recorded review keeps per change, to name what differs. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
