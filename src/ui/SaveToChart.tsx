// "Save to chart" below the verdict card. The write-back code loads only when the chart can be written to, so the
// app page stays small; until then (or without a chart session) nothing is shown and nothing is sent.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { SaveToChartProps } from './SaveToChartPanel';

export function SaveToChart(props: SaveToChartProps) {
  const [Panel, setPanel] = useState<ComponentType<SaveToChartProps> | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    import('./SaveToChartPanel')
      .then((m) => live && setPanel(() => m.SaveToChartPanel))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  if (failed) return <p class="notice notice-warn">Save to chart could not be loaded: reload the page to try again. Copy note still works.</p>;
  return Panel ? <Panel {...props} /> : null;
}
