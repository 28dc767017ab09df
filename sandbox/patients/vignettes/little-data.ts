// (b) A fracture on the problem list and nothing else: every criterion past `vcf` is unknown,
// so the verdict is needs-information and every workup item is missing.
// M48.56XA (collapsed vertebra NEC) names no cause, so the etiology list is empty.
import { icd10, RecordBuilder } from '../record-builder';
import { vertebra } from '../levels';
import { relativeDates } from '../relative-dates';
import { WORKUP_IDS, type Vignette } from '../vignette';

export const littleData: Vignette = {
  id: 'vcf-little-data',
  name: 'Walter Brandt',
  summary: 'Collapsed L2 vertebra coded 10 days ago; no pain score, labs, imaging or treatment on file.',
  expected: {
    pathway: 'osteoporotic',
    hospitalized: false,
    verdictFromRecord: 'needs-information',
    missingWorkup: [...WORKUP_IDS],
    outdatedWorkup: [],
    contraindicationsPresent: [],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    b.patient({ given: 'Walter', family: 'Brandt', gender: 'male', birthDate: d.birthDateForAge(72) });
    b.condition({ code: icd10('M48.56XA', 'Collapsed vertebra, not elsewhere classified, lumbar region, initial encounter for fracture'), onset: d.day(10), bodySite: vertebra('L2') });
    return b.resources;
  },
};
