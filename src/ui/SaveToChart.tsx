// "Save to chart" below the verdict card. The write-back code (builders, writes, the author check) loads only once
// the panel is shown, so the app page stays small; until then nothing is shown and nothing is sent.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ChartSession } from '../writeback/chart-access';
import type { SaveToChartProps } from './SaveToChartPanel';

type Loaded = { Panel: ComponentType<SaveToChartProps>; chart: SaveToChartProps['chart'] };

export function SaveToChart({ session, ...props }: Omit<SaveToChartProps, 'chart'> & { session: ChartSession }) {
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    import('./SaveToChartPanel')
      .then((m) => live && setLoaded({ Panel: m.SaveToChartPanel, chart: m.chartAccess(session) }))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [session]);
  if (failed) return <p class="notice notice-warn">Save to chart could not be loaded: reload the page to try again. Copy note still works.</p>;
  return loaded ? <loaded.Panel {...props} chart={loaded.chart} /> : null;
}
