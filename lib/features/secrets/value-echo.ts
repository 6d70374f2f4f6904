/** A line of the value this long or longer (trimmed) counts as a piece of it; a shorter one ("ok", "1") is a word of any text. */
export const MIN_LINE_CHARS = 4;

/** This many characters of the value in a row count as a piece of it: a server may echo the value cut short. */
export const MIN_RUN_CHARS = 8;

/** Whether `text` and one of `forms` share MIN_RUN_CHARS characters in a row: one pass over each, through a set of the text's runs. */
function sharesRun(text: string, forms: readonly string[]): boolean {
  if (text.length < MIN_RUN_CHARS) return false;
  const runs = new Set<string>();
  for (let i = 0; i + MIN_RUN_CHARS <= text.length; i++) runs.add(text.slice(i, i + MIN_RUN_CHARS));
  return forms.some((form) => {
    for (let i = 0; i + MIN_RUN_CHARS <= form.length; i++) if (runs.has(form.slice(i, i + MIN_RUN_CHARS))) return true;
    return false;
  });
}

/** How a secret value may show in a message, so that no message repeats it. */
export interface ValueEcho {
  /**
   * Whether `text` holds the whole value, raw or JSON-escaped, however short: for a line golive
   * composed, where a short value may be one of golive's own words ("could", "production").
   */
  holdsWhole(text: string): boolean;
  /**
   * Whether `text`, which came from outside golive (an error's whole message over all its lines, its
   * class and code; a version id), holds the value or a piece of it: the whole value; one of its lines of
   * MIN_LINE_CHARS or more characters once trimmed (so a line ending in CR too); or MIN_RUN_CHARS
   * characters of it in a row, raw or JSON-escaped (a server echoing a cut-short prefix).
   */
  echoes(text: string): boolean;
}

export function valueEcho(value: string): ValueEcho {
  const forms = [...new Set([value, JSON.stringify(value).slice(1, -1)])].filter((f) => f !== "");
  const lines = value
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_LINE_CHARS);
  const holdsWhole = (text: string) => forms.some((f) => text.includes(f));
  return {
    holdsWhole,
    echoes: (text) => holdsWhole(text) || lines.some((line) => text.includes(line)) || sharesRun(text, forms),
  };
}
