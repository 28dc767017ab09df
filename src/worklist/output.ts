// The three worklist files. Every value from the record is text: CSV cells are quoted (and a leading = + - @ is
// neutralised so a spreadsheet never runs it), HTML is escaped, links are built only from the configured launch URL.
import type { WorklistRow } from './rows';

export interface WorklistSummary {
  asOf: string;
  generated: string;
  source: string;
  population: number | undefined;
  cohort: number;
  /** Gaps of the run itself (stage 1): the cohort may be incomplete. */
  runGaps: string[];
  ruleVersion: string;
  appVersion: string;
}

export const CSV_COLUMNS = [
  'id', 'name', 'age', 'sex', 'levels', 'onset', 'verdict', 'verdict_text', 'reasons', 'cautions', 'not_ruled_out', 'red_flags',
  'missing_workup', 'gaps', 'cohort_reason', 'as_of', 'rule_version', 'app_version',
] as const;

function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const list = (items: readonly string[]) => items.join(' | ');

export function csvLine(row: WorklistRow): string {
  const cells = [
    row.id, row.name, row.age, row.sex, list(row.levels), row.onset, row.verdict, row.verdictText, list(row.reasons),
    list(row.cautions), list(row.notRuledOut), list(row.redFlags), list(row.missingWorkup), list(row.gaps), row.cohortReason, row.asOf,
    row.ruleVersion, row.appVersion,
  ];
  return cells.map(csvCell).join(',');
}

export function csvText(rows: readonly WorklistRow[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map(csvLine)].join('\r\n') + '\r\n';
}

export function ndjsonText(rows: readonly WorklistRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string | number | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

export function launchLink(template: string | undefined, id: string): string | undefined {
  if (!template) return undefined;
  const url = template.split('{id}').join(encodeURIComponent(id));
  return /^https?:\/\//i.test(url) ? url : undefined;
}

const VERDICT_ORDER: ReadonlyArray<WorklistRow['verdict']> = ['candidate', 'needs-information', 'not-candidate'];
const VERDICT_LABEL: Record<WorklistRow['verdict'], string> = {
  candidate: 'Meets the documented criteria',
  'needs-information': 'Needs more information',
  'not-candidate': 'Does not meet the documented criteria',
};

function cellList(items: readonly string[]): string {
  return items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '';
}

// Sorting by a column header and filtering by text and verdict; no data in the script, it reads the table.
const SCRIPT = `(function(){var t=document.getElementById('worklist'),b=t.tBodies[0],q=document.getElementById('filter'),v=document.getElementById('verdict');
function f(){var s=q.value.toLowerCase(),w=v.value;for(var i=0;i<b.rows.length;i++){var r=b.rows[i];r.hidden=!((!w||r.dataset.verdict===w)&&r.textContent.toLowerCase().indexOf(s)>=0);}}
q.addEventListener('input',f);v.addEventListener('change',f);
Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h,c){var d=1;h.querySelector('button').addEventListener('click',function(){var rs=Array.prototype.slice.call(b.rows);
rs.sort(function(x,y){var a=x.cells[c].dataset.sort||x.cells[c].textContent,z=y.cells[c].dataset.sort||y.cells[c].textContent;var n=parseFloat(a)-parseFloat(z);return d*(isNaN(n)?a.localeCompare(z):n);});
d=-d;rs.forEach(function(r){b.appendChild(r);});});});})();`;

export function htmlText(rows: readonly WorklistRow[], summary: WorklistSummary, launchTemplate?: string): string {
  const counts = VERDICT_ORDER.map((v) => `<li data-verdict="${v}">${escapeHtml(VERDICT_LABEL[v])}: <strong>${rows.filter((r) => r.verdict === v).length}</strong></li>`).join('');
  const headers = ['Patient', 'Age', 'Level(s)', 'Fracture date', 'Verdict', 'Deciding reasons', 'Cautions and red flags', 'Missing workup', 'Gaps'];
  const body = rows
    .map((r) => {
      const link = launchLink(launchTemplate, r.id);
      const who = `${escapeHtml(r.name ?? r.id)}<br><small>${escapeHtml(r.id)}${r.sex ? `, ${escapeHtml(r.sex)}` : ''}</small>`;
      const patient = link ? `<a href="${escapeHtml(link)}" target="_blank" rel="noopener noreferrer">${who}</a>` : who;
      return `<tr data-verdict="${r.verdict}"><td>${patient}</td><td data-sort="${r.age ?? ''}">${escapeHtml(r.age)}</td><td>${escapeHtml(r.levels.join(', '))}</td>` +
        `<td>${escapeHtml(r.onset)}</td><td data-sort="${VERDICT_ORDER.indexOf(r.verdict)}">${escapeHtml(r.verdictText)}</td><td>${cellList(r.reasons)}</td>` +
        `<td>${cellList([...r.cautions.map((c) => `Caution: ${c}`), ...r.notRuledOut.map((c) => `Not ruled out: ${c}`), ...r.redFlags])}</td><td>${cellList(r.missingWorkup)}</td><td>${cellList(r.gaps)}</td></tr>`;
    })
    .join('\n');
  const runGaps = summary.runGaps.length
    ? `<section class="gaps" role="alert"><h2>The cohort may be incomplete</h2>${cellList(summary.runGaps)}</section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vertebral augmentation worklist, ${escapeHtml(summary.asOf)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;color:#1d2329}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccd;padding:.35rem;vertical-align:top;text-align:left}
th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer}ul{margin:0;padding-left:1rem}.gaps{border:2px solid #a40;padding:.5rem 1rem;margin:1rem 0}
tr[data-verdict=candidate] td:nth-child(5){color:#05612a;font-weight:600}tr[data-verdict=not-candidate] td:nth-child(5){color:#7a1f1f}small{color:#555}</style></head>
<body><h1>Vertebral augmentation worklist</h1>
<p>Decision support: each row says whether the record documents the coverage criteria (as of ${escapeHtml(summary.asOf)}); the physician decides.
Patients with a vertebral fracture to review (recent, undated, nonunion, or on the malignant pathway): ${summary.cohort}${summary.population !== undefined ? ` of ${summary.population} exported` : ''}.
Source: ${escapeHtml(summary.source)}. Generated ${escapeHtml(summary.generated)}; rules ${escapeHtml(summary.ruleVersion)}, app ${escapeHtml(summary.appVersion)}.</p>
${runGaps}<ul class="counts">${counts}</ul>
<p><label>Filter <input id="filter" type="search"></label> <label>Verdict <select id="verdict"><option value="">all</option>${VERDICT_ORDER.map((v) => `<option value="${v}">${escapeHtml(VERDICT_LABEL[v])}</option>`).join('')}</select></label></p>
<table id="worklist"><thead><tr>${headers.map((h) => `<th scope="col"><button type="button">${h}</button></th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table>
<script>${SCRIPT}</script>
</body></html>
`;
}
