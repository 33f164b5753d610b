export interface Pagination {
  page: number;
  pageCount: number;
  /** Page numbers to link, with null for a gap ("…"). */
  items: Array<number | null>;
  previous: number | null;
  next: number | null;
}

/** A short pager around the current page: first, last, and two either side. */
export function paginate(page: number, total: number, pageSize: number): Pagination {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  const wanted = new Set([1, pageCount, current - 2, current - 1, current, current + 1, current + 2]);
  const pages = [...wanted].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const items: Array<number | null> = [];
  for (const [index, n] of pages.entries()) {
    const previous = pages[index - 1];
    if (previous !== undefined && n - previous > 1) items.push(null);
    items.push(n);
  }
  return {
    page: current,
    pageCount,
    items,
    previous: current > 1 ? current - 1 : null,
    next: current < pageCount ? current + 1 : null,
  };
}
