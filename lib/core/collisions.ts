import { type ConfigIssue, formatPath } from "./issues";

/** A config item and the id it becomes: a construct id, a rule ref, or a value compared without case. */
export interface IdOwner {
  readonly id: string;
  readonly path: readonly (string | number)[];
  /** The item as written, quoted in messages. */
  readonly value: string;
}

/**
 * One issue per item whose id an earlier item already took, naming both fields: two items with one
 * construct id would stop synth with "There is already a Construct with name ...", and a duplicate would
 * be declared twice. `what` says what the shared id is, e.g. "the Access application id app-a-b".
 */
export function idCollisions(items: readonly IdOwner[], what: (id: string) => string): ConfigIssue[] {
  const first = new Map<string, IdOwner>();
  const issues: ConfigIssue[] = [];
  for (const item of items) {
    const prev = first.get(item.id);
    if (!prev) {
      first.set(item.id, item);
      continue;
    }
    const also = formatPath(prev.path);
    let message: string;
    if (prev.value === item.value) message = `"${item.value}" is listed twice (also ${also})`;
    else if (prev.value.toLowerCase() === item.value.toLowerCase())
      message = `"${item.value}" is listed twice (also ${also}, "${prev.value}"); they differ only in case`;
    else message = `"${item.value}" and ${also} ("${prev.value}") both become ${what(item.id)}; change one of them`;
    issues.push({ path: item.path, message });
  }
  return issues;
}

/**
 * One issue per item of `later` whose id an item of `earlier` already holds, naming both fields: two
 * kinds of item that may not share an id (an app hostname and a redirect from that whole host).
 * `why` says what goes wrong when they do and how to fix it.
 */
export function crossCollisions(earlier: readonly IdOwner[], later: readonly IdOwner[], why: string): ConfigIssue[] {
  const first = new Map<string, IdOwner>();
  for (const item of earlier) if (!first.has(item.id)) first.set(item.id, item);
  return later.flatMap((item) => {
    const prev = first.get(item.id);
    if (!prev) return [];
    const shown = prev.value === item.value ? "" : ` ("${prev.value}")`;
    return [{ path: item.path, message: `"${item.value}" is also ${formatPath(prev.path)}${shown}; ${why}` }];
  });
}
