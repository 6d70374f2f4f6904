import { allPages, MAX_PAGES, type Page } from "../../lib/engines/preflight/api";
import { PreflightApiError } from "../../lib/engines/preflight/api-errors";

const STEP = { what: "listing the zone's DNS records", permission: "DNS Read" };

/**
 * A page-numbered list as the SDK pages it: `pages` full pages of one item each, then (as the SDK's
 * V4PagePaginationArray does after every page that held items) an empty page, each reporting the
 * list's total_count. `asked` counts the pages requested.
 */
function pagedList(pages: number, total = pages) {
  const asked = { count: 0 };
  const page = (n: number): Page & { readonly body: unknown } => {
    asked.count++;
    const items = n <= pages ? [{ id: `r${n}` }] : [];
    return {
      body: {
        success: true,
        errors: [],
        messages: [],
        result: items,
        result_info: { page: n, per_page: 1, count: items.length, total_count: total },
      },
      hasNextPage: () => items.length > 0,
      getNextPage: async () => page(n + 1),
    };
  };
  return { first: async () => page(1), asked };
}

describe("preflight reads a page-numbered list whole, within its page bound", () => {
  test("exactly MAX_PAGES full pages: read whole, without asking for the empty page after (it was refused as more)", async () => {
    const list = pagedList(MAX_PAGES);
    const items = await allPages(list.first(), STEP);
    expect(items).toHaveLength(MAX_PAGES);
    expect(list.asked.count).toBe(MAX_PAGES);
  });

  test("one page more than MAX_PAGES is refused, naming the list", async () => {
    const list = pagedList(MAX_PAGES + 1);
    await expect(allPages(list.first(), STEP)).rejects.toThrow(PreflightApiError);
    await expect(allPages(pagedList(MAX_PAGES + 1).first(), STEP)).rejects.toThrow(
      `listing the zone's DNS records: more than ${MAX_PAGES} pages; preflight compares whole zones only`,
    );
  });

  test("a list whose pages hold fewer items than its total_count is still refused as a lost page", async () => {
    await expect(allPages(pagedList(3, 5).first(), STEP)).rejects.toThrow(/read 3 but the Cloudflare API reports 5/);
  });
});
