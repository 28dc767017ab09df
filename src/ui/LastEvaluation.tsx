// Issue 19 item 7: a relaunch shows the latest evaluation this app saved for the patient, above the verdict card, and
// whether today's record gives the same verdict. It loads with the details, after the card has painted
// (./after-card.ts), and reads the chart only then: the verdict never waits for it. Nothing is shown when the grant
// does not let the app search notes, when there is no saved note, or when its verdict cannot be read.
import { useEffect, useState } from 'preact/hooks';
import { decidingReason, verdictWords } from '../clinical/summary';
import type { Answers, Assessment } from '../clinical/types';
import type { ChartSession } from '../writeback/chart-access';
import type { SavedEvaluation } from '../writeback/saved-evaluation';
import { localDateTime } from './local-time';

export interface LastEvaluationProps {
  session: ChartSession;
  /** What the card shows now (today's record with this launch's answers). */
  assessment: Assessment;
  answers: Answers;
  /** Part of the record is still being read: no comparison yet. */
  reading?: boolean;
}

/** "Today's record gives the same verdict." or what it gives instead. */
export function comparison(saved: SavedEvaluation, now: Assessment, answers: Answers, reading: boolean): string {
  if (reading) return 'Today\'s record is still being read: compare once it is.';
  if (saved.verdict === now.verdict) return 'Today\'s record gives the same verdict.';
  const reason = decidingReason(now);
  // The saved verdict may rest on answers not given again in this launch (Save to chart offers the saved answers).
  const noAnswers = Object.keys(answers).length === 0 ? ', with no answers given in this launch yet' : '';
  return `Changed since: today's record gives "${verdictWords(now)}"${reason ? ` (${reason})` : ''}${noAnswers}.`;
}

function when(date: string | undefined): string {
  const at = date ? new Date(date) : undefined;
  return at && !Number.isNaN(at.getTime()) ? localDateTime(at) : 'an unrecorded date';
}

export function LastEvaluation({ session, assessment, answers, reading = false }: LastEvaluationProps) {
  const [saved, setSaved] = useState<SavedEvaluation | undefined>();
  useEffect(() => {
    let live = true;
    Promise.all([import('../writeback/chart-access'), import('../writeback/saved-evaluation')])
      .then(async ([{ chartAccess }, { savedEvaluationOf }]) => savedEvaluationOf(await chartAccess(session).latestNote()))
      .then((found) => live && setSaved(found), () => undefined);
    return () => {
      live = false;
    };
  }, [session]);
  if (!saved) return null;
  const same = !reading && saved.verdict === assessment.verdict;
  return (
    <p class={`notice last-evaluation${saved.byClinician ? '' : ' notice-warn'}`} data-testid="last-evaluation" data-resource-id={saved.id}
      data-saved-verdict={saved.verdict} data-same={reading ? 'unknown' : same ? 'yes' : 'no'}>
      Last saved evaluation: {verdictWords(saved)} by <bdi>{saved.author}</bdi>, {when(saved.date)}. {comparison(saved, assessment, answers, reading)}
    </p>
  );
}
