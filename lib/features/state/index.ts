import type { Feature } from "../../platform/feature";
import { stateBucketCreator, stateCrossEnvironmentIssues } from "./cross-env";
import { stateBucketWeakened } from "./risks";
import { validateState } from "./validate";

/** Terraform state: the S3 bucket and KMS key of the bootstrap stack (backend selection is in lib/platform). */
export const stateFeature: Feature = {
  name: "state",
  stack: {
    kind: "bootstrap",
    build: (scope, cfg, stacks) => (require("./stack") as typeof import("./stack")).buildBootstrapStack(scope, cfg, stacks),
    // By hand: its state stays local, and the bucket's policy is the one every state writer is named in.
    appliedBy: "administrator",
    stateHoldsSecrets: false,
    awsServices: ["kms", "s3"],
    createsStateBackend: true,
    sharedCreator: stateBucketCreator,
  },
  validate: validateState,
  crossEnvironment: stateCrossEnvironmentIssues,
  rules: [],
  risks: [stateBucketWeakened],
};
