/**
 * Charts for the report dashboard, drawn on the server as SVG: no client code, nothing the strict CSP has to
 * allow (colours come from classes in site.css, no inline styles), and readable on a weak phone. Each chart is
 * an image with a title and a description; the page puts the same figures in a table right after it, which is
 * what screen readers and keyboards use.
 */
import Handlebars from 'handlebars';

/** A figure as Vietnamese writes it: 3,3 and 1.250. */
const figure = (value: number) => value.toLocaleString('vi-VN', { maximumFractionDigits: 1 });

export interface ChartSeries {
  key: string;
  /** Vietnamese, shown in the legend with its colour (never colour alone). */
  label: string;
  /** A class of site.css: chart-early, chart-on-time, chart-late, chart-average, chart-p90. */
  className: string;
}

export interface ChartRow {
  label: string;
  values: Record<string, number | null>;
}

const e = (text: string) => Handlebars.escapeExpression(text);
const LABEL_WIDTH = 220;
const BAR_AREA = 420;
const ROW_HEIGHT = 28;

/**
 * Horizontal bars, one row per unit or step: stacked (the parts of one whole, e.g. early / on time / late) or
 * grouped (side by side, e.g. average and 90th percentile). Returns SVG markup, escaped.
 */
export function barChart(options: {
  id: string;
  title: string;
  description: string;
  series: readonly ChartSeries[];
  rows: readonly ChartRow[];
  stacked: boolean;
}): string {
  const { id, series, rows, stacked } = options;
  const totals = rows.map((row) =>
    stacked
      ? series.reduce((sum, s) => sum + (row.values[s.key] ?? 0), 0)
      : Math.max(0, ...series.map((s) => row.values[s.key] ?? 0)),
  );
  const max = Math.max(1, ...totals);
  const barsPerRow = stacked ? 1 : series.length;
  const rowHeight = stacked ? ROW_HEIGHT : ROW_HEIGHT * 0.6 * barsPerRow + 8;
  const legendHeight = 28;
  const height = legendHeight + rows.length * rowHeight + 8;
  const width = LABEL_WIDTH + BAR_AREA + 60;
  const parts: string[] = [];
  let legendX = 0;
  for (const s of series) {
    parts.push(
      `<rect x="${legendX}" y="6" width="14" height="14" class="${e(s.className)}"/>` +
        `<text x="${legendX + 20}" y="18" class="chart-text">${e(s.label)}</text>`,
    );
    legendX += 30 + s.label.length * 7.5;
  }
  rows.forEach((row, i) => {
    const top = legendHeight + i * rowHeight;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${top + rowHeight / 2 + 4}" text-anchor="end" class="chart-text">${e(
        row.label.length > 30 ? `${row.label.slice(0, 29)}…` : row.label,
      )}</text>`,
    );
    let x = LABEL_WIDTH;
    series.forEach((s, j) => {
      const value = row.values[s.key] ?? 0;
      const w = (value / max) * BAR_AREA;
      const barHeight = stacked ? rowHeight - 8 : ROW_HEIGHT * 0.6 - 2;
      const y = stacked ? top + 4 : top + 4 + j * ROW_HEIGHT * 0.6;
      if (w > 0) {
        parts.push(
          `<rect x="${stacked ? x : LABEL_WIDTH}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" class="${e(
            s.className,
          )}"><title>${e(`${row.label}: ${s.label} ${figure(value)}`)}</title></rect>`,
        );
      }
      if (!stacked) {
        parts.push(
          `<text x="${LABEL_WIDTH + w + 4}" y="${y + barHeight - 3}" class="chart-text chart-small">${figure(value)}</text>`,
        );
      }
      x += w;
    });
    if (stacked) {
      parts.push(
        `<text x="${x + 4}" y="${top + rowHeight / 2 + 4}" class="chart-text chart-small">${totals[i]}</text>`,
      );
    }
  });
  // On a phone the chart keeps a readable size and scrolls sideways in its own region (reachable by keyboard).
  return (
    `<div class="chart-scroll" tabindex="0" role="region" aria-label="${e(options.title)}">` +
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" ` +
    `aria-labelledby="${e(id)}-title ${e(id)}-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${e(id)}-title">${e(options.title)}</title><desc id="${e(id)}-desc">${e(options.description)}</desc>` +
    parts.join('') +
    '</svg></div>'
  );
}
