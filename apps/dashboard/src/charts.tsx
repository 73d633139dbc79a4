import { useEffect, useRef } from 'preact/hooks';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { CapabilityAnswer } from './api-types';
import { axisRange, controlPoints, dispersionName, dispersionPoints, histogram, normalCurve } from './logic/chart-data';

echarts.use([LineChart, ScatterChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

declare global {
  interface Window {
    /** The charts drawn on the page, by name, for the browser tests to read what was drawn. */
    lotstreamCharts?: Record<string, echarts.ECharts>;
  }
}

function useChart(name: string, option: echarts.EChartsCoreOption, onClick?: (params: { dataIndex: number }) => void) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current);
    chart.setOption(option);
    window.lotstreamCharts = { ...window.lotstreamCharts, [name]: chart };
    if (onClick) chart.on('click', (params) => onClick(params as unknown as { dataIndex: number }));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      if (window.lotstreamCharts?.[name] === chart) delete window.lotstreamCharts[name];
      chart.dispose();
    };
  }, [option]);
  return element;
}

const line = (name: string, value: number | null, color: string) =>
  value == null ? [] : [{ name, yAxis: value, lineStyle: { color, type: name === 'CL' ? 'solid' : 'dashed' }, label: { formatter: `${name} {c}` } }];

export function ControlChart(props: { answer: CapabilityAnswer; onOpenLot: (lot: string) => void }) {
  const points = controlPoints(props.answer);
  const a = props.answer;
  const option = {
    animation: false,
    grid: { left: 60, right: 90, top: 30, bottom: 40 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const point = points[p.dataIndex];
        const rules = point.rules.length ? ` — violates ${point.rules.join(', ')}` : '';
        return `${point.lotNumber} (${point.inspectionId}): ${point.mean.toFixed(4)}${rules}`;
      },
    },
    xAxis: { type: 'category', data: points.map((p) => String(p.index + 1)), name: 'subgroup' },
    yAxis: {
      type: 'value',
      name: 'X̄',
      ...axisRange([...points.map((p) => p.mean), a.xbar.center, a.xbar.ucl, a.xbar.lcl, a.usl, a.lsl]),
      axisLabel: { formatter: (v: number) => v.toPrecision(6) },
    },
    series: [
      {
        name: 'X̄',
        type: 'line',
        data: points.map((p) => ({ value: p.mean, itemStyle: { color: p.rules.length ? '#c62828' : '#1565c0' }, symbolSize: p.rules.length ? 10 : 6 })),
        symbol: 'circle',
        markLine: {
          symbol: 'none',
          data: [
            ...line('CL', a.xbar.center, '#2e7d32'),
            ...line('UCL', a.xbar.ucl, '#ef6c00'),
            ...line('LCL', a.xbar.lcl, '#ef6c00'),
            ...line('USL', a.usl, '#c62828'),
            ...line('LSL', a.lsl, '#c62828'),
          ],
        },
      },
    ],
  };
  const ref = useChart('control', option, (p) => props.onOpenLot(points[p.dataIndex].lotNumber));
  return <div ref={ref} class="chart" role="img" aria-label={`Control chart of ${points.length} subgroups`} data-points={points.length} />;
}

/** The dispersion chart (R, S or MR) below the X̄ (or individuals) chart, with its centre line and limits. */
export function DispersionChart(props: { answer: CapabilityAnswer }) {
  const a = props.answer;
  const name = dispersionName(a.chart);
  const points = dispersionPoints(a);
  const option = {
    animation: false,
    grid: { left: 60, right: 90, top: 30, bottom: 40 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'category', data: points.map((_, i) => String(i + 1)), name: 'subgroup' },
    yAxis: {
      type: 'value',
      name,
      ...axisRange([...points.map((p) => p.value), a.range.center, a.range.ucl, a.range.lcl]),
      axisLabel: { formatter: (v: number) => String(Number(v.toPrecision(4))) },
    },
    series: [
      {
        name,
        type: 'line',
        data: points.map((p) => p.value),
        symbol: 'circle',
        markLine: {
          symbol: 'none',
          data: [...line('CL', a.range.center, '#2e7d32'), ...line('UCL', a.range.ucl, '#ef6c00'), ...line('LCL', a.range.lcl, '#ef6c00')],
        },
      },
    ],
  };
  const ref = useChart('dispersion', option);
  return <div ref={ref} class="chart chart-small" role="img" aria-label={`${name} chart of ${points.length} subgroups`} />;
}

export function CapabilityHistogram(props: { answer: CapabilityAnswer }) {
  const a = props.answer;
  const values = a.points.map((p) => p.mean);
  const bins = histogram(values, a);
  const width = bins.length ? bins[0].to - bins[0].from : 1;
  const curve = bins.length ? normalCurve(a.mean, a.sigmaOverall, bins[0].from, bins[bins.length - 1].to, values.length, width) : [];
  const option = {
    animation: false,
    grid: { left: 60, right: 40, top: 30, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', scale: true },
    yAxis: { type: 'value', name: 'count' },
    series: [
      {
        name: 'subgroup means',
        type: 'bar',
        barWidth: '90%',
        data: bins.map((b) => [(b.from + b.to) / 2, b.count]),
        markLine: {
          symbol: 'none',
          data: [...line('LSL', a.lsl, '#c62828'), ...line('USL', a.usl, '#c62828'), ...line('target', a.target, '#2e7d32')].map((l) => ({
            ...l,
            xAxis: l.yAxis,
            yAxis: undefined,
          })),
        },
      },
      { name: 'normal (σ overall)', type: 'line', showSymbol: false, smooth: true, data: curve },
    ],
  };
  const ref = useChart('histogram', option);
  return <div ref={ref} class="chart" role="img" aria-label="Capability histogram" />;
}
