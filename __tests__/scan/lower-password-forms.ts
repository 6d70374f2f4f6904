// All-lower-case passwords the scan missed under password names: a quoted literal in source (the rule
// wanted both cases and a digit), a .env value (the high-entropy rule wanted mixed case or 32+), an
// unquoted shell value without a digit, a YAML short name (db_pass) without a digit. Then the same
// places holding a reference, a placeholder, a stand-in naming itself or a lower-case word under 12.
// Planted in the shared repository of planted-repository.ts, asserted by lower-passwords.spec.ts. Every
// value is built at run time: the gate scans this file.
const j = (...parts: string[]) => parts.join("");
const WITH_DIGIT = j("hunter2", "correct", "horse");
const LETTERS = j("correct", "horse", "battery");
const KEY = j("pass", "word");
const UPPER = KEY.toUpperCase();

/** What LOWER_PASSWORD_FORMS hold: the scan must never print one. */
export const LOWER_PASSWORD_SECRETS: readonly string[] = [WITH_DIGIT, LETTERS];

/** Each file holds an all-lower-case password the scan must fail. */
export const LOWER_PASSWORD_FORMS: Readonly<Record<string, string>> = {
  "lower/db.ts": `export const ${KEY} = "${WITH_DIGIT}";\n`,
  "lower/settings.py": `DB_${UPPER} = "${LETTERS}"\n`,
  "lower/.env": `DB_${UPPER}=${WITH_DIGIT}\n`,
  "lower/prod.env": `SMTP_${UPPER}=${LETTERS}\n`,
  "lower/start.sh": `#!/bin/sh\nexport DB_${UPPER}=${LETTERS}\n`,
  "lower/values.yaml": `db:\n  db_pass: ${LETTERS}\n`,
};

/** The same places holding no password: none may be named. */
export const LOWER_PASSWORD_LOOK_ALIKES: Readonly<Record<string, string>> = {
  "lower-ok/form.ts": `export const ${KEY} = "current-${KEY}";\nexport const ${KEY}Field = "confirm${KEY}";\nconst ${KEY}Hint = "required";\n`,
  "lower-ok/.env.example": `DB_${UPPER}=changeme\nSMTP_${UPPER}=\${SMTP_${UPPER}}\nAPI_${UPPER}=<${KEY}>\nPG_${UPPER}=postgres\n`,
  "lower-ok/start.sh": `#!/bin/sh\nexport DB_${UPPER}="$(cat /run/secrets/db)"\nexport PG_${UPPER}=postgres\n`,
  "lower-ok/ci.yml": `env:\n  DB_${UPPER}: \${{ secrets.DB_${UPPER} }}\n  db_pass: \${{ secrets.DB_PASS }}\n  first_pass: enabled\n`,
};
