import { z } from "zod";

/** The `secrets` section of an environment config. Placeholder until its issue lands. */
export const SecretsConfig = z.strictObject({});
export type SecretsConfig = z.infer<typeof SecretsConfig>;
