"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ChartSeries {
  key: string;
  label: string;
}

// NHS colours, each paired with a fill pattern so a series never depends on colour alone.
const STYLES = [
  { colour: "#005eb8", pattern: "solid" },
  { colour: "#330072", pattern: "stripes" },
  { colour: "#ed8b00", pattern: "dots" },
  { colour: "#007f3b", pattern: "cross" },
] as const;

function Pattern({ id, colour, pattern }: { id: string; colour: string; pattern: string }) {
  return (
    <pattern id={id} width="8" height="8" patternUnits="userSpaceOnUse">
      <rect width="8" height="8" fill={pattern === "solid" ? colour : "#ffffff"} />
      {pattern === "stripes" && <path d="M0 8 L8 0 M-2 2 L2 -2 M6 10 L10 6" stroke={colour} strokeWidth="2.5" />}
      {pattern === "dots" && <circle cx="4" cy="4" r="2.2" fill={colour} />}
      {pattern === "cross" && <path d="M0 4 H8 M4 0 V8" stroke={colour} strokeWidth="2" />}
      {pattern !== "solid" && <rect width="8" height="8" fill="none" stroke={colour} strokeWidth="0.5" />}
    </pattern>
  );
}

/** Whether any figure in the chart is above nought (a withheld or blank figure draws nothing). */
export function chartHasData(data: Record<string, string | number>[], series: ChartSeries[]): boolean {
  return data.some((row) => series.some((s) => typeof row[s.key] === "number" && (row[s.key] as number) > 0));
}

/**
 * Counts per London day (or per hour, bucket or reason) as grouped bars. The chart is a picture of the table that follows it (the table
 * carries the numbers), so assistive technology reads it as one image with a label that says so.
 */
export function ReportChart({ id, title, data, series, per = "day" }: { id: string; title: string; data: Record<string, string | number>[]; series: ChartSeries[]; per?: string }) {
  // Nothing to draw (no rows, or every figure nought or withheld): say so, rather than show bare axes.
  if (!chartHasData(data, series)) {
    return (
      <div className="bg-white p-4" data-testid={`chart-${id}`}>
        <p className="m-0 font-bold">No data for this period</p>
      </div>
    );
  }
  return (
    <div
      className="h-72 w-full bg-white p-2"
      role="img"
      aria-label={`Bar chart of ${title.toLowerCase()} per ${per}: ${series.map((s) => s.label.toLowerCase()).join(", ")}. The figures are in the table below.`}
      data-testid={`chart-${id}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 20, right: 8, bottom: 8, left: 0 }}>
          <defs>
            {series.map((s, i) => (
              <Pattern key={s.key} id={`${id}-${s.key}`} colour={STYLES[i % STYLES.length].colour} pattern={STYLES[i % STYLES.length].pattern} />
            ))}
          </defs>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fill: "#212b32", fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fill: "#212b32", fontSize: 12 }} />
          <Tooltip />
          <Legend />
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={`url(#${id}-${s.key})`}
              stroke={STYLES[i % STYLES.length].colour}
              isAnimationActive={false}
              label={data.length <= 14 ? { position: "top", fontSize: 11, fill: "#212b32" } : undefined}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
