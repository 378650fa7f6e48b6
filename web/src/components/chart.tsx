// ECharts with only the parts the UI draws (bar and line charts, axes, tooltips, legend, zoom) on
// canvas, to keep the bundle small. Charts carry numbers and times only: no data strings reach a
// tooltip's HTML.
import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export const CHART_TEXT = { color: '#aab4c3', fontSize: 11 };
export const AXIS = { axisLine: { lineStyle: { color: '#3a4555' } }, splitLine: { lineStyle: { color: '#232b36' } }, axisLabel: { color: '#8a96a8', fontSize: 10 } };

export function Chart({ option, height = 220, onClick, testId }: { option: ChartOption; height?: number; onClick?: (p: { dataIndex: number; seriesIndex?: number }) => void; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p as { dataIndex: number; seriesIndex?: number }));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ textStyle: CHART_TEXT, backgroundColor: 'transparent', animation: false, ...option }, true);
  }, [option]);
  return <div className="chart" ref={el} style={{ height }} data-testid={testId} />;
}
