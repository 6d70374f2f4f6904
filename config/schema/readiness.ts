import { z } from "zod";

/** The `readiness` section of an environment config. Placeholder until its issue lands. */
export const ReadinessConfig = z.strictObject({});
export type ReadinessConfig = z.infer<typeof ReadinessConfig>;
