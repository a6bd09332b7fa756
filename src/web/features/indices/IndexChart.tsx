import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.js';
import { type Column, DataTable } from '../../components/DataTable.js';

// Modular import: only the three chart types and the SVG renderer end up in the bundle.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  SVGRenderer,
]);

export interface Series {
  name: string;
  values: Array<number | null>;
}

export interface IndexChartProps {
  kind: 'bar' | 'line' | 'pie';
  title: string;
  /** One sentence summarising what the chart shows: the text alternative (figcaption + aria-label). */
  summary: string;
  categories: string[];
  series: Series[];
  /** Unit shown in the table headers (%, điểm…). */
  unit?: string;
  height?: number;
}

/**
 * A chart with its accessible twin: the summary is the figure's caption and the chart's
 * aria-label, and a toggle swaps the chart for a data table with the same numbers (a table is
 * what a screen reader or a keyboard user can actually read).
 */
export function IndexChart({
  kind,
  title,
  summary,
  categories,
  series,
  unit,
  height = 320,
}: IndexChartProps) {
  const { t, i18n } = useTranslation('indices');
  const [asTable, setAsTable] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const captionId = useId();

  useEffect(() => {
    if (asTable || !ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    // Long labels (indicator groups, classes) would overlap: slant them and make room.
    const longLabels = categories.some((c) => c.length > 10);
    const option =
      kind === 'pie'
        ? {
            tooltip: { trigger: 'item' },
            legend: { bottom: 0 },
            series: [
              {
                type: 'pie',
                radius: ['35%', '65%'],
                data: categories.map((name, i) => ({ name, value: series[0]?.values[i] ?? 0 })),
              },
            ],
          }
        : {
            tooltip: { trigger: 'axis' },
            legend: { bottom: 0 },
            grid: { left: 48, right: 16, top: 16, bottom: longLabels ? 110 : 56 },
            xAxis: {
              type: 'category',
              data: categories,
              axisLabel: {
                interval: 0,
                rotate: longLabels || categories.length > 6 ? 35 : 0,
                width: 110,
                overflow: 'truncate',
              },
            },
            yAxis: { type: 'value' },
            series: series.map((s) => ({
              type: kind,
              name: s.name,
              data: s.values,
              connectNulls: false,
            })),
          };
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [asTable, kind, categories, series]);

  const rows = categories.map((category, i) => ({ category, i }));
  const columns: Column<{ category: string; i: number }>[] = [
    { key: 'category', header: t('chart.category'), rowHeader: true },
    ...series.map((s, si) => ({
      key: `s${si}`,
      header: unit ? `${s.name} (${unit})` : s.name,
      align: 'end' as const,
      render: (row: { i: number }) => {
        const v = s.values[row.i];
        return v === null || v === undefined
          ? t('na')
          : v.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN');
      },
      sortValue: (row: { i: number }) => s.values[row.i] ?? null,
    })),
  ];

  return (
    <figure className="index-chart" aria-labelledby={captionId}>
      <div className="index-chart__head">
        <h3>{title}</h3>
        <Button
          variant="ghost"
          size="small"
          aria-pressed={asTable}
          onClick={() => setAsTable((v) => !v)}
        >
          {asTable ? t('chart.showChart') : t('chart.showTable')}
        </Button>
      </div>
      {asTable ? (
        <DataTable
          caption={title}
          captionHidden
          columns={columns}
          rows={rows}
          rowKey={(r) => r.category}
        />
      ) : (
        <div ref={ref} role="img" aria-label={summary} style={{ width: '100%', height }} />
      )}
      <figcaption id={captionId} className="index-chart__summary">
        {summary}
      </figcaption>
    </figure>
  );
}
