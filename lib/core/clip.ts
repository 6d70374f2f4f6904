/**
 * `text` within `max` UTF-16 units: when longer, cut and ended with "…". A cut never falls between the
 * two halves of a surrogate pair: a lone half is not valid Unicode, and JSON carrying it to GitHub's API
 * (a commit status, a check's text) becomes an escape or a replacement character.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\ud800-\udbff]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}
