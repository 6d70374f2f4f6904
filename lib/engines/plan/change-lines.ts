import { markedDrift } from "./drift";
import type { ChangeKind, ChangeView } from "../../core/plan/changes";
import { code, fenced, plain } from "./markdown-text";
import type { Entry } from "./collapse";
import { fold } from "./markdown-blocks";

/** The lines of one change: its list line, a collapsed group's line, and the attribute-diff block. */

function name(c: ChangeView): string {
  return c.constructPath ? `${code(c.address)} · ${code(c.constructPath)}` : code(c.address);
}

/** Terraform's action_reason, in a reviewer's words (reasons not listed here add nothing). */
const REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: "tainted",
  replace_by_request: "-replace requested",
  replace_by_triggers: "replace_triggered_by",
  delete_because_no_resource_config: "no longer in the code",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_count_index: "count reduced",
  delete_because_each_key: "for_each key removed",
  delete_because_no_module: "module removed",
  delete_because_no_move_target: "moved block target missing",
};

/**
 * Lines computed once per change: the size limiter renders a report up to eight times. Keyed by the
 * change and, for its list line, by the drift set it was written with.
 */
const LINES = new WeakMap<ChangeView, { drift?: ReadonlySet<string>; line?: string; attributes?: readonly string[] }>();
function linesOf(c: ChangeView): { drift?: ReadonlySet<string>; line?: string; attributes?: readonly string[] } {
  let known = LINES.get(c);
  if (!known) {
    known = {};
    LINES.set(c, known);
  }
  return known;
}

export function changeLine(c: ChangeView, drift: ReadonlySet<string>): string {
  const known = linesOf(c);
  if (known.line === undefined || known.drift !== drift) {
    known.line = writeChangeLine(c, drift);
    known.drift = drift;
  }
  return known.line;
}

/** A change's attribute diffs as lines of the attribute block. */
function attributeLines(c: ChangeView): readonly string[] {
  const known = linesOf(c);
  known.attributes ??= c.attributes.map((a) => `    ${fenced(`${a.path}: ${a.before} -> ${a.after}`)}`);
  return known.attributes;
}

function writeChangeLine(c: ChangeView, drift: ReadonlySet<string>): string {
  const notes: string[] = [];
  const reason = c.reason === undefined ? undefined : REASONS[c.reason];
  // Each note escapes what came from the plan; golive's own words and code spans are kept as written.
  if (reason && c.kind !== "forget") notes.push(reason);
  if (c.replaceOrder) notes.push(plain(c.replaceOrder.replace(/-/g, " ")));
  if (c.replacePaths.length > 0) notes.push(`forced by ${c.replacePaths.map(code).join(", ")}`);
  if (c.previousAddress) notes.push(`moved from ${code(c.previousAddress)}`);
  if (c.deposed !== undefined)
    notes.push(`deposed object ${code(c.deposed)}: left over from a partially failed replacement, not the current object`);
  if (c.importing) notes.push("importing");
  if (c.kind === "update")
    notes.push(`${c.attributes.length + c.attributesOmitted} attribute${c.attributes.length + c.attributesOmitted === 1 ? "" : "s"}`);
  if (markedDrift(drift, c)) notes.push("likely provider drift");
  if (c.kind === "move") return `- ${code(c.previousAddress ?? "")} → ${name(c)}`;
  return `- ${name(c)}${notes.length ? ` (${notes.join("; ")})` : ""}`;
}

/** Addresses a collapsed line names before "and N more" (the JSON report lists every one). */
const NAMED_IN_GROUP = 3;

/**
 * A group's line. Its changes share whether they are moved and imported (collapse.ts sameChangeKey):
 * the line says so, and names each address shown with the one it moves from.
 */
export function groupLine(e: Entry, drift: ReadonlySet<string>): string {
  const c = e.change;
  const shown = e.group
    .slice(0, NAMED_IN_GROUP)
    .map((g) => (g.previousAddress === undefined ? code(g.address) : `${code(g.address)} (moved from ${code(g.previousAddress)})`));
  const more = e.group.length > NAMED_IN_GROUP ? ` … and ${e.group.length - NAMED_IN_GROUP} more` : "";
  const inline =
    c.attributes.length <= 2 && c.attributesOmitted === 0
      ? `: ${c.attributes.map((a) => code(`${a.path}: ${a.before} -> ${a.after}`)).join(", ")}`
      : ` (${c.attributes.length + c.attributesOmitted} attributes)`;
  const notes = [
    ...(c.previousAddress === undefined ? [] : ["each moved from another address"]),
    ...(c.importing ? ["importing"] : []),
    ...(markedDrift(drift, c) ? ["likely provider drift"] : []),
  ];
  const note = notes.length > 0 ? ` (${notes.join("; ")})` : "";
  return `- ${e.group.length} × ${code(c.type)}, the same change${inline}${note}: ${shown.join(", ")}${more}`;
}

/** Terraform's own sign for each kind in its plan text; any other kind with attribute diffs is an edit. */
const SIGNS: Partial<Record<ChangeKind, string>> = { delete: "-", create: "+", read: "<=" };
/**
 * A replacement's sign says in which order, as Terraform's plan text does (internal/command/format's
 * DiffActionSymbol; 1.11.4's `terraform show` prints `+/-` for create_before_destroy): `-/+`
 * destroy then create, `+/-` create then destroy (create_before_destroy), `+/.` create then forget
 * (the old object left in place: `destroy = false`).
 */
const REPLACE_SIGNS: Readonly<Record<NonNullable<ChangeView["replaceOrder"]>, string>> = {
  "destroy-then-create": "-/+",
  "create-then-destroy": "+/-",
  "create-then-forget": "+/.",
};

function signOf(c: ChangeView): string {
  if (c.kind === "replace") return REPLACE_SIGNS[c.replaceOrder ?? "destroy-then-create"];
  return SIGNS[c.kind] ?? "~";
}

/** `withAttrs`: the kept entries with attribute diffs, standing for `count` changes. */
export function attributeBlock(withAttrs: readonly Entry[], count: number, max: number, left: number): string[] {
  if (withAttrs.length === 0)
    return left > 0 ? [`_Attribute changes of ${left} resource${left === 1 ? "" : "s"} left out to fit the comment._`] : [];
  const body: string[] = ["````diff"];
  for (const { change: c, group } of withAttrs.slice(0, max)) {
    const sign = signOf(c);
    body.push(
      group.length > 1
        ? `${sign} ${group.length} × ${fenced(c.type)} (the same change; ${fenced(c.address)}, …)`
        : `${sign} ${fenced(c.address)}`,
    );
    for (const line of attributeLines(c)) body.push(line);
    if (c.attributesOmitted > 0) body.push(`    … and ${c.attributesOmitted} more attributes`);
  }
  if (withAttrs.length > max) body.push(`… and ${withAttrs.length - max} more resources`);
  body.push("````");
  const note = left > 0 ? `; ${left} more left out to fit the comment` : "";
  return fold(`Attribute changes (${count} resource${count === 1 ? "" : "s"}${note})`, body);
}
