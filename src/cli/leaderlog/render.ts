/**
 * Renderings of a leader schedule: a text table, CSV, and an SVG (or HTML page) epoch
 * timeline marking the leader slots.
 */

/** One leader slot as printed. */
export interface LeaderRow {
  /** Absolute slot number. */
  slot: number;
  /** Slot number within the epoch (0-based). */
  epoch_slot: number;
  /** UTC start time (ISO-8601), or null when the network is unknown. */
  time: string | null;
}

/** What the renderers show about the schedule. */
export interface ScheduleSummary {
  title: string;
  firstSlot: number;
  epochLength: number;
  /** Start time of the first slot, ISO-8601, or null. */
  startTime: string | null;
  /** Seconds per slot, when known. */
  slotLength: number | null;
  expected: number;
  rows: LeaderRow[];
}

/** The text table: one line per leader slot, then a summary. */
export function renderTable(s: ScheduleSummary): string {
  const lines = [s.title, ''];
  lines.push(`${'#'.padStart(4)}  ${'slot'.padStart(12)}  ${'epoch slot'.padStart(10)}  time (UTC)`);
  s.rows.forEach((r, i) => {
    lines.push(`${String(i + 1).padStart(4)}  ${String(r.slot).padStart(12)}  ${String(r.epoch_slot).padStart(10)}  ${r.time ?? '-'}`);
  });
  lines.push('', `${s.rows.length} leader slot${s.rows.length === 1 ? '' : 's'} of ${s.epochLength} (expected ${s.expected.toFixed(2)})`);
  return lines.join('\n') + '\n';
}

/** CSV with a header line: slot,epoch_slot,time_utc. */
export function renderCsv(rows: LeaderRow[]): string {
  return ['slot,epoch_slot,time_utc', ...rows.map((r) => `${r.slot},${r.epoch_slot},${r.time ?? ''}`)].join('\n') + '\n';
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An SVG timeline of the epoch: a bar, day ticks (when the slot length is known), one mark per leader slot. */
export function renderSvg(s: ScheduleSummary): string {
  const W = 1000;
  const H = 120;
  const x0 = 20;
  const x1 = W - 20;
  const y = 60;
  const xOf = (epochSlot: number) => x0 + ((x1 - x0) * epochSlot) / Math.max(1, s.epochLength);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(s.title)}">`);
  parts.push(`<title>${esc(s.title)}</title>`);
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${x0}" y="22" font-family="sans-serif" font-size="14" fill="#111">${esc(s.title)}: ${s.rows.length} leader slots (expected ${s.expected.toFixed(2)})</text>`);
  parts.push(`<rect x="${x0}" y="${y - 10}" width="${x1 - x0}" height="20" fill="#e8eef7" stroke="#8aa0c0"/>`);
  if (s.slotLength && s.startTime) {
    const day = 86400 / s.slotLength;
    for (let d = 0, i = 0; d <= s.epochLength; d += day, i++) {
      const x = xOf(d).toFixed(2);
      parts.push(`<line x1="${x}" y1="${y + 10}" x2="${x}" y2="${y + 16}" stroke="#555"/>`);
      parts.push(`<text x="${x}" y="${y + 30}" font-family="sans-serif" font-size="10" text-anchor="middle" fill="#555">day ${i}</text>`);
    }
  }
  for (const r of s.rows) {
    const x = xOf(r.epoch_slot).toFixed(2);
    const label = `slot ${r.slot} (epoch slot ${r.epoch_slot})${r.time ? ' ' + r.time : ''}`;
    parts.push(`<line class="leader" data-slot="${r.slot}" x1="${x}" y1="${y - 14}" x2="${x}" y2="${y + 10}" stroke="#d62728" stroke-width="2"><title>${esc(label)}</title></line>`);
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** A standalone HTML page: the SVG timeline and a table of the leader slots. */
export function renderHtml(s: ScheduleSummary): string {
  const rows = s.rows
    .map((r, i) => `<tr><td>${i + 1}</td><td>${r.slot}</td><td>${r.epoch_slot}</td><td>${esc(r.time ?? '-')}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(s.title)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style>
</head>
<body>
<h1>${esc(s.title)}</h1>
${renderSvg(s)}
<table id="leader-slots">
<thead><tr><th>#</th><th>slot</th><th>epoch slot</th><th>time (UTC)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p>${s.rows.length} leader slots of ${s.epochLength} (expected ${s.expected.toFixed(2)})</p>
</body>
</html>
`;
}
