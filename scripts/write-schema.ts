// Regenerates config/golive.schema.json from the zod schema (`npm run schema`).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { appConfigJsonSchema } from "../lib/config/json-schema";

writeFileSync(join(__dirname, "..", "config", "golive.schema.json"), appConfigJsonSchema());
