import { gzipSync } from "node:zlib";
import { zipArchive } from "./zip-archive";

// What planted-repository.ts plants for secret-scan.spec.ts: the values (assembled at run time, so this
// file itself stays clean for the gate) and the files holding them, each file named after what it tests.

export const PLANTED_KEY_ID = ["AK", "IA", "Q7".repeat(8)].join("");
/** A source file holding the key id. */
export const KEY_FILE = `export const key = "${PLANTED_KEY_ID}";\n`;
const PLANTED_PRIVATE_KEY = [
  ["-----BEGIN", "RSA PRIVATE KEY-----"].join(" "),
  "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
  ["-----END", "RSA PRIVATE KEY-----"].join(" "),
].join("\n");

// A legacy Cloudflare API token: 40 characters of [A-Za-z0-9_-], nothing in it says "Cloudflare".
export const PLANTED_CF_TOKEN = ["aB3dE5", "fG7hJ9", "kL2mN4"].join("").repeat(3).slice(0, 36).concat("pQ6r");
// A value a .env file should never hold in the clear: long, random-looking, mixed case and digits.
export const PLANTED_ENV_SECRET = ["kP3vQ9zR", "7tW2yX5m", "N8bL4cJ6"].join("");
const SLACK_HOOK = ["https://hooks.slack.com/services", "T4K2M9Q7Z", "B6R1W8N3P", "q8Zk2Lm4Np6Rt1Vx3Yb5Cd7F"].join("/");
const stateFile = (value: string) => JSON.stringify({ version: 4, resources: [{ instances: [{ attributes: { id: value } }] }] });
const BEARER = "Authorization: Bearer";
const PURGE_URL = "https://api.cloudflare.com/client/v4/zones/0123456789abcdef0123456789abcdef/purge_cache";
/** A workflow step calling the Cloudflare API with the token in its Authorization header. */
const purgeWorkflow = (token: string) =>
  `on: push\njobs:\n  purge:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -X POST -H "${BEARER} ${token}" ${PURGE_URL}\n`;
/** Look-alikes that must pass, planted beside the secrets: none of these files may be named. */
export const LOOK_ALIKES: Readonly<Record<string, string>> = {
  "config/docs.ts": [
    `const id = "AKIAIOSFODNN7${"EXAMPLE"}";`,
    `const hook = "https://hooks.slack.com/services/T000/B000/${"X".repeat(16)}";`,
    // No issuer's key runs through the alphabet then the digits: a test's stand-in (placeholders).
    `const token = "${["ghp", "abcdefghijklmnopqrstuvwxyz0123456789"].join("_")}";`,
    "",
  ].join("\n"),
  "config/build.yaml": `build_id: ${PLANTED_CF_TOKEN}\ncloudflare_zone_name: example.com\ncf_token_ttl: 3600\n`,
  "scripts/env.sh": 'export CLOUDFLARE_API_TOKEN="${CLOUDFLARE_API_TOKEN:?set it}"\n',
  "config/clean.yml": [
    "password: ${DB_PASSWORD}",
    "db_password: '{{ vault.db }}'",
    'smtp_password: "<set in Secrets Manager>"',
    "admin_password: changeme",
    'redis_password: ""',
    "password:",
    "  secretName: db-password",
    "passwordPolicy: strict",
    "root_password: >-",
    "  {{ vault.root }}",
    "vault_password: |",
    "  ${VAULT_PASSWORD}",
    "passwordHint: |",
    "  ask the platform team",
    "password_length: 24",
    "",
  ].join("\n"),
  ".env.example": "APP_NAME=golive-chat\nAWS_REGION=eu-west-1\nSESSION_SECRET=\nORIGIN=https://chat.example.com/api/v1\n",
  "config/.env": "NODE_ENV=production\nLOG_LEVEL=info\nRELEASE=2026-11-29-build-1842\n",
  // Authorization headers holding a reference or a placeholder, never a token.
  "scripts/purge-refs.sh": [
    `curl -H "${BEARER} $CLOUDFLARE_API_TOKEN" ${PURGE_URL}`,
    `curl -H "${BEARER} \${CF_API_TOKEN}" ${PURGE_URL}`,
    `curl -H "${BEARER} <your-api-token>" ${PURGE_URL}`,
    `curl -H "${BEARER} YOUR_CLOUDFLARE_API_TOKEN_GOES_HERE_0123456789" ${PURGE_URL}`,
    `curl -H "${BEARER} ${"x".repeat(40)}" ${PURGE_URL}`,
    "",
  ].join("\n"),
  ".github/workflows/purge-refs.yml": purgeWorkflow("${{ secrets.CLOUDFLARE_API_TOKEN }}"),
  // wrangler.toml without a token; the 40 characters under another name.
  "scripts/wrangler.toml": `name = "app"\naccount_id = "0123456789abcdef0123456789abcdef"\nbuild_id = "${PLANTED_CF_TOKEN}"\n`,
  // A cloudflare block with zone names only, then the 40 characters under another parent's token.
  "config/cf-zones.yaml": `cloudflare:\n  zone: example.com\n  zones:\n    - example.net\n  plan: pro\nbuild:\n  token: ${PLANTED_CF_TOKEN}\n`,
  "config/cf-zones.json": JSON.stringify(
    { cloudflare: { zone: "example.com", plan: "pro" }, github: { token: PLANTED_CF_TOKEN } },
    null,
    2,
  ),
};
/** State files tracked by git (committed: the repository's .gitignore lists them), one with a key. */
export const TRACKED_STATE_FILES: Readonly<Record<string, string>> = {
  "terraform.edge-production.tfstate": stateFile(PLANTED_KEY_ID),
  "stacks/terraform.tfstate.backup": stateFile("clean"),
};
/** Secrets of the tree scan, each in its own file, planted in a working tree beside LOOK_ALIKES. */
export const DIRTY_FILES: Readonly<Record<string, string>> = {
  "config/leak.ts": KEY_FILE,
  "config/hook.ts": `const hook = "${SLACK_HOOK}";\n`,
  "scripts/deploy.pem": `${PLANTED_PRIVATE_KEY}\n`,
  "config/ci.yaml": `deploy:\n  cloudflare_api_token: ${PLANTED_CF_TOKEN}\n`,
  "config/ci.json": JSON.stringify({ cloudflareApiToken: PLANTED_CF_TOKEN }),
  "config/ci.env": `CF_API_KEY="${PLANTED_CF_TOKEN}"\n`,
  "scripts/deploy-now.sh": `#!/bin/sh\nexport CLOUDFLARE_API_TOKEN='${PLANTED_CF_TOKEN}'\nnpx cdktf deploy\n`,
  // The same token in the forms issue 13's follow-up audit found unseen: a Bearer header, wrangler's
  // api_token, under a cloudflare/cf object in JSON and YAML.
  "scripts/purge.sh": `#!/bin/sh\ncurl -X POST -H "${BEARER} ${PLANTED_CF_TOKEN}" ${PURGE_URL}\n`,
  ".github/workflows/purge.yml": purgeWorkflow(PLANTED_CF_TOKEN),
  "wrangler.toml": `name = "app"\nmain = "src/index.ts"\napi_token = "${PLANTED_CF_TOKEN}"\n`,
  "config/deploy.json": JSON.stringify({ cloudflare: { accountId: "0123456789abcdef0123456789abcdef", token: PLANTED_CF_TOKEN } }, null, 2),
  "config/deploy.yaml": `cloudflare:\n  zone: example.com\n  # the deploy token\n  api_token: ${PLANTED_CF_TOKEN}\n`,
  "config/a.yaml": `password: ${["s3cr3t", "Horse", "42"].join("-")}\n`,
  "config/b.yaml": `database:\n  db_password: "${["hunter", "2hunter2"].join("")}"\n`,
  "config/c.yml": `- smtp_password: ${["Tr0ub4dor", "&3"].join("")}\n`,
  // Block scalars: the value on the line below its key.
  "config/d.yaml": `db_password: |\n  ${["s3cr3t", "Horse", "42"].join("-")}\n`,
  "config/e.yml": `app:\n  password: >-\n\n    ${["hunter", "2hunter2"].join("")}\n`,
  // A Cloudflare name in camel case.
  "config/camel.yaml": `CloudFlareApiToken: ${PLANTED_CF_TOKEN}\n`,
  "config/camel.ts": `const cloudFlareToken = "${PLANTED_CF_TOKEN}";\n`,
  ".env": `NODE_ENV=production\nSESSION_SECRET=${PLANTED_ENV_SECRET}\n`,
  "config/.env.local": `export API_SECRET='${"0a1b2c3d4e5f6789".repeat(2)}'\n`,
  // A nested ignore file that would hide its folder if secretlint read it.
  "config/vendor/.secretlintignore": "*\n",
  "config/vendor/keys.ts": KEY_FILE,
};
// A GitHub token, assembled at run time; and every way issue 13's audit found to commit one unseen:
// under a path the ignore file hid at any depth, behind NUL bytes, UTF-16 or gzip.
export const PLANTED_GH_TOKEN = ["gh", "p_", "A1b2C3d4".repeat(4), "e5F6"].join("");
const tokenLine = `token: ${PLANTED_GH_TOKEN}\n`;
/** Bytes that look random and hold no secret (a fixed sequence, so a failure can be reproduced). */
function noise(length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0, x = 7; i < length; i++) out[i] = x = (x * 1103515245 + 12345) % 251;
  return out;
}
/** `text` in UTF-32, little- or big-endian (node has no UTF-32 encoder). */
function utf32(text: string, order: "le" | "be"): Buffer {
  const codePoints = Array.from(text, (c) => c.codePointAt(0) ?? 0);
  const out = Buffer.alloc(codePoints.length * 4);
  codePoints.forEach((cp, i) => (order === "le" ? out.writeUInt32LE(cp, i * 4) : out.writeUInt32BE(cp, i * 4)));
  return out;
}
// secretlint's disable comments, assembled at run time: written here, they would act on this file.
export const DISABLE = ["secretlint", "disable"].join("-");
/** Every way issue 13's audit found to commit a token unseen: in the tree and committed (the last commit). */
export function unseenFiles(): Record<string, string | Buffer> {
  return {
    // a token behind every form of disable comment, and prose naming one (which must pass)
    "disabled.yml": `# ${DISABLE}\ntoken: ${PLANTED_GH_TOKEN}\n`,
    "disabled-line.yml": `token: ${PLANTED_GH_TOKEN} # ${DISABLE}-line\n`,
    "disabled-next.js": `// ${DISABLE}-next-line\nconst t="${PLANTED_GH_TOKEN}"\n`,
    "disabled-rules.ts": `const t = "${PLANTED_GH_TOKEN}"; // ${DISABLE}-line @secretlint/secretlint-rule-github, @secretlint/secretlint-rule-pattern -- fixture\n`,
    "disable-prose.md": `A fixture never carries \`// ${DISABLE}-line\` with a reason.\n${["secretlint", "enable"].join("-")}\n`,
    // matched by the old `**/coverage/` and `**/package-lock.json` at any depth: now scanned
    "docs/coverage/notes.md": tokenLine,
    "config/package-lock.json": JSON.stringify({ packages: { "": { token: PLANTED_GH_TOKEN } } }),
    // under paths the ignore file skips: never read, so refused while tracked or committed
    "infra/.terraform/creds": tokenLine,
    "coverage/report.md": "clean\n",
    // named one by one in the ignore file: not refused, and scanned as a copy with its integrity hashes
    // (random base64) blanked, so the token in a registry URL (line 7) still fails, and nothing else does
    "package-lock.json": JSON.stringify(
      {
        packages: {
          x: { integrity: `sha512-${noise(64).toString("base64")}` },
          y: { resolved: `https://x-access-token:${PLANTED_GH_TOKEN}@npm.pkg.github.com/y/-/y-1.0.0.tgz` },
          // a package named password: a path, not a setting
          [`node_modules/@inquirer/pass${"word"}`]: { version: "1.1.4" },
        },
      },
      null,
      2,
    ),
    // what secretlint takes for binary or reads as bytes
    "notes/creds": Buffer.concat([Buffer.from([0, 0, 0]), Buffer.from(tokenLine)]),
    "config/creds.yaml.gz": gzipSync(tokenLine),
    "docs/creds-utf16.md": Buffer.from(`\ufeff${tokenLine}`, "utf16le"),
    "docs/creds-utf16le.txt": Buffer.from(tokenLine, "utf16le"),
    // UTF-32 with either byte order mark, and without one; UTF-16 whose first character is U+0000 begins
    // with UTF-32LE's byte order mark
    "docs/creds-utf32le.txt": utf32(`\ufeff${tokenLine}`, "le"),
    "docs/creds-utf32be.txt": utf32(`\ufeff${tokenLine}`, "be"),
    "docs/creds-utf32-nobom.txt": utf32(tokenLine, "le"),
    "docs/creds-utf16-nul.md": Buffer.from(`\ufeff\u0000${tokenLine}`, "utf16le"),
    // archives: a zip (deflated, or stored under another name) is read entry by entry; what node
    // cannot open is refused (the bytes after each magic number are noise, as good as any content)
    "release/creds.zip": zipArchive([
      ["bundle/", ""],
      ["bundle/creds.yaml", tokenLine],
    ]),
    "release/creds-stored.jar": zipArchive([["creds.yaml", tokenLine]], { method: 0 }),
    "release/creds.yaml.bz2": Buffer.concat([Buffer.from("BZh91AY&SY"), noise(256)]),
    "release/creds.yaml.xz": Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), noise(256)]),
    "release/locked.zip": zipArchive([["creds.yaml", tokenLine]], { encrypted: true }),
    // names secretlint took for globs (matching no file), and folders its search always skips
    "creds{,}.txt": tokenLine,
    "+(prod).env.txt": tokenLine,
    "docs/node_modules/creds.txt": tokenLine,
    "node_modules/vendored.txt": "clean\n",
    // look-alikes that must pass: noise, clean text gzipped or in UTF-16
    "assets/noise.bin": noise(4096),
    "assets/clean.txt.gz": gzipSync("nothing to see\n".repeat(50)),
    "assets/clean-utf16.md": Buffer.from("\ufeffnothing to see\n", "utf16le"),
    "assets/clean-utf32.md": utf32("\ufeffnothing to see \u{1f600}\n", "be"),
    "assets/clean.zip": zipArchive([["notes.txt", "nothing to see\n".repeat(50)]]),
  };
}

/** A Git LFS pointer (what git holds for a file stored through LFS): the content it stands for is never scanned. */
const lfsPointer = (size: number, version = `https://git-lfs.github.com/spec/${"v1"}`) =>
  [`version ${version}`, `oid sha256:${"5e".repeat(32)}`, `size ${size}`, ""].join("\n");
/** LFS pointers: one in the tree (untracked), one committed and deleted again; a text about LFS passes. */
export const LFS_TREE_FILES: Readonly<Record<string, string>> = {
  "media/logo.png": lfsPointer(48213),
  // The version line of git-lfs's predecessor, which git-lfs still reads.
  "media/legacy-logo.png": lfsPointer(2048, `https://hawser.github.com/spec/${"v1"}`),
  "docs/large-files.md": `Large files go through git-lfs; git keeps a pointer such as:\n\n${lfsPointer(12)}`,
};
export const LFS_COMMITTED_FILE = { "media/old-logo.png": lfsPointer(1024) };
