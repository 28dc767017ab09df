// The assessment as plain text: the command line's `--format text` and the app's "Copy summary".
import { clinicalText } from './display';
import { plainText } from './plain-text';
import { verdictWords } from './deciding-reason';
import type { Assessment } from './types';

export { decidingReason, shortDay, verdictWords } from './deciding-reason';

/** Required items missing or outdated: what to order. An `unknown` item (v3 §5) is never among them. */
export function missingWorkup(assessment: Assessment) {
  return assessment.workup.filter((item) => item.required && (item.status === 'missing' || item.status === 'outdated'));
}

/** Required items the record could not settle (v3 §5 `unknown`): may be on file, never proposed as an order. */
export function unreadWorkup(assessment: Assessment) {
  return assessment.workup.filter((item) => item.required && item.status === 'unknown');
}

/** "L1 (report dr-1, 2026-11-10)": a report level with the newest report naming it. */
export function reportLevelText(level: Assessment['reportLevels'][number]): string {
  const source = [level.reportId ? `report ${level.reportId}` : 'report', level.date?.slice(0, 10)].filter(Boolean).join(', ');
  return `${level.level} (${source})`;
}

export function summaryText(a: Assessment): string {
  const lines: string[] = [];
  const p = a.patient;
  const who = [p.name ?? `Patient ${p.id}`, p.age !== undefined ? `${p.age}${p.ageApproximate ? '~' : ''} y` : undefined, p.sex, p.deceased ? 'deceased' : undefined]
    .filter(Boolean)
    .join(', ');
  const missing = missingWorkup(a);
  const unread = unreadWorkup(a);
  lines.push(`Kyphoplasty candidacy (decision support; the physician decides) as of ${a.asOf}`);
  lines.push(`Patient: ${who}`);
  lines.push(`Verdict: ${a.verdict} - ${verdictWords(a)}${missing.length ? ` (${missing.length} workup item${missing.length > 1 ? 's' : ''} missing)` : ''}`);
  lines.push(`Pathway: ${a.pathway}${a.hospitalized ? ', hospitalized' : ''}; etiology: ${a.etiology.join(', ') || 'not documented'}`);
  for (const reason of a.reasons) lines.push(`  - ${reason}`);
  if (a.redFlags.length) {
    lines.push('', 'Red flags (consider biopsy during augmentation):');
    for (const flag of a.redFlags) lines.push(`  - ${flag}`);
  }
  lines.push('', `Fracture levels in the record: ${a.recordLevels.length ? a.recordLevels.join(', ') : 'none named'}`);
  lines.push(`Levels named in spine imaging reports (last 12 weeks; proposals, not counted): ${a.reportLevels.length ? a.reportLevels.map(reportLevelText).join(', ') : 'none'}`);
  lines.push('', 'Criteria:');
  for (const c of a.criteria) {
    lines.push(`  [${c.status}] ${c.label}${c.required ? '' : ' (supporting)'}${c.note ? ` - ${c.note}` : ''}`);
    for (const e of c.evidence) {
      lines.push(`      ${e.resourceType}: ${clinicalText(e.display)}${e.date ? ` (${e.date.slice(0, 10)})` : ''}`);
      if (e.conclusion) lines.push(`        Conclusion: ${e.conclusion}`);
    }
  }
  lines.push('', 'Contraindications and cautions:');
  for (const c of a.contraindications) {
    lines.push(`  [${c.status}] ${c.label} (${c.kind})${c.note ? ` - ${c.note}` : ''}`);
    for (const e of c.evidence) if (e.resourceType !== 'Record') lines.push(`      ${e.resourceType}: ${clinicalText(e.display)}${e.date ? ` (${e.date.slice(0, 10)})` : ''}`);
  }
  lines.push('', a.workupComplete ? 'Workup: every required item is on file.' : missing.length ? 'Workup still needed:' : 'Workup: nothing to order from what was read.');
  for (const w of missing) lines.push(`  [${w.status}] ${w.label} (within ${w.window})${w.note ? ` - ${w.note}` : ''}`);
  if (unread.length) {
    lines.push('', 'Workup the record could not settle (may be on file; not ordered):');
    for (const w of unread) lines.push(`  [unknown] ${w.label} (within ${w.window})${w.note ? ` - ${w.note}` : ''}`);
  }
  for (const w of a.workup.filter((item) => !missing.includes(item) && !unread.includes(item) && item.note)) lines.push(`  Note, ${w.label}: ${w.note}`);
  if (a.dataGaps.length) {
    lines.push('', 'Could not be read:');
    for (const gap of a.dataGaps) lines.push(`  - ${gap}`);
  }
  lines.push('', `Rule set ${a.specVersion}, app ${a.engineVersion}.`);
  // FHIR text is made plain where it is read (src/fhir/narrow.ts, with ./plain-text); each line is made plain again here so that
  // no field, from the record or not, can break a line and forge one of the lines above.
  return lines.map(plainText).join('\n');
}
