/** Display helpers. Pure. Times are shown in UTC, like the API's run ids and blob paths. */

/** `1 h 05 min`, `2 min 03 s`, `4.2 s`, `350 ms`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${pad(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${pad(Math.floor((seconds % 3600) / 60))} min`;
}

/** `2026-11-25 10:00:00Z`. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** A window `[from, to)`: `2026-11-25 10:00Z → 11:00Z` when on one day. */
export function formatWindow(from: string, to: string): string {
  const a = formatTime(from).replace(/:00Z$/, 'Z');
  const b = formatTime(to).replace(/:00Z$/, 'Z');
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} → ${b.slice(11)}` : `${a} → ${b}`;
}

/** `12.5 %`, or `—` when nothing was counted. */
export function formatRate(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—';
}
