// The verdict card, first on the page at every width: the summary line with its indicator, then (./CardBody.tsx,
// arriving with the details just after this first frame) the questions only the physician can settle, the cautions,
// what stands on an answer alone, the missing required workup and the reasons. It is the [data-testid="verdict"]
// hook. The first frame carries only what decides the verdict and its headline: the browser budget counts every
// script fetched before the verdict shows (60 KB gzip, issue 22).
import type { ComponentChildren } from 'preact';
import type { Answers, Assessment } from '../../clinical/types';
import { StatusBadge } from './StatusBadge';
import { answerOnlyOf, cautionCount, headline, indicatorOf } from './card-headline';

export interface VerdictCardProps {
  assessment: Assessment;
  answers: Answers;
  /** The fracture's onset: the physician's answer, else the record's. */
  onset: string | undefined;
  /** The rest of the card (./CardBody.tsx), or what stands in while it loads. */
  children?: ComponentChildren;
}

export function VerdictCard({ assessment, answers, onset, children }: VerdictCardProps) {
  const cautions = cautionCount(assessment);
  const indicator = indicatorOf(assessment, cautions, answerOnlyOf(assessment).length);
  return (
    <section class={`verdict-card verdict-${assessment.verdict} indicator-${indicator}`} data-testid="verdict" data-indicator={indicator}
      aria-labelledby="verdict-heading">
      <h2 id="verdict-heading" class="verdict-line">
        <StatusBadge status={assessment.verdict} />{' '}
        <span class="headline" data-testid="headline">{headline(assessment, answers, onset, cautions)}</span>
      </h2>
      {children}
    </section>
  );
}
