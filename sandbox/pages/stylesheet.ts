// The sandbox pages' only stylesheet, served from our origin (the CSP allows no inline style).
export const SANDBOX_CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2329; background: #f6f7f9; }
header, main { padding: 12px 20px; }
header { background: #fff; border-bottom: 1px solid #d5d9de; }
h1 { font-size: 20px; margin: 4px 0 8px; }
h2 { font-size: 16px; margin: 18px 0 6px; }
.narrow { max-width: 720px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
.facts dt { color: #55606b; }
.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #d5d9de; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #eef0f3; }
code.id { color: #55606b; font-size: 12px; }
.actions button { margin: 2px 0; display: block; }
.controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.error { color: #9b1c1c; }
.chart-header { display: flex; gap: 18px; align-items: baseline; background: #234; color: #fff; padding: 10px 20px; }
.chart-header a, .chart-header code { color: #cde; }
.embedded-app { border: 0; width: 100%; height: calc(100vh - 48px); display: block; background: #fff; }
.side-by-side { display: grid; grid-template-columns: 1fr 1fr; gap: 4px; }
.chart-pane .embedded-app { height: calc(100vh - 90px); }
.cds-card { background: #fff; border: 1px solid #d5d9de; border-left: 6px solid #2b6cb0; padding: 8px 12px; margin: 8px 0; }
.cds-warning { border-left-color: #c77c02; }
.cds-critical { border-left-color: #9b1c1c; }
.cds-indicator { text-transform: uppercase; font-size: 11px; color: #55606b; }
.cds-detail { white-space: pre-wrap; font: inherit; margin: 6px 0; }
.cds-source { color: #55606b; font-size: 12px; }
`;
