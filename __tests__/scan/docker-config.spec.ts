import { DOCKER_CONFIG_FORMS, DOCKER_CONFIG_LOOK_ALIKES, DOCKER_SECRETS } from "./docker-config-forms";
import { plantedFormTests } from "./planted-forms";

// A container registry credential in a Docker client config (docker-config-forms.ts), with look-alikes
// that must pass. Planted in the shared repository (planted-repository.ts): committed, deleted again by
// the next commit, then restored and staged, so its one scan (`tree history verified`) reads each file
// in the tree and in the commit that added it.

describe("secret-scan gate: a registry credential in a Docker client config", () => {
  plantedFormTests({
    forms: DOCKER_CONFIG_FORMS,
    lookAlikes: DOCKER_CONFIG_LOOK_ALIKES,
    secrets: DOCKER_SECRETS,
    lookAlikesPass: "a credential store or helper, an empty auth, an auth key outside a Docker config, a sealed or templated pull secret",
  });
});
