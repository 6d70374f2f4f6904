/**
 * A resource change names itself twice: its `address` (what the review shows) and the parts Terraform
 * builds it from (`module_address`, `mode`, `type`, `name`, `index`: what the risk rules read). Terraform
 * writes them in agreement; a plan where they disagree was edited (an IAM role called a terraform_data
 * so no rule reads it), and a review of it would show one resource and judge another.
 */
import type { ResourceChange } from "./schema";

const ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  r: "\r",
  t: "\t",
  a: "\u0007",
  b: "\b",
  f: "\f",
  v: "\v",
  '"': '"',
  "\\": "\\",
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * The string a quoted instance key (`"a\nb"`) stands for, or undefined when the text is not one quoted
 * string. Terraform quotes keys as HCL does (internal/addrs/instance_key.go, toHCLQuotedString: `\n`,
 * `\"`, `\uXXXX` for an unprintable character, `$${` for `${`); older versions as Go's %q (`\x1f`).
 */
function unquote(text: string): string | undefined {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return undefined;
  let out = "";
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i] ?? "";
    if (c === '"') return undefined;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = text[++i] ?? "";
    const n = HEX_LENGTH[e];
    if (n !== undefined) {
      const hex = text.slice(i + 1, i + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) return undefined;
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += n;
    } else if (ESCAPES[e] !== undefined) out += ESCAPES[e];
    else return undefined;
  }
  return out;
}

/** True when `[...]` is how Terraform writes this index. */
function indexMatches(bracketed: string, index: ResourceChange["index"]): boolean {
  if (index === undefined) return bracketed === "";
  if (!bracketed.startsWith("[") || !bracketed.endsWith("]")) return false;
  const inner = bracketed.slice(1, -1);
  if (typeof index === "number") return inner === String(index);
  const key = unquote(inner);
  // HCL doubles a template introducer (`$${`, `%%{`); Go's %q does not.
  return key !== undefined && (key === index || key.replace(/([$%])\1\{/g, "$1{") === index);
}

/** The fields of a resource change its address disagrees with, in the order Terraform writes them; empty when it agrees. */
export function addressDisagreements(rc: ResourceChange): string[] {
  const module = rc.module_address === undefined || rc.module_address === "" ? "" : `${rc.module_address}.`;
  const mode = rc.mode === "data" ? "data." : "";
  const base = `${module}${mode}${rc.type}.${rc.name}`;
  const address = rc.address;
  if (address.startsWith(base) && indexMatches(address.slice(base.length), rc.index)) return [];
  // Tell which: the index is what follows `type.name`, the mode and module what precede it.
  const at = address.lastIndexOf(`${rc.type}.${rc.name}`);
  if (at < 0) return address.includes(`.${rc.name}`) ? ["type"] : address.includes(`${rc.type}.`) ? ["name"] : ["type", "name"];
  const wrong: string[] = [];
  const before = address.slice(0, at);
  if (before.endsWith("data.") !== (rc.mode === "data")) wrong.push("mode");
  const modulePart = before.endsWith("data.") ? before.slice(0, -"data.".length) : before;
  if (modulePart !== module) wrong.push("module_address");
  if (!indexMatches(address.slice(at + rc.type.length + 1 + rc.name.length), rc.index)) wrong.push("index");
  return wrong.length > 0 ? wrong : ["type", "name"];
}

/** One problem line per resource change whose address disagrees with its parts, naming both. */
export function addressProblems(changes: readonly ResourceChange[]): string[] {
  const problems: string[] = [];
  for (const [i, rc] of changes.entries()) {
    const wrong = addressDisagreements(rc);
    if (wrong.length === 0) continue;
    problems.push(
      `resource_changes[${i}].address: disagrees with its ${wrong.join(", ")} (Terraform writes [module_address.][data.]type.name[index]); the plan was edited, not made by terraform show -json`,
    );
  }
  return problems;
}
