/**
 * The geometry of a bar chart by category (a month, a kind), for views/figures/_chart.eta to draw as SVG.
 * No HTML or SVG is written here: this works out where each bar, gridline and label goes, in the units of
 * the SVG's viewBox, so the chart scales with the page and needs no script.
 */

export interface ChartInput {
  mode: 'stacked' | 'grouped';
  /** Below each group of bars: a main label and, for months, the year under January and the first month. */
  categories: { label: string; sub?: string; full: string }[];
  series: { label: string }[];
  /** values[category][series]. */
  values: number[][];
  /** Room for each category's label: a month's is short, a kind's ("インターンシップ") needs more. */
  wideLabels?: boolean;
}

export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Which colour (css class series-N). */
  series: number;
  /** The tooltip: "2026年11月 職場見学 3". */
  title: string;
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: ChartBar[];
  ticks: { y: number; label: string }[];
  labels: { x: number; text: string; sub?: string }[];
  legend: { series: number; label: string }[];
}

const MONTH_SLOT = 38;
const WIDE_SLOT = 104;
const LEFT = 48;
const RIGHT = 12;
const TOP = 12;
const PLOT_HEIGHT = 180;
const AXIS = 44;

/** A round top for the axis (1, 2, 5 × 10^n) at or above the largest bar, so the gridlines read easily. */
export function niceMaximum(largest: number): number {
  if (largest <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(largest));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= largest) return step * magnitude;
  }
  return 10 * magnitude;
}

export function chartLayout(input: ChartInput, formatNumber: (value: number) => string): ChartLayout {
  const SLOT = input.wideLabels ? WIDE_SLOT : MONTH_SLOT;
  const count = input.categories.length;
  const width = LEFT + Math.max(count, input.wideLabels ? 2 : 6) * SLOT + RIGHT;
  const bottom = TOP + PLOT_HEIGHT;
  const heights = input.values.map((row) =>
    input.mode === 'stacked' ? row.reduce((sum, value) => sum + value, 0) : Math.max(0, ...row),
  );
  const top = niceMaximum(Math.max(0, ...heights));
  const scale = (value: number) => (value / top) * PLOT_HEIGHT;
  const bars: ChartBar[] = [];
  const barWidth =
    input.mode === 'stacked' ? Math.min(SLOT * 0.6, 32) : (SLOT * 0.8) / Math.max(1, input.series.length);
  input.values.forEach((row, index) => {
    const slotLeft = LEFT + index * SLOT;
    let stackedTop = bottom;
    row.forEach((value, series) => {
      if (value <= 0) return;
      const height = scale(value);
      const x =
        input.mode === 'stacked'
          ? slotLeft + (SLOT - barWidth) / 2
          : slotLeft + SLOT * 0.1 + series * barWidth;
      const y = input.mode === 'stacked' ? stackedTop - height : bottom - height;
      if (input.mode === 'stacked') stackedTop -= height;
      bars.push({
        x: round(x),
        y: round(y),
        width: round(barWidth),
        height: round(height),
        series,
        title: `${input.categories[index]?.full ?? ''} ${input.series[series]?.label ?? ''} ${formatNumber(value)}`,
      });
    });
  });
  const ticks = [0, 0.5, 1].map((share) => ({
    y: round(bottom - share * PLOT_HEIGHT),
    label: formatNumber(top * share),
  }));
  // A half-way tick that is not a whole number (a top of 1) says nothing: leave it out.
  const wholeTicks = ticks.filter((_tick, index) => index !== 1 || Number.isInteger(top / 2));
  return {
    width,
    height: bottom + AXIS,
    plot: { left: LEFT, top: TOP, right: width - RIGHT, bottom },
    bars,
    ticks: wholeTicks,
    labels: input.categories.map((category, index) => ({
      x: round(LEFT + index * SLOT + SLOT / 2),
      text: category.label,
      ...(category.sub ? { sub: category.sub } : {}),
    })),
    legend: input.series.map((series, index) => ({ series: index, label: series.label })),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
