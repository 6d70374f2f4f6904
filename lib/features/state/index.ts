import type { Feature } from "../../platform/feature";
import { stateBucketWeakened } from "./risks";
import { validateState } from "./validate";

/** Terraform state: the S3 bucket and KMS key of the bootstrap stack (backend selection is in lib/platform). */
export const stateFeature: Feature = {
  name: "state",
  stack: { kind: "bootstrap", build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildBootstrapStack(scope, cfg) },
  validate: validateState,
  rules: [],
  risks: [stateBucketWeakened],
};
