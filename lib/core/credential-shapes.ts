/**
 * lib/core/secret-patterns.json compiled once, for every reader in the process: golive check's GL-SEC-004
 * (which credential a synthesized value holds), the plan review's redaction (plan/redact-values.ts) and
 * the redaction of everything else golive prints (redact.ts). The secret scan reads the same file
 * through .secretlintrc.js and runs the preset whose patterns `presetRecommend` copies, so what the scan
 * fails, check fails and no output shows.
 */
import patterns from "./secret-patterns.json";
import { hideTxtRuns, joinedTxtRuns } from "./txt-runs";

/** Where a value of synthesized Terraform JSON or of a plan can stand: the set's "any" and "terraform-json" scopes. */
const SCOPES: ReadonlySet<string> = new Set(["any", "terraform-json"]);

interface Shape {
  /** What GL-SEC-004 says a value holds (`a GitHub token`). */
  readonly kind: string;
  /** Global and unicode, for `replace`; tested with `search`, which ignores and keeps `lastIndex`. */
  readonly re: RegExp;
}

/** A RegExp-like string (`/source/flags`), as secretlint compiles it (u flag), global. */
function compile(literal: string): RegExp {
  const m = /^\/(.+)\/([a-z]*)$/s.exec(literal);
  if (!m) throw new Error(`lib/core/secret-patterns.json: not a /pattern/: ${literal}`);
  return new RegExp(m[1] ?? "", `${(m[2] ?? "").replace(/[gu]/g, "")}gu`);
}

/** Credential shapes of the set: recognised anywhere in a string. */
const VALUE_SHAPES: readonly Shape[] = patterns.values
  .filter((p) => SCOPES.has(p.in))
  .map((p) => ({ kind: p.kind, re: compile(p.pattern) }));

/**
 * The copies of the patterns of the scan's preset rules (@secretlint/secretlint-rule-preset-recommend,
 * whose rules do not export them). The entries without a copy name a value shape above or say why a
 * plan review shows what they find. Run one by one: joined into one RegExp (`(?:a)|(?:b)|...`) they
 * cost 1.2 to 5 times as much on a value of 24 to 1,000 characters and 20 times as much over a 1.2 MB report (2.5 s, the
 * copies one by one 0.13 s; Node 20, 2026-12).
 */
const PRESET_SHAPES: readonly Shape[] = patterns.presetRecommend.flatMap((p) =>
  "pattern" in p && p.pattern ? [{ kind: `a credential the secret scan's "${p.rule}" rule finds`, re: compile(p.pattern) }] : [],
);

/** The set's shapes, then the preset's copies: the order GL-SEC-004 names the first found in. */
const SHAPES: readonly Shape[] = [...VALUE_SHAPES, ...PRESET_SHAPES];

/** A name and a value: the name is matched against where the value stands (GL-SEC-004: its JSON path). */
const ASSIGNMENTS: readonly { readonly kind: string; readonly name: RegExp; readonly value: RegExp }[] = patterns.assignments
  .filter((a) => SCOPES.has(a.in))
  .map((a) => ({ kind: a.kind, name: new RegExp(a.key, `${a.flags}u`), value: new RegExp(`^["']?(?:${a.value})`, `${a.flags}u`) }));

/** Terraform attributes whose value is a secret: any literal there is a leak. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(patterns.secretKeys);

/**
 * What every pattern of the set, of plan/plan-credential-shapes.ts, plan/secret-assignments.ts and of redact.ts needs somewhere in a text to
 * match, in lower case: a fixed part or a secret-looking name; or else a run of 40 token characters or
 * of 37 hex digits (LONG_RUN).
 * One cheap test per string, so the half million strings of a large plan report and the values of a
 * large synth (addresses, paths, settings) skip the full set. __tests__/plan/redaction.spec.ts holds an
 * example per pattern and fails when this misses one, or when secret-patterns.json gains a pattern
 * without an example there; __tests__/plan/redact-preset.spec.ts does the same for the scan's preset
 * rules. Alternatives share their first letter (a(?:kia|sia|...)): as many plain alternatives cost a
 * quarter more per string.
 */
const TRIGGER =
  /-----begin|[0-9]:a[a-z0-9_-]{34}|:\/\/[^\s/@]*@|_(?:live|test)_|[sprk]k-|a(?:[ks]ia|3t|gpa|ida|roa|ipa|npa|nva|ccountkey|iza|tlasv1\.)|b(?:earer|asic\s)|c(?:f(?:k|ut|at)_|redential|onnection|ookie)|d(?:iscord|api|ckr_pat_)|eyj|f(?:igd_|wogzx)|g(?:h[pousr]_|ithub_pat_|itlab_session=|l(?:pat-|c_|sa_|rtr?-|dt-|ptt-|cbt-|oas-|ft-|ffct-|imt-|agent-|soat-)|r1348941|sk_)|h(?:ooks\.slack|f_|v[sbr]\.)|iqojb3|jwt|key|l(?:in_api_|sv2_)|m(?:ysql|ariadb)|n(?:pm_|tn_|rak-)|ops_ey|p(?:a(?:ss|gerduty)|wd|sk|ul-|mak-|csk_)|r(?:ediscli_auth|8_)|s(?:ecret|haredaccess|ig(?:nature)?=|k[0-9a-f]{32}|g\.|hp(?:pa|ca|at|ss)_|ntry[su]_)|t(?:oken|skey-)|vc[piark]_|webhook|x(?:ox[a-z]-|app-|ai-)|ya29\./;

/** A character code of the standard base64 alphabet (`A-Za-z0-9+/`, no padding). */
export function isBase64Char(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47;
}

/** Base64 or base64url and token characters: the alphabet plus `_` and `-`. */
export function isTokenChar(c: number): boolean {
  return isBase64Char(c) || c === 95 || c === 45;
}

/**
 * A run of 40 or more base64 or token characters, or of 37 or more lower-case hex digits (a Cloudflare
 * Global API key): what the shapes without a fixed part need. A regular expression rather than a loop
 * over characters: every string a report prints passes here, and the engine's matcher is about ten
 * times faster than a loop that is not optimized yet (the same verdicts on 19,000 strings).
 */
const LONG_RUN = /[A-Za-z0-9+/_-]{40}|[0-9a-f]{37}/;

/** mayHoldCredential for the text as it stands, not its TXT runs read joined. */
function mayHoldAsWritten(text: string): boolean {
  return TRIGGER.test(text.toLowerCase()) || LONG_RUN.test(text);
}

/**
 * False only when no pattern can match: the text is certainly free of credential shapes, also once
 * its runs of quoted TXT strings (`"v=spf1 ... gh" "p_..."`) are read joined (txt-runs.ts).
 */
export function mayHoldCredential(text: string): boolean {
  return mayHoldAsWritten(text) || joinedTxtRuns(text).some(mayHoldAsWritten);
}

/** The kind of the first credential of the set found in `text` as it stands, or undefined. */
function kindAsWritten(text: string): string | undefined {
  if (!mayHoldAsWritten(text)) return undefined;
  return SHAPES.find((s) => text.search(s.re) !== -1)?.kind;
}

/**
 * The kind of the first credential of the set found in `text`, or undefined; then in each run of
 * quoted TXT strings read joined: a DNS client reads the value so, whatever its halves look like.
 */
export function credentialKind(text: string): string | undefined {
  return (
    kindAsWritten(text) ??
    joinedTxtRuns(text)
      .map(kindAsWritten)
      .find((kind) => kind !== undefined)
  );
}

/** The kind of credential `value` is when it stands under `name` (`variable.cloudflare_api_token.default`), or undefined. */
export function assignedCredentialKind(name: string, value: string): string | undefined {
  // The value first: its pattern is anchored and fails at once on almost every string, while a name
  // pattern (unanchored, leading `[...]*`) costs the square of the name's length.
  return ASSIGNMENTS.find((a) => a.value.test(value) && a.name.test(name))?.kind;
}

/** A private key block: to its end line, or (no end line: it cannot be told where the key ends) to the end. */
const PRIVATE_KEY = /-----BEGIN[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----|$)/g;
/** The same for a text of one value per line: an unterminated block ends at its line. */
const PRIVATE_KEY_LINE = /-----BEGIN[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----[^\n]*?(?:-----END[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----|(?=\n)|$)/g;
/**
 * A line of a PEM body: base64 (with its padding), or a header of the legacy encrypted form
 * (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: ...`), indented or not.
 */
const PEM_BODY_LINE = String.raw`[ \t]*(?:[A-Za-z0-9+/]+=*|(?:Proc-Type|DEK-Info):[^\n]*)[ \t]*\r?(?=\n|$)`;
/**
 * The same in a text of many lines (a report, a message): a block to its end line, wherever that is;
 * without one, its own line and the PEM body lines right after it (blank ones among them), not the rest
 * of the text: a key cut short in one finding (verify quotes a body's first bytes) took every finding
 * after it, the verdict included.
 */
const PRIVATE_KEY_IN_TEXT = new RegExp(
  String.raw`-----BEGIN[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----(?:[\s\S]*?-----END[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----|[^\n]*(?:\n(?:[ \t]*\r?\n)*${PEM_BODY_LINE})*)`,
  "g",
);

/**
 * Every credential of the set in `text` replaced by `marker`: a run of quoted TXT strings whose joined
 * text holds one, whole (which half is the secret cannot be told); a private key block whole (to its end
 * line; without one, to the end of the text, or of its line with `perLine`); of a match with a group
 * named value (a credential in its context, `Bearer <value>`), only that group. Callers test
 * mayHoldCredential first, once for all their patterns.
 */
export function hideCredentialShapes(text: string, marker: string, perLine = false): string {
  const hide = (match: string, ...rest: unknown[]): string => {
    const groups = rest.at(-1);
    const value = typeof groups === "object" && groups !== null && "value" in groups ? groups.value : undefined;
    return typeof value === "string" && value !== "" && match.endsWith(value) ? `${match.slice(0, -value.length)}${marker}` : marker;
  };
  let out = hideTxtRuns(text, (joined) => kindAsWritten(joined) !== undefined, marker);
  out = out.replace(perLine ? PRIVATE_KEY_LINE : PRIVATE_KEY, marker);
  for (const s of SHAPES) out = out.replace(s.re, hide);
  return out;
}

/**
 * How far a match of the set reaches beyond the line that holds what mayHoldCredential looks for: a
 * token up to 8 lines below its `cloudflare:` YAML key, or 400 characters after its `"cloudflare": {`;
 * a value on the line after its `aws_secret_access_key =`. A window takes whichever reaches further.
 */
const REACH_LINES_UP = 9;
const REACH_LINES_DOWN = 1;
const REACH_CHARS = 1024;

/**
 * hideCredentialShapes for a text of many lines (a printed report, a message), run only around the
 * lines that may hold a credential (over a 1.2 MB plan report, 0.03 s instead of 0.19 s), then the
 * caller's `also` there: shapes within one line that mayHoldCredential covers too. A private key block
 * goes whole first, wherever it is; one without its end line, with its line and the PEM body lines
 * after it (PRIVATE_KEY_IN_TEXT): the lines after those are no part of it.
 */
export function hideCredentialShapesInText(text: string, marker: string, also: readonly RegExp[] = []): string {
  const hideNear = (near: string): string => also.reduce((t, re) => t.replace(re, marker), hideCredentialShapes(near, marker, true));
  if (!text.includes("\n")) return mayHoldCredential(text) ? hideNear(text) : text;
  const lines = text.replace(PRIVATE_KEY_IN_TEXT, marker).split("\n");
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  /** The line holding a character offset (clamped to the text). */
  const lineAt = (at: number): number => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Windows as a difference array: +1 where one opens, -1 after it closes; a line is near when the sum is.
  const windows = new Int32Array(lines.length + 1);
  lines.forEach((line, i) => {
    if (!mayHoldCredential(line)) return;
    const from = Math.max(0, Math.min(i - REACH_LINES_UP, lineAt((starts[i] ?? 0) - REACH_CHARS)));
    const to = Math.min(lines.length - 1, Math.max(i + REACH_LINES_DOWN, lineAt((starts[i] ?? 0) + line.length + REACH_CHARS)));
    windows[from] = (windows[from] ?? 0) + 1;
    windows[to + 1] = (windows[to + 1] ?? 0) - 1;
  });
  const near = new Uint8Array(lines.length);
  for (let i = 0, open = 0; i < lines.length; i++) {
    open += windows[i] ?? 0;
    near[i] = open > 0 ? 1 : 0;
  }
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let end = i + 1;
    while (end < lines.length && near[end] === near[i]) end++;
    const run = lines.slice(i, end).join("\n");
    out.push(near[i] ? hideNear(run) : run);
    i = end;
  }
  return out.join("\n");
}

/**
 * Webhook URLs, which carry their secret in their path (or, for Teams workflows, in `sig=`): Slack's and
 * GovSlack's hooks, PagerDuty's events API in any service region (events.pagerduty.com,
 * events.eu.pagerduty.com), Discord's, Microsoft Teams' incoming webhooks (`<tenant>.webhook.office.com`,
 * the retired `outlook.office.com/webhook`) and the workflows replacing them (Power Automate, Logic
 * Apps). Plain http too: the path carries the same secret whether or not the service would answer. The
 * path stops before a backslash, so the escape of a JSON string's closing quote stays and JSON
 * stays JSON.
 */
const URL_PATH = String.raw`[^\s"'\\\x60]+`;
export const WEBHOOK_URLS: readonly RegExp[] = [
  String.raw`https?:\/\/hooks\.slack(?:-gov)?\.com\/`,
  String.raw`https?:\/\/events\.(?:[a-z0-9-]+\.)?pagerduty\.com\/`,
  String.raw`https?:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/`,
  String.raw`https?:\/\/[a-z0-9-]+\.webhook\.office\.com\/`,
  String.raw`https?:\/\/outlook\.office(?:365)?\.com\/webhook`,
  String.raw`https?:\/\/[a-z0-9.-]+\.(?:logic\.azure\.com|api\.powerplatform\.com)(?::\d+)?\/`,
].map((host) => new RegExp(`${host}${URL_PATH}`, "g"));

/**
 * A JSON Web Token (base64url header, payload and signature; a header is JSON, so it starts `eyJ`, `{"`),
 * also glued to a word (GitHub's installation tokens, `ghs_<app id>_<JWT>`): what Cloudflare Access
 * hands a logged-in user (the CF_Authorization cookie, the Cf-Access-Jwt-Assertion header), which lets
 * its holder in until it expires. Not in the shared set (secret-patterns.json): the scan would fail on
 * every JWT-shaped sample of the tree, while nothing golive prints should show one.
 */
export const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g;

/**
 * Keys that have no fixed part, told by their length and look alone: AWS secret access keys (40
 * base64 characters), Cloudflare API tokens (40 of `A-Za-z0-9_-`) and Cloudflare Global API keys (37
 * lower-case hex digits). Not in the shared set: in source a scan needs their context (secret-patterns.json
 * names it), but a value golive prints (a plan's, a config error's) is hidden on its look, failing closed.
 * A `=` may stand before a run (`AWS_KEY=<key>`, `--aws-key=<key>`, a URL query's `?x=<key>&z=1`), not
 * after it: base64 pads only at its end, so a run followed by `=` is the tail of a longer encoded value.
 */
const KEY_RUNS: readonly { readonly re: RegExp; readonly not?: RegExp }[] = [
  { re: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g },
  // A cdktf logical id of that length (`Access_app-api-example-com-admin_3A575968`) is no token.
  { re: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40}(?![A-Za-z0-9_=-])/g, not: /_[0-9A-F]{8}$/ },
];
const GLOBAL_API_KEY = /(?<![0-9A-Za-z])[0-9a-f]{37}(?![0-9A-Za-z])/g;

/**
 * Whether a 40-character run reads as random rather than as words: both cases, and three digits (most
 * keys); or, with fewer digits (1 key in 25), letters that change case as random ones do. Words keep one
 * case side by side (`org/docs/Web/API/HTMLImageElement/height`) and CamelCase changes case about twice
 * a word (`OpsbotProdApiGwStageLogGroupArnForAlarms`: 20 pairs of adjacent lower-case letters), while
 * a random run changes case at every other letter and pairs about 9 of each case. Measured on 3 million
 * random runs and the 1,579 mixed-case runs of 40 with fewer than three digits in node_modules, /usr/share
 * and this repository: 99.97% of keys are found (99.2% of those with fewer than three digits), and of
 * those runs only one, a base64 digest.
 */
function looksRandom(run: string): boolean {
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let switches = 0;
  let upperPairs = 0;
  let lowerPairs = 0;
  let previous: "upper" | "lower" | "other" = "other";
  for (const c of run) {
    const kind = c >= "A" && c <= "Z" ? "upper" : c >= "a" && c <= "z" ? "lower" : "other";
    if (kind === "upper") upper++;
    else if (kind === "lower") lower++;
    else if (c >= "0" && c <= "9") digits++;
    if (kind !== "other" && previous !== "other") {
      if (kind !== previous) switches++;
      else if (kind === "upper") upperPairs++;
      else lowerPairs++;
    }
    previous = kind;
  }
  if (upper === 0 || lower === 0) return false;
  return digits >= 3 || (switches >= 8 && upperPairs <= 18 && lowerPairs <= 18);
}

/** `text` with every key-shaped run (KEY_RUNS that look random, Global API keys) replaced by `marker`. */
export function hideKeyShapedRuns(text: string, marker: string): string {
  let out = text.replace(GLOBAL_API_KEY, marker);
  for (const { re, not } of KEY_RUNS) out = out.replace(re, (run) => (looksRandom(run) && !not?.test(run) ? marker : run));
  return out;
}
