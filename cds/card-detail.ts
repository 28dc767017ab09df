// The card's markdown detail: the verdict with the fracture's cause, why it is not a candidate (with the record lines
// behind it), what is still needed, every caution with its values, days and drugs, the missing workup, what the card
// deliberately does not suggest, the payer's ask, red flags and what could not be read. Record text is escaped.
import { INR_ABOVE, LAB_WINDOW_DAYS, PLATELETS_BELOW } from '../src/clinical/contraindications';
import type { Assessment } from '../src/clinical/types';
import { blockers, evidenceLines, pathwayWords, type EvidenceExtra } from './card-words';
import type { PayerAsk } from './coverage';
import type { AugmentationOrder } from './draft-orders';
import { bulletList, markdownText } from './markdown';
import { missingRequiredWorkup, unreadRequiredWorkup } from './workup-orders';

export interface DetailExtras {
  /** Why some or all orders are not suggested ("X-ray, CT, DXA and bone scan: pregnancy not ruled out"). */
  withheld?: string[];
  payer?: PayerAsk;
  /** A medication's dosage beside its line, from the record. */
  extra?: EvidenceExtra;
}

const VERDICT_WORDS: Record<Assessment['verdict'], string> = {
  candidate: 'Candidate: meets the documented criteria',
  'not-candidate': 'Not a candidate',
  'needs-information': 'Needs information',
};

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The thresholds a caution was judged by, marked as the local defaults they are (clinical-rules §7). */
const CAUTION_THRESHOLDS: Readonly<Record<string, string>> = {
  coagulopathy: `Thresholds: INR above ${INR_ABOVE}, platelets below ${PLATELETS_BELOW} ×10⁹/L, results within ${LAB_WINDOW_DAYS} days (local default, spec §7; SIR 2019).`,
};

/** "Uncorrected coagulopathy (INR, platelets): INR ...: 2.8 (> 1.5) on 2026-11-21; ... Thresholds: ... (local default)". */
function cautionLines(assessment: Assessment, extra?: EvidenceExtra): string[] {
  return assessment.contraindications
    .filter((c) => c.kind === 'relative' && c.status === 'present')
    .map((c) => {
      const lines = evidenceLines(c.evidence, extra);
      // The coagulopathy note restates the thresholds: said once, marked local default.
      const after = CAUTION_THRESHOLDS[c.id] ?? c.note;
      return `${c.label}${lines.length ? `: ${lines.join('; ')}` : ''}.${after ? ` ${after}` : ''}`;
    });
}

function blockerLines(assessment: Assessment): string[] {
  const lines = blockers(assessment).map((b) => {
    const evidence = evidenceLines(b.evidence);
    return `${capital(b.words)}${evidence.length ? `: ${evidence.join('; ')}` : ''}.${b.note ? ` ${b.note}` : ''}`;
  });
  return assessment.patient.deceased ? ['Recorded as deceased.', ...lines] : lines;
}

export function cardDetail(assessment: Assessment, order: AugmentationOrder, extras: DetailExtras = {}): string {
  const sections: string[] = [];
  const levels = order.levels.length ? ` at ${order.levels.join(', ')}` : '';
  const setting = assessment.hospitalized ? ', hospitalized' : '';
  sections.push(`**${markdownText(VERDICT_WORDS[assessment.verdict])}** for ${markdownText(order.display + levels)} (${markdownText(pathwayWords(assessment))}${setting}).`);
  const why = blockerLines(assessment);
  if (why.length) sections.push(`**Why not a candidate**\n\n${bulletList(why)}`);
  const still = assessment.reasons.filter((reason) => reason.startsWith('Still needed:'));
  const stillHeading = assessment.verdict === 'not-candidate' ? 'Also not established' : 'Still needed';
  if (still.length) sections.push(`**${stillHeading}**\n\n${bulletList(still.map((r) => r.replace(/^Still needed:\s*/, '')))}`);
  const caution = cautionLines(assessment, extras.extra);
  if (caution.length) sections.push(`**Cautions**\n\n${bulletList(caution)}`);
  if (assessment.verdict === 'not-candidate') {
    sections.push('**Workup**: not applicable while the patient is not a candidate.');
  } else {
    const missing = missingRequiredWorkup(assessment.workup).map(
      (item) => `${item.label}: ${item.status === 'outdated' ? `outdated (window ${item.window})` : 'missing'}${item.note ? `. ${item.note}` : ''}`,
    );
    if (missing.length) sections.push(`**Missing workup**\n\n${bulletList(missing)}`);
    const unread = unreadRequiredWorkup(assessment.workup).map((item) => `${item.label}: could not be read completely, may be on file (not suggested)`);
    if (unread.length) sections.push(`**Workup the record could not settle**\n\n${bulletList(unread)}`);
  }
  if (extras.withheld?.length) sections.push(`**Not suggested**\n\n${bulletList(extras.withheld)}`);
  if (extras.payer) sections.push(`**Coverage information on the order (from the payer)**\n\n${bulletList(extras.payer.lines.map((line) => `Payer: ${line}`))}`);
  if (assessment.redFlags.length) sections.push(`**Red flags**\n\n${bulletList(assessment.redFlags)}`);
  if (assessment.dataGaps.length) sections.push(`**Could not be read**\n\n${bulletList(assessment.dataGaps)}`);
  sections.push(`Rules ${markdownText(assessment.specVersion)}, engine ${markdownText(assessment.engineVersion)}, as of ${markdownText(assessment.asOf)}. Open the app to answer what only the physician can confirm.`);
  return sections.join('\n\n');
}
