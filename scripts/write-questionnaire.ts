// Regenerates public/questionnaire.json from the form definition (tests/writeback/questionnaire.test.ts checks it).
import { writeFileSync } from 'node:fs';
import { buildQuestionnaire } from '../src/writeback/questionnaire';
writeFileSync(new URL('../public/questionnaire.json', import.meta.url), JSON.stringify(buildQuestionnaire(), null, 2) + '\n');
