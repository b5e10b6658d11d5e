/** Escapes text for HTML (ECharts tooltip formatters return HTML: data such as unit names must not become markup). */
export function escapeHtml(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
