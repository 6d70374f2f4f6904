import { z } from "zod";

/** The `release` section of an environment config. Placeholder until its issue lands. */
export const ReleaseConfig = z.strictObject({});
export type ReleaseConfig = z.infer<typeof ReleaseConfig>;
