import type { EnvView } from "./model";
import { field, records, strings } from "./values";

/** The one account a stack's AWS providers are pinned to (`allowed_account_ids`), if exactly one. */
export function pinnedAwsAccount(view: EnvView, stackName: string): string | undefined {
  const stack = view.stacks.find((s) => s.name === stackName);
  const ids = new Set(records(field(stack?.json.provider, "aws")).flatMap((p) => [...strings(p.allowed_account_ids)]));
  return ids.size === 1 ? [...ids][0] : undefined;
}
