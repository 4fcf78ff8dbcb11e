"use client";
// Live metric curves of a job (what it posted through the report API), one line per metric name.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = ["#0369a1", "#b45309", "#15803d", "#7e22ce", "#be123c", "#0f766e"];

export function JobMetricsChart({ metrics }: { metrics: { name: string; step: number; value: number }[] }) {
  const names = [...new Set(metrics.map((m) => m.name))];
  const bySteps = new Map<number, Record<string, number>>();
  for (const m of metrics) bySteps.set(m.step, { ...(bySteps.get(m.step) ?? { step: m.step }), [m.name]: m.value });
  const data = [...bySteps.values()].sort((a, b) => a.step - b.step);
  return (
    <div className="h-64 w-full" role="img" aria-label={`Metrics: ${names.join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d4d4d8" />
          <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} label={{ value: "step", position: "insideBottomRight", offset: -4 }} />
          <YAxis width={48} />
          <Tooltip />
          <Legend />
          {names.map((name, i) => (
            <Line key={name} dataKey={name} stroke={COLORS[i % COLORS.length]} dot={data.length < 50} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
