import { DOCKER_CONFIG_FORMS, DOCKER_CONFIG_LOOK_ALIKES, DOCKER_SECRETS } from "./docker-config-forms";
import { planted, plantedFinding } from "./planted-repository";

// A container registry credential in a Docker client config (docker-config-forms.ts), with look-alikes
// that must pass. Planted in the shared repository (planted-repository.ts): committed, deleted again by
// the next commit, then restored and staged, so its one scan (`tree history verified`) reads each file
// in the tree and in the commit that added it.

describe("secret-scan gate: a registry credential in a Docker client config", () => {
  test.each(Object.keys(DOCKER_CONFIG_FORMS))("fails on %s, in the tree and in the commit that added it (deleted since)", (file) => {
    expect(planted().run.code).toBe(1);
    expect(plantedFinding(file)).toEqual({ tree: true, history: true });
  });

  test("never prints a planted credential", () => {
    for (const secret of DOCKER_SECRETS) expect(planted().run.out).not.toContain(secret);
  });

  test.each(Object.keys(DOCKER_CONFIG_LOOK_ALIKES))(
    "passes %s: a credential store or helper, an empty auth, an auth key outside a Docker config, a sealed or templated pull secret",
    (file) => {
      expect(plantedFinding(file)).toEqual({ tree: false, history: false });
    },
  );
});
