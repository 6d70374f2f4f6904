import { formatPath } from "../issues";
import { isRecord } from "../json";
import { firstDuplicateKey, type JsonPath } from "../json-duplicate-key";

/**
 * Keys of plan JSON that a JavaScript reader would not read as written, so the review would show one
 * plan and Terraform apply another: a key repeated in one object (JSON.parse keeps the last, so a second
 * `resource_changes` or `actions` hides a destroy), and a `__proto__` key (copied into an object by
 * assignment, as zod and the value masking do, it becomes that object's prototype: its fields read
 * as the object's own). `terraform show -json` writes no repeated key, and a `__proto__` key only as a
 * map key of a resource, refused all the same. Each is one line naming the key's path.
 */

/** The first key repeated within one object of the plan's text, or undefined. Linear in the text. */
export function repeatedKeyProblem(json: Buffer | string): string | undefined {
  const path = firstDuplicateKey(json);
  return path
    ? `${formatPath(path)}: duplicate key; JSON keeps only the last one, which could hide a change from the review: run terraform show -json <planfile> again`
    : undefined;
}

/** A `__proto__` key of parsed plan JSON (outer objects first), or undefined. */
export function prototypeKeyProblem(data: unknown): string | undefined {
  const path = firstPrototypeKey(data);
  return path ? `${formatPath(path)}: "__proto__" cannot be a key (it names the prototype of an object)` : undefined;
}

/**
 * A walk without recursion (plan values nest as deep as a hostile file likes) and without a path per
 * value (a 250,000-change plan holds millions): parallel stacks of the values still to visit, their
 * depth and their key or index; `path` is the path of the value being visited.
 */
function firstPrototypeKey(data: unknown): JsonPath | undefined {
  const values: unknown[] = [data];
  const depths: number[] = [0];
  const names: (string | number)[] = [""];
  const path: (string | number)[] = [];
  const visit = (value: unknown, depth: number, name: string | number): void => {
    if (typeof value !== "object" || value === null) return;
    values.push(value);
    depths.push(depth);
    names.push(name);
  };
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    const name = names.pop() as string | number;
    if (depth > 0) {
      path.length = depth - 1;
      path.push(name);
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) visit(value[i], depth + 1, i);
    } else if (isRecord(value)) {
      if (Object.hasOwn(value, "__proto__")) return [...path, "__proto__"];
      // for-in, not Object.keys: no array per object. JSON.parse makes plain objects, whose prototype
      // lends no enumerable keys.
      for (const key in value) visit(value[key], depth + 1, key);
    }
  }
  return undefined;
}
