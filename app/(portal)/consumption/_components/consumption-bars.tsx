'use client';

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { PRODUCT_LABELS, PRODUCTS, type DailyPoint, type Product } from '@/lib/consumption/schemas';
import { formatDate } from '@/lib/format';

const COLORS = { devin: '#2f5bea', cascade: '#7b61ff', terminal: '#0f9d8a', review: '#d97706' } as const;
const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const acus = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** The stacked bars themselves: the only module that imports recharts, loaded on demand by ConsumptionChart. */
export function ConsumptionBars({ daily, products }: { daily: DailyPoint[]; products: Product[] }) {
  return (
    <BarChart responsive style={{ width: '100%', height: 320 }} data={daily} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e5ea" />
      <XAxis dataKey="date" tickFormatter={(d: number) => shortDay.format(d * 1000)} tick={{ fontSize: 12 }} minTickGap={12} />
      <YAxis tickFormatter={(v: number) => acus.format(v)} tick={{ fontSize: 12 }} width={48} />
      <Tooltip
        labelFormatter={(d) => `${formatDate(Number(d))} (from 08:00 UTC)`}
        formatter={(value) => [`${acus.format(Number(value))} ACU`]}
      />
      {/* Stack order, bottom first, rather than alphabetical. */}
      <Legend itemSorter={(item) => PRODUCTS.indexOf(item.dataKey as Product)} />
      {products.map((p) => (
        <Bar key={p} dataKey={p} name={PRODUCT_LABELS[p]} stackId="acus" fill={COLORS[p]} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}
