/** The moment an article counts from: its publication date (a month or day made a full ISO time), else now. */
export function datedAt(publishedAt: string | undefined, fallback: string): string {
  if (!publishedAt) return fallback;
  const full = /^\d{4}-\d{2}$/.test(publishedAt)
    ? `${publishedAt}-01`
    : /^\d{4}$/.test(publishedAt)
      ? `${publishedAt}-01-01`
      : publishedAt;
  const d = new Date(full);
  return Number.isNaN(d.getTime()) ? fallback : d.toISOString();
}
