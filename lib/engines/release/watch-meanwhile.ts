import type { AppliedWeights } from "../../features/release/break-glass";
import { apiErrorOf } from "../../features/release/break-glass";
import type { LoadBalancerSession } from "../../features/release/cloudflare-api";
import { rolledBackMark } from "../../features/release/live-drift";
import { holdRollback } from "../../features/release/rollback-hold";
import type { Colour } from "../../features/release/schema";
import { steeringText } from "../../features/release/steering";
import { rollback } from "../../features/release/transitions";
import type { ReleaseConfigFile } from "./config-file";
import type { ReleaseResult } from "./report";
import { changedElsewhere } from "./watch-guard";
import type { RunLog } from "./watch-log";

// A rollback always wins over a running watch. The API has no compare-and-set for load balancers, so
// the watch reads back right before each PATCH (the steering it last set, and the candidate pool's
// rollback mark, which every rollback --now writes) with nothing local in between, and reads the mark
// again after each PATCH and before it reports a completion: a rollback that landed in the same
// milliseconds as its step is found there, and its steering restored.

/** What the watch shares with these reads: its log, its environment, its candidate colour. */
export interface MeanwhileWatch {
  readonly log: RunLog;
  readonly env: string;
  readonly colour: Colour;
}

/** The candidate pool's rollback mark read now (a GET): the time it names, undefined when none, or why it could not be read. */
async function readMark(session: LoadBalancerSession, colour: Colour): Promise<{ readonly at?: string } | { readonly unreadable: string }> {
  try {
    const at = rolledBackMark(await session.readPool(colour));
    return at === undefined ? {} : { at };
  } catch (err) {
    return { unreadable: apiErrorOf(err, `reading the ${colour} pool`).message };
  }
}

/**
 * Immediately before a step's PATCH (everything local done already): the load balancer must still serve
 * what this watch last set (`last`; before the first step the pre-flight read it), and the candidate's
 * pool must carry no rollback mark, nor be unreadable. Else the run stops with nothing sent for the step.
 */
export async function readBackBeforePatch(
  w: MeanwhileWatch,
  session: LoadBalancerSession,
  source: ReleaseConfigFile,
  last: AppliedWeights | undefined,
): Promise<ReleaseResult | undefined> {
  if (last !== undefined) {
    const elsewhere = await changedElsewhere(session, last, w.env);
    if (elsewhere) return w.log.end("stopped", source, "differs", elsewhere);
  }
  const mark = await readMark(session, w.colour);
  const claim = last === undefined ? "untouched" : "serves-config";
  if ("unreadable" in mark)
    return w.log.end(
      "stopped",
      source,
      claim,
      `${mark.unreadable}, so whether a rollback marked it meanwhile is UNKNOWN; stopped before the next step, nothing sent for it: run this again`,
    );
  if (mark.at === undefined) return undefined;
  return w.log.end(
    "stopped",
    source,
    last === undefined ? claim : "differs",
    `a rollback ran meanwhile: Cloudflare's ${w.colour} pool is marked rolled back (${mark.at}); stopped before the next step, nothing sent for it. ` +
      `Keep that rollback and the config that holds it (golive release status ${w.env}); do not merge ${source.label} as this run leaves it`,
  );
}

/**
 * After this watch's PATCH (`percent`) and before it reports a completion: a rollback mark on the
 * candidate pool means a rollback ran meanwhile and this watch's step may have landed after it. The
 * rollback's steering (that of rolling back `source`'s release: what servedRollback describes) is
 * applied again and read back (holdRollback), and the run stops, exit 1, never `completed`. An
 * unreadable mark stops a completion (UNKNOWN); after a step, the read before the next step tries again.
 */
export async function rollbackMeanwhile(
  w: MeanwhileWatch,
  session: LoadBalancerSession,
  source: ReleaseConfigFile,
  at: { readonly percent: number; readonly completing: boolean },
): Promise<ReleaseResult | undefined> {
  const mark = await readMark(session, w.colour);
  if ("unreadable" in mark) {
    if (!at.completing) return undefined;
    return w.log.end(
      "stopped",
      source,
      "unknown",
      `${mark.unreadable}, so whether a rollback ran during the ${at.percent}% step is UNKNOWN; not reported completed: check golive release status ${w.env} and the dashboard`,
    );
  }
  if (mark.at === undefined) return undefined;
  const head = `a rollback ran meanwhile: Cloudflare's ${w.colour} pool is marked rolled back (${mark.at}) after this watch's ${at.percent}% step`;
  const held = await holdRollback(session, rollback(source.release).after);
  if ("lost" in held)
    return w.log.end(
      "stopped",
      source,
      "unknown",
      `${head}; restoring that rollback failed: ${held.lost}. Roll back again: golive release rollback ${w.env} --now`,
    );
  const how =
    held.reapplied === 0
      ? "it already serves it"
      : `this watch's step had overwritten it (${steeringText(held.overwritten ?? held.served)}), so it was applied again`;
  return w.log.end(
    "stopped",
    source,
    "differs",
    `${head}; the rollback's steering was restored (read back: ${steeringText(held.served)}; ${how}); stopped without further changes. ` +
      `Keep that rollback and the config that holds it (golive release status ${w.env}); do not merge ${source.label} as this run leaves it`,
  );
}
