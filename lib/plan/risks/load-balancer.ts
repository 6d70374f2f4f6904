import type { ChangeView } from "../changes";
import { isRecord } from "../values";
import { afterOf, at, list, num, RiskRule, str } from "./types";

function weights(value: unknown): Map<string, number> {
  const pw = at(value, "random_steering", "pool_weights");
  const out = new Map<string, number>();
  if (isRecord(pw)) for (const [pool, w] of Object.entries(pw)) {
    const n = num(w);
    if (n !== undefined) out.set(pool, n);
  }
  return out;
}

function pools(value: unknown): string[] {
  return list(at(value, "default_pools")).map((p) => str(p) ?? "?");
}

function weightMoves(change: ChangeView): string[] {
  const after = afterOf(change);
  if (after === null || change.kind === "create") return [];
  const out: string[] = [];
  const b = weights(change.before);
  const a = weights(after);
  const defB = num(at(change.before, "random_steering", "default_weight"));
  const defA = num(at(after, "random_steering", "default_weight"));
  const moved = [...new Set([...b.keys(), ...a.keys()])]
    .sort()
    .filter((p) => (b.get(p) ?? defB) !== (a.get(p) ?? defA))
    .map((p) => `${p} ${b.get(p) ?? defB ?? "(default)"} -> ${a.get(p) ?? defA ?? "(default)"}`);
  if (moved.length > 0) out.push(`pool weights moved: ${moved.join(", ")}`);
  const bp = pools(change.before);
  const ap = pools(after);
  if (Array.isArray(at(after, "default_pools")) && bp.join(",") !== ap.join(",")) out.push(`default_pools [${bp.join(", ")}] -> [${ap.join(", ")}]`);
  return out;
}

export const lbWeightsMoved: RiskRule = {
  id: "lb-weights-moved",
  title: "Load-balancer traffic moved",
  explanation: "Weights or pool order decide which release serves users; a move is a release or a rollback.",
  types: ["cloudflare_load_balancer"],
  check: weightMoves,
};
