import { z } from "zod";

/** The `state` section of an environment config. Placeholder until its issue lands. */
export const StateConfig = z.strictObject({});
export type StateConfig = z.infer<typeof StateConfig>;
