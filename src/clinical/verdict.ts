// clinical-rules.md §4 Verdict and its reasons, in the spec's order.
import type { Assessment, ContraindicationResult, CriterionResult, Verdict } from './types';

export interface VerdictInput {
  deceased: boolean;
  criteria: CriterionResult[];
  contraindications: ContraindicationResult[];
}

export function decideVerdict({ deceased, criteria, contraindications }: VerdictInput): { verdict: Verdict; reasons: string[] } {
  const required = criteria.filter((c) => c.required);
  const absolute = contraindications.filter((c) => c.kind === 'absolute');
  const absolutePresent = absolute.filter((c) => c.status === 'present');
  const requiredNotMet = required.filter((c) => c.status === 'not-met');
  const requiredUnknown = required.filter((c) => c.status === 'unknown');
  const absoluteUnknown = absolute.filter((c) => c.status === 'unknown');

  const reasons = [
    ...(deceased ? ['The patient is recorded as deceased.'] : []),
    ...absolutePresent.map((c) => `Absolute contraindication: ${c.label}.`),
    ...requiredNotMet.map((c) => `Not met: ${c.label}.`),
    ...requiredUnknown.map((c) => `Still needed: ${c.label}.`),
    ...absoluteUnknown.map((c) => `Still needed: rule out ${c.label.toLowerCase()}.`),
  ];

  let verdict: Verdict;
  if (deceased || absolutePresent.length > 0 || requiredNotMet.length > 0) verdict = 'not-candidate';
  else if (required.every((c) => c.status === 'met') && absolute.every((c) => c.status === 'absent')) verdict = 'candidate';
  else verdict = 'needs-information';

  if (verdict === 'candidate') reasons.push('Meets the documented criteria; the physician decides.');
  // §4: a candidate is never shown without its cautions.
  const cautions = contraindications.filter((c) => c.kind === 'relative' && c.status === 'present').map((c) => `Caution: ${c.label}`);
  return { verdict, reasons: [...reasons, ...cautions] };
}

/**
 * An answer the form rejected is not counted, so the record speaks instead: that must not end in a
 * "candidate" the physician did not mean. Until the answer is fixed, a candidate becomes needs-information.
 */
export function holdForInvalidAnswers(assessment: Assessment, invalidFields: string[]): Assessment {
  if (invalidFields.length === 0) return assessment;
  const reason = `Still needed: a valid answer for ${invalidFields.join(', ')} (the invalid value is not counted).`;
  const verdict = assessment.verdict === 'candidate' ? 'needs-information' : assessment.verdict;
  const reasons = verdict === assessment.verdict ? [...assessment.reasons, reason] : [...assessment.reasons.filter((r) => !r.startsWith('Meets the documented criteria')), reason];
  return { ...assessment, verdict, reasons };
}
