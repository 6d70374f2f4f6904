// A container registry credential where a Docker client config carries it: `auth` (base64 of
// user:password) in ~/.docker/config.json, the legacy .dockercfg, a Kubernetes .dockerconfigjson or
// Podman's containers/auth.json; an identity or registry token; and a Kubernetes Secret holding the
// whole config base64-encoded. Then the same files and keys holding no credential. Planted in the
// shared repository of planted-repository.ts, asserted by docker-config.spec.ts. Every value is built at
// run time: the gate scans this file.
const j = (...parts: string[]) => parts.join("");
const base64 = (text: string) => Buffer.from(text).toString("base64");
const PASSWORD = j("Rg7k", "Vq2x", "Lm9s", "Tz4w");
const AUTH = base64(j("deploy-bot", ":", PASSWORD));
const IDENTITY_TOKEN = j("0a1B2c", ".", "3D4e5F6g7H", "8i9J0k1L2m3N4o5P6q7R8s9T");
/** A registry's entry as `docker login` writes it. */
const auths = (entry: Record<string, string>) => ({ auths: { "registry.example.com": entry } });
const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
/** A Kubernetes Secret of type dockerconfigjson, its data base64-encoded as the API keeps it. */
const pullSecret = (data: string) =>
  [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "  name: regcred",
    "type: kubernetes.io/dockerconfigjson",
    "data:",
    `  .dockerconfigjson: ${data}`,
    "",
  ].join("\n");

/** What DOCKER_CONFIG_FORMS hold: the scan must never print one. */
export const DOCKER_SECRETS: readonly string[] = [AUTH, IDENTITY_TOKEN, PASSWORD];

/** Each file holds a registry credential in one of the forms the scan must fail. */
export const DOCKER_CONFIG_FORMS: Readonly<Record<string, string>> = {
  ".docker/config.json": pretty({ ...auths({ auth: AUTH }), credsStore: "" }),
  // written by hand or by an older client: one line, no spaces
  "ci/.docker/config.json": JSON.stringify(auths({ auth: AUTH })),
  // the legacy format: registries at the top level
  ".dockercfg": JSON.stringify({ "https://index.docker.io/v1/": { auth: AUTH, email: "ci@example.com" } }),
  "deploy/.dockerconfigjson": pretty(auths({ username: "deploy-bot", password: PASSWORD, auth: AUTH })),
  "deploy/registry-dockerconfig.json": pretty(auths({ identitytoken: IDENTITY_TOKEN })),
  "deploy/dockerconfig.json": pretty(auths({ registrytoken: IDENTITY_TOKEN })),
  "ci/containers/auth.json": pretty(auths({ auth: AUTH })),
  "k8s/regcred.yaml": pullSecret(base64(JSON.stringify(auths({ auth: AUTH })))),
};

/** The same files and the same keys holding no credential: none may be named. */
export const DOCKER_CONFIG_LOOK_ALIKES: Readonly<Record<string, string>> = {
  // a credential store or helper keeps the secret; an empty auth and an empty token are no credential
  "tools/.docker/config.json": pretty({
    auths: { "registry.example.com": {}, "ghcr.io": { auth: "" }, "quay.io": { identitytoken: "" } },
    credsStore: "desktop",
    credHelpers: { "123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login" },
  }),
  // base64 that decodes to no user:password (a docker config's auth always holds one)
  "tools/dockerconfig.json": pretty(auths({ auth: base64(j("deploy-bot", "-", PASSWORD)) })),
  // an auth key outside a Docker client config, its value base64 of something with a colon
  "package.json": pretty({ name: "app", version: "1.0.0", config: { auth: AUTH } }),
  "infra/registry.tf.json": pretty({ locals: { auth: AUTH }, variable: { auth: { default: AUTH } } }),
  // a pull secret sealed (encrypted for the cluster) or filled in by a template
  "k8s/sealed-regcred.yaml": [
    "apiVersion: bitnami.com/v1alpha1",
    "kind: SealedSecret",
    "spec:",
    "  encryptedData:",
    `    .dockerconfigjson: ${j("AgB", "q7Zx", "M2pW9kTr".repeat(8))}`,
    "",
  ].join("\n"),
  "k8s/templated-regcred.yaml": pullSecret("{{ .Values.imagePullSecret | b64enc }}"),
};
