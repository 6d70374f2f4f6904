// Password forms the scan missed (an audit planted each, and each passed): YAML, JSON and .env files
// whose extension is in upper case (the file groups matched in lower case only); an unquoted value in a
// shell script and in a Dockerfile's ENV; a password inside a connection string (ADO.NET, JDBC) in a
// quoted string; a web.config, Maven's settings.xml, a .netrc and a .pgpass, which no group named. Then
// the same places holding a reference, a placeholder or a command's output. Planted in the shared
// repository of planted-repository.ts, asserted by password-gaps.spec.ts. Every value is built at run
// time: the gate scans this file.
const j = (...parts: string[]) => parts.join("");
const PASSWORD = j("Vq7p", "Lm2x", "Rt9s", "Kw4z");
const ENV_SECRET = j("mT4kW9", "pL2xQ7", "vN5rZ8", "bC3");
const KEY = j("pass", "word");
const UPPER = KEY.toUpperCase();

/** What PASSWORD_GAP_FORMS hold: the scan must never print one. */
export const PASSWORD_GAP_SECRETS: readonly string[] = [PASSWORD, ENV_SECRET];

/** Each file holds a password in one of the forms the scan must fail. */
export const PASSWORD_GAP_FORMS: Readonly<Record<string, string>> = {
  "charts/api/values.YAML": `db:\n  ${KEY}: ${PASSWORD}\n`,
  "app/Settings.JSON": JSON.stringify({ [KEY]: PASSWORD }),
  "deploy/prod.ENV": `API_SECRET=${ENV_SECRET}\n`,
  "ops/db-env.sh": `#!/bin/sh\nexport DB_${UPPER}=${PASSWORD}\n`,
  "app/db-connection.ts": `export const db = "Server=db;User Id=app;${KEY.replace("p", "P")}=${PASSWORD};";\n`,
  "app/jdbc.json": JSON.stringify({ url: `jdbc:mysql://db:3306/app?user=app&${KEY}=${PASSWORD}` }),
  "api/Dockerfile": `FROM node:22-slim\nENV DB_${UPPER}=${PASSWORD}\n`,
  "worker/Dockerfile.prod": `FROM node:22-slim\nENV SMTP_${UPPER} ${PASSWORD}\n`,
  "site/web.config": [
    "<configuration>",
    `  <connectionStrings><add name="Db" connectionString="Server=db;Database=app;User Id=app;Pwd=${PASSWORD};" /></connectionStrings>`,
    `  <appSettings><add key="Smtp${KEY.replace("p", "P")}" value="${PASSWORD}" /></appSettings>`,
    "</configuration>",
    "",
  ].join("\n"),
  "build/settings.xml": `<settings><servers><server><id>repo</id><username>ci</username><${KEY}>${PASSWORD}</${KEY}></server></servers></settings>\n`,
  "home/.netrc": `machine api.example.com\n  login deploy\n  ${KEY} ${PASSWORD}\n`,
  "home/.pgpass": `# host:port:database:user:${KEY}\ndb.internal:5432:app:app:${PASSWORD}\n`,
};

/** The same places holding a reference, a placeholder or a command's output: none may be named. */
export const PASSWORD_GAP_LOOK_ALIKES: Readonly<Record<string, string>> = {
  "charts/web/values.YAML": `db:\n  ${KEY}: \${DB_${UPPER}}\n`,
  "app/Example.JSON": JSON.stringify({ [KEY]: "changeme" }),
  "ops/db-ref.sh": `#!/bin/sh\nexport DB_${UPPER}="$(cat /run/secrets/db)"\nDB_${UPPER}=\${DB_${UPPER}:-}\nexport PG${UPPER}=$1\nDB_${UPPER}_FILE=/run/secrets/db1\n`,
  "app/db-connection-ref.ts": `export const db = \`Server=db;User Id=app;${KEY}=\${process.env.DB_${UPPER}};\`;\nexport const ${KEY}Hint = "use 12 characters";\n`,
  "api/Dockerfile.dev": `FROM node:22-slim\nARG DB_${UPPER}\nENV DB_${UPPER}=$DB_${UPPER}\nENV DB_${UPPER}_FILE=/run/secrets/db1\n`,
  "site/web.Debug.config": `<configuration><appSettings><add key="Smtp${KEY}" value="#{SmtpPassword}#" /><add key="Db${KEY}" value="\${DB_${UPPER}}" /></appSettings></configuration>\n`,
  "build/settings-ref.xml": `<settings><servers><server><${KEY}>\${env.REPO_${UPPER}}</${KEY}></server></servers></settings>\n`,
  "docs/connection-strings.md": `Give the app \`Server=db;User Id=app;${KEY}=<the ${KEY}>;\`.\n`,
};
