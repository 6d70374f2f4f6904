/**
 * Passwords given to a program by an option whose name says nothing of a secret: `curl -u user:pw`,
 * `docker login -p pw`, `sshpass -p pw`, `redis-cli -a pw`, `keytool -storepass pw`. The same option of
 * another program is no password (`ssh -p 2222`, `docker run -p 8080:80`, `mkdir -p`), so each rule
 * names its programs and takes the option only within one of their commands: after the program's name,
 * on its line (a `\` continuation included), before a `;`, `|` or `&&`. A command line is read as text
 * (a script, `sh -c`), and a list of words (an ECS `command`) as the JSON text of the list, so both
 * read alike. Options named as secrets (`--password`, `--pass`) and MySQL's `-pX` are
 * secret-assignments.ts's.
 */

/**
 * Between two words: blanks (a JSON-escaped tab, and a line continuation, also JSON-escaped), or one
 * JSON string's end and the next one's start.
 */
const GAP = String.raw`(?:(?:\s|\\t|\\\r?\n|\\\\\\n)+|\\?"\s*,\s*\\?")`;

/**
 * Characters of one command: not a line end (a JSON-escaped `\n` included, a continuation excepted),
 * `;`, `|` or `&&`.
 */
const IN_COMMAND = String.raw`(?:(?!(?<!\\)\\n)[^\n;|&]|(?<!&)&(?!&)|\\\r?\n)*`;

/** A program's name as a word (`curl`, `/usr/bin/curl`, `curl.exe`), also at the start of a JSON-escaped line (`\ncurl`). */
const program = (names: string): string => String.raw`(?:(?<=\\[nt])|(?<![A-Za-z0-9_.-]))(?:${names})(?:\.exe)?(?![A-Za-z0-9_.-])`;

/** A word, alone. */
const word = (w: string): string => `(?<![A-Za-z0-9_-])${w}(?![A-Za-z0-9_-])`;

/** A value that only names where the password is (`$PASS`, `${PASS}`, `$(cat file)`): shown. */
const REFERENCE = String.raw`\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\}|\()`;

/**
 * The rest of a word after `within` (a pattern of no blank or quote), at least `min` characters, as far
 * as the word's quoting reaches: to the closing `\"` (JSON-escaped), `"` or `'`, or unquoted to a blank
 * or a quote. Shared with the options named as secrets (secret-assignments.ts).
 */
export function wordRest(within: string, min = 1): string {
  const n = `{${min},}`;
  return [
    String.raw`(?<=\\"${within})(?:[^"\\\n]|\\[^"\n])${n}`,
    String.raw`(?<=[^\\]"${within})[^"\\\n]${n}`,
    String.raw`(?<='${within})[^'\n]${n}`,
    String.raw`(?<![\\"']${within})[^\s"'\\]${n}`,
  ].join("|");
}

interface ToolPassword {
  /** The programs (`|`-separated names) whose option it is. */
  readonly programs: string;
  /** Short options (`-p`): the password follows as the next word, after `=`, or glued (`-pSECRET`) when `glued`. */
  readonly short?: readonly string[];
  readonly glued?: boolean;
  /** Long options (`--user`, `-storepass`): the password follows as the next word or after `=`. */
  readonly long?: readonly string[];
  /** What comes between the program and the option, as a pattern; default: any words of the same command. */
  readonly between?: string;
  /** The part of the value before the password (`user:` of curl's `user:password`), as a pattern. */
  readonly before?: string;
  /** Another form of the value, as a pattern holding the password as group `pw` (curl's parts quoted apart). */
  readonly quotedParts?: string;
  /** Where the program documents the option. */
  readonly docs: string;
}

/**
 * curl's `user:password` with the shell's quotes around one part or both (`kevin:'pw'`, `"kevin":"pw"`,
 * `'kevin':pw`, also JSON-escaped): the shell joins them into one word, so the password is what follows
 * the first `:` as well. The user bare or in quotes of its own (no blank, no `:`); the password to its own
 * closing quote, or, after a quoted user, bare to the word's end. One in double quotes that only names
 * where it is (`"$PASS"`) is shown, as in a word quoted whole.
 */
const CURL_QUOTED_PARTS = [
  String.raw`(?:[^\s:"'\\]*|"[^\s:"\\]*"|'[^\s:']*'|\\"[^\s:"\\]*\\"):(?:\\?["'])?(?!(?<!')${REFERENCE})`,
  String.raw`(?<pw>(?<=:\\")(?:[^"\\\n]|\\[^"\n])+|(?<=:")[^"\\\n]+|(?<=:')[^'\n]+|(?<=["']:)[^\s"'\\]+)`,
].join("");

/** sshpass's options that come before the command it runs; `-f`, `-d` and `-P` take an argument. */
const SSHPASS_OPTIONS = String.raw`(?:${GAP}(?:-[fdP](?:${GAP})?[^\s"'\\]+|-[evhV]+))*`;

const TOOL_PASSWORDS: readonly ToolPassword[] = [
  {
    programs: "curl",
    short: ["-u", "-U"],
    glued: true,
    long: ["--user", "--proxy-user"],
    before: String.raw`[^\s:"'\\]*:`,
    quotedParts: CURL_QUOTED_PARTS,
    docs: "https://curl.se/docs/manpage.html#-u (user:password; -U/--proxy-user alike)",
  },
  {
    programs: "docker|podman|buildah|skopeo|nerdctl",
    between: `${IN_COMMAND}${word("login")}${IN_COMMAND}`,
    short: ["-p"],
    glued: true,
    long: ["--password"],
    docs: "https://docs.docker.com/reference/cli/docker/login/ (-p, --password; podman, buildah, skopeo, nerdctl login alike)",
  },
  { programs: "sshpass", between: SSHPASS_OPTIONS, short: ["-p"], glued: true, docs: "sshpass(1): -p password" },
  { programs: "redis-cli", short: ["-a"], long: ["--pass"], docs: "https://redis.io/docs/latest/develop/tools/cli/ (-a <password>)" },
  {
    programs: "keytool",
    long: ["-storepass", "-keypass", "-srcstorepass", "-deststorepass", "-srckeypass", "-destkeypass", "-new"],
    docs: "https://docs.oracle.com/en/java/javase/21/docs/specs/man/keytool.html",
  },
  {
    programs: "jarsigner",
    long: ["-storepass", "-keypass"],
    docs: "https://docs.oracle.com/en/java/javase/21/docs/specs/man/jarsigner.html",
  },
  {
    programs: "mongosh|mongo|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|mongofiles",
    short: ["-p"],
    long: ["--password"],
    docs: "https://www.mongodb.com/docs/mongodb-shell/reference/options/ (-p, --password; the database tools' --password=, -p=)",
  },
  { programs: "openssl", short: ["-k"], docs: "https://docs.openssl.org/3.0/man1/openssl-enc/ (-k password)" },
  { programs: "zip|unzip", short: ["-P"], long: ["--password"], docs: "zip(1) and unzip(1): -P password" },
  { programs: "7z|7za|7zr|7zz", short: ["-p"], glued: true, docs: "7-Zip's -p{Password} switch" },
  {
    programs: "ldapsearch|ldapadd|ldapmodify|ldapdelete|ldapmodrdn|ldapcompare|ldapwhoami|ldappasswd|ldapexop",
    short: ["-w"],
    docs: "ldapsearch(1) and the other OpenLDAP clients: -w passwd",
  },
  { programs: "sqlcmd|bcp", short: ["-P"], docs: "https://learn.microsoft.com/sql/tools/sqlcmd/sqlcmd-utility (-P password; bcp -P)" },
  { programs: "mosquitto_pub|mosquitto_sub|mosquitto_rr", short: ["-P"], long: ["--pw"], docs: "mosquitto_pub(1): -P, --pw" },
];

/**
 * One rule as a regular expression: the option (a literal, so most places fail at once), the program
 * before it within the command (a look behind), what separates the value, then `value`: the part of the
 * value kept and the password (group `pw`). A value that names where the password is, unquoted or in
 * double quotes (`$PASS`, `"$USER:$PASS"`), is shown; in single quotes `$` is a character of the password.
 */
function optionPattern(rule: ToolPassword, options: readonly string[], glued: boolean, value: string): RegExp {
  const option = `(?:${options.join("|")})`;
  // The option may stand in quotes of its own (`"-u" "user:pw"`, `'-uuser:pw'`).
  const context = String.raw`${program(rule.programs)}${rule.between ?? IN_COMMAND}${GAP}(?:\\?["'])?${option}`;
  const separator = glued ? `(?:${GAP}|=)?` : `(?:${GAP}|=)`;
  return new RegExp(String.raw`${option}(?<=${context})(?:\\?["'](?=${GAP}))?${separator}${value}`, "dg");
}

/** The value as one word, quoted whole or not: the part `before` the password kept, the password as group `pw`. */
function wordValue(before: string): string {
  // Without a part before the password, a value starting with `-` is the next option: no password given.
  const notValue = `${before === "" ? "-|" : ""}(?<!')${REFERENCE}`;
  return String.raw`(?:\\?["'])?${before}(?!${notValue})(?<pw>${wordRest(before)})`;
}

const PATTERNS: readonly RegExp[] = TOOL_PASSWORDS.flatMap((rule) =>
  [wordValue(rule.before ?? ""), ...(rule.quotedParts ? [rule.quotedParts] : [])].flatMap((value) => [
    ...(rule.short?.length ? [optionPattern(rule, rule.short, rule.glued === true, value)] : []),
    ...(rule.long?.length ? [optionPattern(rule, rule.long, false, value)] : []),
  ]),
);

/** A word of htpasswd's command line: quoted (also JSON-escaped) or bare, not a `;`, `|` or `&` ending the command. */
const HT_WORD = String.raw`(?:\\"(?:[^"\\]|\\[^"])*\\"|"[^"\\\n]*"|'[^'\n]*'|[^\s"'\\;|&][^\s"'\\]*)`;
/**
 * htpasswd's password is no option's value but a word after them with `-b`: `htpasswd -b[c] file user pw`,
 * `htpasswd -nb user pw` (https://httpd.apache.org/docs/2.4/programs/htpasswd.html). Options come first;
 * `-r` and `-C` take a number.
 */
const HTPASSWD = new RegExp(
  String.raw`${program("htpasswd")}(?<options>(?:${GAP}(?:-[A-Za-z0-9]*[rC]${GAP}\d+|-[A-Za-z0-9]+))+)${GAP}${HT_WORD}${GAP}(?<second>${HT_WORD})(?:${GAP}(?<third>${HT_WORD}))?`,
  "dg",
);

/** Where a word's text starts and ends inside its quotes. */
function inner(text: string, [start, end]: [number, number]): [number, number] {
  const w = text.slice(start, end);
  if (w.length >= 4 && w.startsWith('\\"') && w.endsWith('\\"')) return [start + 2, end - 2];
  if (w.length >= 2 && (w.startsWith('"') || w.startsWith("'")) && w.endsWith(w.charAt(0))) return [start + 1, end - 1];
  return [start, end];
}

const STARTS_WITH_REFERENCE = new RegExp(`^${REFERENCE}`);

/** Where the passwords of a text are: `[start, end)` of each, sorted, overlapping ones joined. */
function passwordSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const re of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const at = m.indices?.groups?.pw;
      if (at) spans.push(at);
    }
  }
  HTPASSWD.lastIndex = 0;
  for (let m = HTPASSWD.exec(text); m !== null; m = HTPASSWD.exec(text)) {
    const clusters = (m.groups?.options ?? "").match(/-[A-Za-z0-9]+/g) ?? [];
    if (!clusters.some((c) => c.includes("b"))) continue;
    // With -n the second word is the password (user, password), else the third (file, user, password).
    const word = clusters.some((c) => c.includes("n")) ? m.indices?.groups?.second : m.indices?.groups?.third;
    if (!word) continue;
    const [start, end] = inner(text, word);
    if (end > start && !STARTS_WITH_REFERENCE.test(text.slice(start, end))) spans.push([start, end]);
  }
  return merged(spans);
}

/** Spans sorted, overlapping ones joined. */
function merged(spans: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [s, e] of spans.sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * Any program a rule reads, anywhere in a text: a text without one has no password of theirs. One
 * test per text, and a plain one (no look around): every string a report shows takes it.
 */
const PROGRAMS = new RegExp([...TOOL_PASSWORDS.map((r) => r.programs), "htpasswd"].join("|"));

/** False when a text names none of the programs: hideToolPasswords would return it as it is. */
export function mayNameToolPassword(text: string): boolean {
  return PROGRAMS.test(text);
}

/** `text` with every password given to a program by its option replaced by `marker`. */
export function hideToolPasswords(text: string, marker: string): string {
  if (!mayNameToolPassword(text)) return text;
  let out = text;
  for (const [start, end] of passwordSpans(text).reverse()) out = `${out.slice(0, start)}${marker}${out.slice(end)}`;
  return out;
}

/**
 * The items of a list of words that hold a password by the items before them (`["curl", "-u",
 * "user:pw"]`: the third, whole): the list read as its JSON text, as a command line in a JSON document is.
 * An item that shows its password by itself (`"curl -u user:pw"`, run by `sh -c`) is not one: its text
 * is redacted as any text is, the rest of it shown.
 */
export function toolPasswordItems(list: readonly unknown[]): number[] {
  if (!list.some((v) => typeof v === "string" && mayNameToolPassword(v))) return [];
  const starts: number[] = [];
  let text = "[";
  list.forEach((v, i) => {
    if (i > 0) text += ",";
    starts.push(text.length);
    text += JSON.stringify(v) ?? "null";
  });
  const items = new Set<number>();
  for (const [start] of passwordSpans(`${text}]`)) {
    let i = starts.length - 1;
    while (i > 0 && (starts[i] ?? 0) > start) i--;
    const item = list[i];
    if (typeof item === "string" && hideToolPasswords(item, "") === item) items.add(i);
  }
  return [...items].sort((a, b) => a - b);
}
