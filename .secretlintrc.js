// secretlint's configuration (scripts/secret-scan.sh), built from lib/core/secret-patterns.json: the same
// pattern set `golive check` reads for GL-SEC-004, so the scanner and the readiness rule cannot drift.
// The recommended preset adds its own rules (AWS, GCP, GitHub, GitLab, Slack, npm, OpenAI, basic auth, ...);
// their patterns are copied in the data file's presetRecommend, for the plan review's redaction only.
// Data only: loading it patches nothing (scripts/secretlint.mjs speeds up the rule's glob matching).

const data = require("./lib/core/secret-patterns.json");

/**
 * A glob matching in any letter case (each letter as a class of both): the rule's micromatch gets no
 * nocase option, and a file's group does not change with its name's case (values.YAML, Settings.JSON, prod.ENV).
 */
function anyCase(glob) {
  if (/[[\]]/.test(glob)) throw new Error(`lib/core/secret-patterns.json: a file glob with a class: ${glob}`);
  return glob.replace(/[A-Za-z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

/** The files a pattern applies to: none listed means every file. An entry @name stands for group name's globs. */
function filePathGlobs(scope, within = []) {
  if (scope === "any") return undefined;
  const globs = data.files[scope];
  if (!globs || within.includes(scope)) throw new Error(`lib/core/secret-patterns.json: unknown or circular "in": ${scope}`);
  return globs.flatMap((g) => (g.startsWith("@") ? filePathGlobs(g.slice(1), [...within, scope]) : [anyCase(g)]));
}

/**
 * `name: value`, `name=value`, `"name": "value"`, `export NAME="value"`, and one JSON object level down
 * (`"name": {"default": "value"}`, a Terraform variable), as GL-SEC-004 matches the name anywhere in a
 * value's path. A name after a `/` is the end of a path, not a setting (a lock file's
 * `"node_modules/@inquirer/password": {"version": "1.1.4"}`).
 */
function assignmentPattern(a) {
  const nested = `(?:\\{\\s*"[A-Za-z_]+"\\s*:\\s*)?`;
  return `/(?<![A-Za-z0-9_./-])["']?(?:${a.key})["']?[ \\t]*[:=][ \\t]*${nested}["']?(?:${a.value})/${a.flags}`;
}

const terraformSecretKeys = `/"(?:${data.secretKeys.join("|")})"\\s*:\\s*"(?<value>(?!\\$\\{)[^"]+)"/`;

module.exports = {
  rules: [
    {
      id: "@secretlint/secretlint-rule-preset-recommend",
      rules: [
        { id: "@secretlint/secretlint-rule-slack", options: { allows: data.placeholders } },
        { id: "@secretlint/secretlint-rule-github", options: { allows: data.placeholders } },
      ],
    },
    {
      id: "@secretlint/secretlint-rule-pattern",
      options: {
        // secretlint-rule-pattern 12 reads allows for the whole rule only (not per pattern).
        allows: data.placeholders,
        patterns: [
          ...data.values.map((v) => ({ name: v.name, patterns: [v.pattern], filePathGlobs: filePathGlobs(v.in) })),
          ...data.assignments.map((a) => ({ name: a.name, patterns: [assignmentPattern(a)], filePathGlobs: filePathGlobs(a.in) })),
          {
            name: "secret literal in Terraform JSON (use a write-only argument fed from ephemeral input, or golive secrets put)",
            patterns: [terraformSecretKeys],
            filePathGlobs: filePathGlobs("terraform-json"),
          },
        ],
      },
    },
  ],
};
