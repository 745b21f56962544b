interface PaginationProps {
  page: number;
  limit: number;
  total: number;
  onPage(page: number): void;
  label: string;
}

/** Previous and next page buttons with where we are: "Page 2 of 5 (43 jobs)". */
export function Pagination({ page, limit, total, onPage, label }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pagination" aria-label={`${label} pages`}>
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page} of {pages} ({total} {label})
      </span>
      <button type="button" className="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
