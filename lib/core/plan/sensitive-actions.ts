/**
 * Which IAM actions are worth a flag when a policy newly allows them on every resource (`Resource: "*"`).
 * IAM reads an Action's service prefix and name ignoring case, and a `*` or `?` in the name matches any
 * run of characters or one character (IAM reference, Action element): `secretsmanager:Get*` allows
 * GetSecretValue, and so do `SecretsManager:getsecretvalue`, `secretsmanager:GetS?cretValue` and `*`.
 * So an entry is sensitive when some action it could match is: a pattern is read against the names it
 * matches, never against its own spelling.
 */

/** Services whose actions on every resource reach data, credentials or code. */
const SENSITIVE_SERVICES = [
  "iam",
  "sts",
  "kms",
  "secretsmanager",
  "ssm",
  "s3",
  "lambda",
  "organizations",
  "ec2",
  "dynamodb",
  "sns",
  "sqs",
  "cloudtrail",
];
/** Reads of metadata, harmless on every resource: names starting so (in any letter case)... */
const METADATA_PREFIXES = ["describe", "list", "get"];
/** ...except the Gets that read data (GetObject, GetSecretValue, GetParameter(s), ...). */
const DATA_GETS = ["Object", "SecretValue", "Parameter", "Item", "Records", "QueueUrl", "Credentials", "SessionToken", "FederationToken"];

/** Longer than any real action entry: not read pattern by pattern, flagged (never hidden). */
const MAX_ENTRY = 256;

/**
 * True when some string matches both IAM patterns (`*` any run, `?` one character; letters compared
 * ignoring case). Pairs of positions are visited at most once: a pair already visited led nowhere.
 */
export function patternsMeet(a: string, b: string): boolean {
  const visited = new Set<number>();
  const meet = (i: number, j: number): boolean => {
    if (i === a.length && j === b.length) return true;
    const at = i * (b.length + 1) + j;
    if (visited.has(at)) return false;
    visited.add(at);
    const [x, y] = [a[i], b[j]];
    // A `*` matches nothing more, or takes the other pattern's next character (or the run its `*` matches).
    if (x === "*" && (meet(i + 1, j) || (y !== undefined && meet(i, j + 1)))) return true;
    if (y === "*" && (meet(i, j + 1) || (x !== undefined && meet(i + 1, j)))) return true;
    if (x === undefined || y === undefined || x === "*" || y === "*") return false;
    return (x === "?" || y === "?" || x.toLowerCase() === y.toLowerCase()) && meet(i + 1, j + 1);
  };
  return meet(0, 0);
}

/**
 * True when `name` (an action name or pattern) could match a name that is not a metadata read. Every
 * name a pattern matches starts with its written-out letters, so one written out past `Describe`, `List`
 * or `Get` matches only such names; a `Get` one may still match a data read (`Get*`, `GetS?cretValue`).
 */
function readsData(name: string): boolean {
  const metadata = METADATA_PREFIXES.find((prefix) => name.toLowerCase().startsWith(prefix));
  if (metadata === undefined) return true;
  return metadata === "get" && DATA_GETS.some((data) => patternsMeet(name, `Get${data}*`));
}

/** True when an Action entry (`service:name`, `*`, a pattern) could allow a sensitive action. */
export function sensitiveAction(action: string): boolean {
  if (action.length > MAX_ENTRY) return true;
  const colon = action.indexOf(":");
  // IAM's only entry without a service is `*`; any other with a wildcard is read as could-be-anything.
  if (colon === -1) return action.includes("*");
  const [service, name] = [action.slice(0, colon), action.slice(colon + 1)];
  return SENSITIVE_SERVICES.some((s) => patternsMeet(service, s)) && readsData(name);
}

/**
 * A Resource that names no resource, only a kind: `*`, or an ARN whose resource part is a wildcard,
 * bare or after its type (`arn:aws:secretsmanager:*:*:secret:*`, `arn:aws:ssm:us-east-1:111111111111:parameter/*`,
 * every bucket's objects in S3): every secret, object or parameter the account holds, in the places the
 * ARN leaves open. A name or a prefix of one (`secret:opsbot/` then a wildcard) is scoped.
 */
const EVERY_OF_A_KIND = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:(?:([A-Za-z0-9-]+)[:/])?\*(\/\*)?$/;
export function everyResourcePattern(resource: string): boolean {
  const m = EVERY_OF_A_KIND.exec(resource);
  if (m === null) return resource === "*";
  // S3's resource part is the bucket's name: `b/` then a wildcard is one bucket's objects (scoped).
  return m[1] === "s3" ? m[2] === undefined : m[3] === undefined;
}
