import { utcToday } from "../../lib/core/dates";
import { ATTESTATION_ITEMS } from "../../lib/features/readiness/schema";

/**
 * The text of a config init wrote with every attestation filled in, reviewed today: what a person adds
 * after init (GL-APP-001..005, GL-SEC-010 where CI deploys), as the file's comment above readiness shows.
 */
export function withAttestations(text: string): string {
  const entries = ATTESTATION_ITEMS.map(
    (item) =>
      `    - item: ${item}\n      owner: app-team\n      date: "${utcToday()}"\n      evidence: https://example.org/reviews/${item}`,
  ).join("\n");
  return text.replace("  attestations: []", `  attestations:\n${entries}`);
}

/** The rule ids init printed as the blockers check reports until a person acts ("reports these blockers ...: ids"). */
export function blockersInitPrinted(stdout: string): string[] {
  return (/reports these blockers [^:]*: (.*)$/m.exec(stdout)?.[1] ?? "").split(", ");
}
