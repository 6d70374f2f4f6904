import type { Colour } from "../../features/release/schema";

/**
 * Where a release command that talks to the Cloudflare API is, told to the CLI as it moves on
 * (ReleaseContext.moment), so a Ctrl-C or a cancelled CI job can say what was in flight and what to do
 * (lib/cli/commands/release-interrupt.ts words it). Data only: the engine never prints it. `file` is the
 * config as messages name it (config/<env>.yaml).
 */
export type ReleaseMoment =
  /** `rollback --now`: the look-ups (zone, load balancer, pools: GETs); nothing was sent. */
  | { readonly kind: "looking-up"; readonly file: string }
  /** A rollback to `live` was sent (the pool rolled back to enabled first, the steering PATCH, its read-back) and is not known to be live. */
  | { readonly kind: "rollback-sent"; readonly file: string; readonly live: Colour }
  /** The rollback to `live` is live and the config records it; the pool of `from` is being marked, the load balancer read back. */
  | { readonly kind: "rollback-recorded"; readonly file: string; readonly live: Colour; readonly from: Colour }
  /**
   * A release watch of `colour` (at `from`% when it started): `at`, the weight its last step set
   * (read back or accepted) and whether the config records it; `sending`, a step's PATCH in flight.
   */
  | {
      readonly kind: "watch";
      readonly file: string;
      readonly colour: Colour;
      readonly from: number;
      readonly at?: { readonly percent: number; readonly recorded: boolean };
      readonly sending?: number;
    };

/** Told each moment as the command reaches it; the last one told is where it is. */
export type MomentListener = (moment: ReleaseMoment) => void;
