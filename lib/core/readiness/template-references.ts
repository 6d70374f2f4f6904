/**
 * Whether a Terraform JSON string reads another object: GL-SEC-004 lets a secret attribute hold
 * `${aws_secretsmanager_secret.x.id}` or `${var.x}`, never a value written into the file. Being a
 * template is not enough: `${"hunter2"}`, `${join("", ["hunt", "er2"])}` and `${"hunt"}${"er2"}` are
 * expressions whose whole value is in cdk.tf.json, so they count as literals (fail closed).
 */

/** Roots of a traversal that name no configured object: iteration values, `self`, paths, the workspace. */
const NOT_OBJECTS: ReadonlySet<string> = new Set(["each", "count", "self", "path", "terraform"]);

/** How many names after the root make a reference: `var.x`, `data.type.name`, `aws_type.name`. */
const ROOT_DEPTH: Readonly<Record<string, number>> = { var: 1, local: 1, module: 1, data: 2 };

const TRAVERSAL = /[A-Za-z_][\w-]*(?:\s*\.\s*[A-Za-z_][\w-]*)*/y;

/** True when the dotted names starting at `text[i]` (not preceded by a name or `.`) name an object. */
function namesObject(text: string, i: number): { readonly end: number; readonly object: boolean } {
  TRAVERSAL.lastIndex = i;
  const match = TRAVERSAL.exec(text);
  if (!match) return { end: i + 1, object: false };
  const [root = "", ...rest] = match[0].split(".").map((part) => part.trim());
  const depth = ROOT_DEPTH[root] ?? (NOT_OBJECTS.has(root) ? Number.POSITIVE_INFINITY : 1);
  return { end: i + match[0].length, object: rest.length >= depth };
}

/**
 * A small scanner over HCL's template syntax: literal text (the JSON string, or a quoted string inside an
 * expression) and expressions (inside `${...}` or `%{...}`), where only names outside quotes can be
 * references. Heredocs inside a JSON string are not read apart; their text is scanned as expression,
 * which can only find a reference, never hide one that is there.
 */
export function isReference(value: string): boolean {
  // Each frame: "text" (the outer string or a quoted string) or "expr" with its open brace depth.
  const stack: { kind: "text" | "quoted" | "expr"; depth: number }[] = [{ kind: "text", depth: 0 }];
  let i = 0;
  for (let top = stack[0]; top !== undefined && i < value.length; top = stack[stack.length - 1]) {
    const c = value.charAt(i);
    if (top.kind !== "expr") {
      if (top.kind === "quoted" && c === "\\") i += 2;
      else if (top.kind === "quoted" && c === '"') {
        stack.pop();
        i++;
      } else if ((c === "$" || c === "%") && value[i + 1] === c && value[i + 2] === "{") i += 3;
      else if ((c === "$" || c === "%") && value[i + 1] === "{") {
        stack.push({ kind: "expr", depth: 0 });
        i += 2;
      } else i++;
      continue;
    }
    if (c === '"') {
      stack.push({ kind: "quoted", depth: 0 });
      i++;
    } else if (c === "{") {
      top.depth++;
      i++;
    } else if (c === "}") {
      if (top.depth === 0) stack.pop();
      else top.depth--;
      i++;
    } else if (/[A-Za-z_]/.test(c) && !/[\w.-]/.test(value[i - 1] ?? "")) {
      const name = namesObject(value, i);
      if (name.object) return true;
      i = name.end;
    } else i++;
  }
  return false;
}
