/**
 * A private key block split across the items of a list (`["-----BEGIN … PRIVATE KEY-----", body,
 * "-----END … PRIVATE KEY-----"]`): no one item reads as a key, so where the block starts and ends is
 * found across items, and every item of it hidden (flagged-items.ts).
 */

/** A private key block's first and last lines, as credential-shapes.ts's PRIVATE_KEY reads them. */
const KEY_BLOCK_HEADER = /-----BEGIN[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----/;
const KEY_BLOCK_FOOTER = /-----END[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----/;
/** What the items of a private key block split across a list stand under: a secret name. */
export const KEY_BLOCK_ITEM = "private_key";

/**
 * Where a private key block that starts in item `i` of a list and does not end there ends: the item
 * holding its last line, or (none: where the key ends cannot be told) the list's last item. Undefined
 * when item `i` starts no such block (a block within one item is hidden by the credential shapes).
 */
export function keyBlockEnd(list: readonly unknown[], i: number): number | undefined {
  const v = list[i];
  if (typeof v !== "string" || !v.includes("PRIVATE KEY")) return undefined;
  const header = v.search(KEY_BLOCK_HEADER);
  if (header === -1 || KEY_BLOCK_FOOTER.test(v.slice(header))) return undefined;
  for (let j = i + 1; j < list.length; j++) {
    const w = list[j];
    if (typeof w === "string" && KEY_BLOCK_FOOTER.test(w)) return j;
  }
  return list.length - 1;
}
