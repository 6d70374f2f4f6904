/**
 * Bounds on one environment's config, so a hostile or mistaken file costs milliseconds to refuse, never
 * minutes or gigabytes. Every real config is far inside them (the examples are ~10 KiB, ~500 values);
 * the schema's own per-list limits (DNS records, hostnames, ...) are tighter and say what they bound.
 */
export const CONFIG_LIMITS = {
  /** Bytes of one config file (1 MiB). */
  fileBytes: 1024 * 1024,
  /** Characters of one string value; the longest real ones (TXT, DKIM keys, CSP) stay below 4096. */
  stringLength: 8192,
  /** Characters of one mapping key. */
  keyLength: 256,
  /** Nesting of mappings and lists; the schema's deepest path is 6 levels. */
  depth: 32,
  /** Items of any one list. */
  listItems: 5000,
  /** Keys of any one mapping. */
  mappingKeys: 1000,
  /** Values (strings, numbers, mappings, lists) in the whole file. */
  values: 100_000,
  /**
   * Lines, commas and opening brackets of a YAML file, counted before parsing: the yaml parser costs
   * ~10-50 µs per entry (a busy CI machine), so this keeps any file well under a second; 1000 DNS
   * records, the most a config may declare, take 4000-6000.
   */
  yamlEntries: 10_000,
  /** Nesting of YAML flow collections (`[` and `{`), counted before parsing (the parser recurses). */
  yamlFlowDepth: 64,
  /** Spaces of indentation of a YAML line (block nesting; the parser recurses): real configs use ~12. */
  yamlIndent: 128,
  /** Problems reported per file before the rest are left out. */
  issues: 50,
} as const;

/** `1048576 bytes (1 MiB)`: how the file-size limit reads in messages. */
export function describeFileLimit(): string {
  return `${CONFIG_LIMITS.fileBytes} bytes (1 MiB)`;
}
