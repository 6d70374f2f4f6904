import { finalRedaction } from "../../engines/plan/final-redaction";
import { visible } from "../../engines/plan/markdown-text";
import type { PlanInput } from "../../engines/plan";
import { beyondRelease, RELEASE_ATTRIBUTES } from "../../features/release/release-changes";
import type { CliIo } from "../types";
import { writeRefusals } from "./refusal-lines";

/** What --release-only allows, for its messages: the attributes per type, as RELEASE_ATTRIBUTES lists them. */
const ALLOWED = Object.entries(RELEASE_ATTRIBUTES)
  .map(([type, attributes]) => `${type} ${attributes.join(", ")}`)
  .join("; ");

/**
 * `--release-only`: one line on stderr per change of `inputs` beyond a release step (release-changes.ts),
 * then what it means; the number of such changes (0: the plans may be applied, as far as this check
 * goes). Addresses and paths pass the report's redaction and are printed as text (visible).
 */
export function reportBeyondRelease(inputs: readonly PlanInput[], command: string, io: CliIo): number {
  const clean = finalRedaction();
  const refused = inputs.flatMap((input) =>
    beyondRelease(input.plan.resource_changes ?? []).map((b) => {
      const what = b.path === undefined ? b.what : `${b.path} ${b.what}`;
      return `golive ${command}: ${visible(clean.text(input.stack))}: ${visible(clean.text(`${b.address} ${what}`))}; --release-only allows a release step's changes only (${ALLOWED})`;
    }),
  );
  writeRefusals(io, command, refused, "a release step's");
  return refused.length;
}
