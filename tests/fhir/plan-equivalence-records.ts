// Records for the plan v2 equivalence test: hand-built histories that aim at every way "read only the newest"
// could lose a result (the rule-test builders), and generated histories (seeded) with every list, status and
// date form the loader meets.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { OBSERVATION_QUERY_CODES } from '../../src/clinical/codes';
import {
  NEGATIVE, POSITIVE, birthDateForAge, bpPanel, bundle, condition, cpt, creatinine, daysAgo, diagnosticReport, dtAgo, dxaTScore, hcg, heartRate,
  icd10, inr, loinc, observation, pain, patient, platelets, snomed, type Resource,
} from '../clinical/builders';

let conditions = 0;
const fracture = (ago: number) => ({
  resourceType: 'Condition', id: `eq-fracture-${++conditions}`, clinicalStatus: { coding: [{ code: 'active' }] },
  code: { coding: [icd10('M80.08XA', 'Osteoporotic vertebral fracture')] }, onsetDateTime: dtAgo(ago),
});
const woman = (id: string, age = 34) => patient({ id, gender: 'female', birthDate: birthDateForAge(age) });
const man = (id: string, age = 78) => patient({ id, gender: 'male', birthDate: birthDateForAge(age) });
const cbcPanel = (ago: number, plt?: number) =>
  observation('58410-2', undefined, undefined, dtAgo(ago), { display: 'CBC panel', ...(plt !== undefined ? { components: [{ code: loinc('777-3', 'Platelets'), value: plt, unit: '10*3/uL' }] } : {}) });
const LAB = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] };
const labReport = (code: string, ago: number, status = 'final') => ({ ...diagnosticReport(loinc(code, 'Lab panel'), dtAgo(ago), { status }), category: [LAB] });

const category = (code: string) => [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }] }];
const FLOWSHEET = 'urn:oid:1.2.840.114350.1.13.0.1.7.2.707679';
/** A flowsheet pain assessment under a local code, the NRS as a component (`code=72514-3` never returns it). */
const painPanel = (score: number, at: string) => ({
  ...observation({ system: FLOWSHEET, code: 'R-PAIN-1', display: 'Pain assessment' }, undefined, undefined, at, { components: [{ code: loinc('72514-3', 'Pain severity 0-10'), value: score, unit: '{score}' }] }),
  category: category('survey'),
});
/** A vital-signs panel (85353-1, not a listed code) with heart rate and blood pressure components. */
const vitalsPanel = (at: string) => ({
  ...observation({ system: FLOWSHEET, code: 'R-VITALS', display: 'Vital signs' }, undefined, undefined, at, {
    components: [{ code: loinc('8867-4', 'Heart rate'), value: 88, unit: '/min' }, { code: loinc('8480-6', 'Systolic'), value: 132, unit: 'mm[Hg]' }, { code: loinc('8462-4', 'Diastolic'), value: 84, unit: 'mm[Hg]' }],
  }),
  category: category('vital-signs'),
});
/** An imaging report filed under LAB (some systems do): v3 counts it by its imaging code. */
const labFiled = (code: ReturnType<typeof cpt>, ago: number) => ({ ...diagnosticReport(code, dtAgo(ago)), category: [LAB] });
/** Two INR results 90 minutes apart across midnight in two offsets: by calendar day the 2.4 is newer, by instant the 1.1. */
const inrAcrossMidnight = () => [
  observation('6301-6', 1.1, '{INR}', `${daysAgo(2)}T23:30:00-05:00`),
  observation('6301-6', 2.4, '{INR}', `${daysAgo(1)}T03:00:00+00:00`),
];
const STATUSES_V3 = ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'];

/**
 * Spec v3 (§0 Reading through a server, §0 Dates): what a server read used to miss or order differently. Each is
 * compared with the whole bundle evaluated directly.
 */
export function v3Bundles(): Resource[] {
  return [
    // Issue 18: the newest pain score (3, yesterday) only inside a flowsheet panel; an older standalone NRS 8.
    bundle(man('eq-v3-pain-panel'), fracture(20), painPanel(3, dtAgo(1)), pain(8, 6), vitalsPanel(dtAgo(2))),
    // Vital signs only inside vital-signs panels (the physical exam is done from the bundle).
    bundle(woman('eq-v3-vitals-panel', 70), fracture(30), vitalsPanel(dtAgo(10)), vitalsPanel(dtAgo(60)), painPanel(7, dtAgo(3)), painPanel(9, dtAgo(40))),
    // A spine MRI, a DXA and a bone scan filed as LAB DiagnosticReports, a lab CBC report beside them.
    bundle(man('eq-v3-lab-imaging'), fracture(20), labFiled(cpt('72148', 'MRI lumbar spine without contrast'), 5), labFiled(cpt('77080', 'DXA axial skeleton'), 100),
      labFiled(cpt('78306', 'Bone scan whole body'), 9), labFiled(cpt('72100', 'X-ray lumbar spine'), 200), { ...diagnosticReport(loinc('58410-2', 'CBC panel'), dtAgo(4)), category: [LAB] }),
    // INR across midnight in two offsets; platelets normal.
    bundle(man('eq-v3-inr-midnight'), fracture(12), ...inrAcrossMidnight(), platelets(220, 2)),
    // Same-day INR results, one without a time, that disagree: unknown.
    bundle(man('eq-v3-inr-same-day'), fracture(12), observation('6301-6', 1.1, '{INR}', daysAgo(3)), observation('6301-6', 2.4, '{INR}', `${daysAgo(3)}T16:00:00-05:00`), platelets(220, 2)),
    // Conditions of every clinical status: a resolved discitis, a healed fracture, a myeloma in remission, a relapse.
    bundle(woman('eq-v3-statuses', 66), fracture(25),
      ...STATUSES_V3.map((status, i) => condition(icd10(['M80.08XA', 'M46.46', 'C90.01', 'M81.0', 'M46.26', 'S32.010A'][i]!, 'Coded condition'), { clinicalStatus: status, onset: daysAgo(20 + i * 40) })),
      condition(icd10('M47.816', 'Spondylosis of lumbar region'), {}),
      condition(snomed('414564002', 'Kyphosis'), { clinicalStatus: 'resolved' })),
  ];
}

/**
 * Issue 18, "Done when": panels under local codes, imaging filed as LAB, a SNOMED-coded and a text-only spinal
 * infection, a system-less M46.2 code, INR across midnight in two offsets. The infection forms are matched by the
 * v3 matcher (clinical-rules §0 Matching what stops or cautions); the equivalence holds whatever the matcher says.
 */
export function doneWhenBundle(): Resource {
  return bundle(man('eq-v3-done-when'), fracture(20),
    painPanel(3, dtAgo(1)), pain(8, 6), vitalsPanel(dtAgo(2)),
    labFiled(cpt('72148', 'MRI lumbar spine without contrast'), 5), labFiled(cpt('72100', 'X-ray lumbar spine'), 8), labFiled(cpt('77080', 'DXA axial skeleton'), 90),
    ...inrAcrossMidnight(), platelets(220, 2),
    condition(snomed('4556007', 'Discitis'), { clinicalStatus: 'active', onset: daysAgo(10) }),
    condition(null, { text: 'Epidural abscess, lumbar', clinicalStatus: 'active' }),
    // A code with no system (the builder's Coding needs one: taken off after).
    systemless(condition(icd10('M46.26', 'Osteomyelitis of vertebra, lumbar region'), { clinicalStatus: 'active', onset: daysAgo(15) })));
}

function systemless(resource: Resource): Resource {
  const code = resource.code as { coding: Array<Record<string, unknown>> };
  return { ...resource, code: { ...code, coding: code.coding.map(({ system: _system, ...rest }) => rest) } };
}

/** Each a bundle: the patient first. Every Observation list has several results; the newest is the trap. */
export function scenarioBundles(): Resource[] {
  return [
    // Issue 12: a positive hCG 20 days ago hidden by a negative 3 days ago (the newest decides, by day).
    bundle(woman('eq-hcg'), fracture(20), hcg(POSITIVE, 20), hcg(NEGATIVE, 3), hcg(NEGATIVE, 400)),
    // A positive pregnancy status 200 days ago, no newer test.
    bundle(woman('eq-status'), fracture(30), observation('82810-3', { system: 'http://loinc.org', code: 'LA15173-0', display: 'Pregnant' }, undefined, dtAgo(200))),
    // Pain: a course over 80 days, older scores for years, and hourly scores on the last day.
    bundle(man('eq-pain-course'), fracture(40), ...[700, 500, 90, 80, 60, 30, 10, 5].map((ago, i) => pain(2 + (i % 7), ago)), ...Array.from({ length: 24 }, (_, h) => observation('72514-3', 5 + (h % 4), '{score}', `${daysAgo(1)}T${String(h).padStart(2, '0')}:15:00Z`))),
    // The newest pain score is 100 days old: shown as too old, never as current.
    bundle(man('eq-pain-old'), fracture(10), pain(9, 100), pain(3, 400), pain(4, 800)),
    // An old osteoporotic T-score and newer normal ones: osteoporosis stays documented.
    bundle(woman('eq-dxa', 72), fracture(15), dxaTScore(-3.1, daysAgo(2200)), dxaTScore(-1.0, daysAgo(800)), dxaTScore(-0.8, daysAgo(100))),
    // The newest INR entered in error; the one before is high. A preliminary platelet count, an amended one.
    bundle(man('eq-inr'), fracture(12), inr(2.8, 5), observation('6301-6', 1.0, '{INR}', dtAgo(2), { status: 'entered-in-error' }), inr(1.0, 300),
      platelets(40, 4, '10*3/uL'), observation('777-3', 250, '10*3/uL', dtAgo(1), { status: 'registered' }), observation('777-3', 45, '10*3/uL', dtAgo(9), { status: 'amended' })),
    // Platelets only inside CBC panels, the newest panel without them.
    bundle(man('eq-panel'), fracture(12), cbcPanel(20, 30), cbcPanel(3), platelets(300, 60)),
    // A partial date ("this month") beside dated results of the same month, and same-day results.
    bundle(man('eq-partial'), fracture(25), observation('8867-4', 80, '/min', daysAgo(5).slice(0, 7)), heartRate(2), heartRate(2), heartRate(40),
      observation('2160-0', 1.1, 'mg/dL', daysAgo(0).slice(0, 7)), creatinine(50), bpPanel(6), bpPanel(70)),
    // Undated results beside dated ones, and only undated ones.
    bundle(man('eq-undated'), fracture(25), observation('8867-4', 80, '/min', undefined), heartRate(45), observation('6301-6', 2.4, '{INR}', undefined)),
    // Lab panel reports: many, the newest cancelled; imaging reports beside them.
    bundle(man('eq-reports'), fracture(25), labReport('58410-2', 3, 'cancelled'), labReport('58410-2', 40), labReport('58410-2', 400), labReport('24323-8', 10), labReport('24323-8', 90),
      diagnosticReport({ text: 'MRI lumbar spine with STIR' }, dtAgo(8)), diagnosticReport(loinc('24566-2', 'MR Spine'), dtAgo(200))),
  ];
}

const STATUSES = ['final', 'final', 'final', 'amended', 'corrected', 'preliminary', 'registered', 'entered-in-error', 'cancelled'];
const ANSWERS = [POSITIVE, NEGATIVE, { system: 'http://loinc.org', code: 'LA15173-0', display: 'Pregnant' }, { system: 'http://loinc.org', code: 'LA26683-5', display: 'Not pregnant' }];

function dateForm(ago: number, form: number, minute: number): Record<string, unknown> {
  const day = daysAgo(ago);
  const time = `${day}T${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
  switch (form) {
    case 0: return { effectiveDateTime: `${time}Z` };
    case 1: return { effectiveDateTime: `${time}-05:00` };
    case 2: return { effectiveDateTime: `${time}+09:00` };
    case 3: return { effectiveDateTime: day };
    case 4: return { effectiveDateTime: day.slice(0, 7) };
    case 5: return { effectivePeriod: { start: daysAgo(ago + 3), end: day } };
    case 6: return { issued: `${time}Z` };
    default: return {};
  }
}

const generatedObservation = fc.record({
  code: fc.constantFrom(...OBSERVATION_QUERY_CODES),
  status: fc.constantFrom(...STATUSES),
  ago: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3000 })),
  form: fc.integer({ min: 0, max: 7 }),
  minute: fc.integer({ min: 0, max: 1439 }),
  value: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.double({ min: -4, max: 400, noNaN: true }), fc.constantFrom(...ANSWERS), fc.constantFrom('positive', '7', '12 mIU/mL')),
  plateletComponent: fc.option(fc.integer({ min: 10, max: 400 }), { nil: undefined }),
});

const generatedPatient = fc.record({
  female: fc.boolean(),
  age: fc.integer({ min: 16, max: 95 }),
  observations: fc.array(generatedObservation, { maxLength: 40 }),
  reports: fc.array(fc.record({ code: fc.constantFrom('58410-2', '57021-8', '24323-8', '24321-2', '2093-3'), ago: fc.integer({ min: 0, max: 900 }), status: fc.constantFrom('final', 'final', 'cancelled', 'entered-in-error', 'partial') }), { maxLength: 8 }),
});

/** `count` generated histories, always the same ones (seeded). */
export function generatedBundles(count: number): Resource[] {
  return fc.sample(generatedPatient, { numRuns: count, seed: 12_024 }).map((p, n) => {
    const id = `eq-generated-${n}`;
    const who = p.female ? woman(id, p.age) : man(id, p.age);
    const observations = p.observations.map((o, i) => {
      const value = typeof o.value === 'number' ? o.value : typeof o.value === 'string' ? o.value : o.value;
      const base = observation(o.code, value, typeof value === 'number' ? (o.code === '777-3' ? '10*3/uL' : '{score}') : undefined, undefined, {
        status: o.status, id: `${id}-o${i}`,
        ...(o.code === '58410-2' && o.plateletComponent !== undefined ? { components: [{ code: loinc('777-3', 'Platelets'), value: o.plateletComponent, unit: '10*3/uL' }] } : {}),
      });
      return { ...base, ...dateForm(o.ago, o.form, o.minute) };
    });
    const reports = p.reports.map((r, i) => ({ ...labReport(r.code, r.ago, r.status), id: `${id}-r${i}` }));
    return bundle(who, fracture(20), ...observations, ...reports);
  });
}

/**
 * Every record the rule tests build (tests/clinical, through builders.ts `bundle`), captured by running them with
 * RULE_TEST_BUNDLES set. Only those with Observations or DiagnosticReports, and each content once: plan v2 reads
 * every other type exactly as plan v1 does. Ids are made unique per record (`eq-rt-N-...`): the rule tests reuse them.
 */
export function ruleTestBundles(): Resource[] {
  const dir = mkdtempSync(join(tmpdir(), 'rule-test-bundles-'));
  const file = join(dir, 'bundles.jsonl');
  try {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const run = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'node', 'tests/clinical'], {
      cwd: root, env: { ...process.env, RULE_TEST_BUNDLES: file }, encoding: 'utf8', timeout: 240_000,
    });
    if (run.status !== 0) throw new Error(`the rule tests did not run: ${run.stderr.slice(-500)}`);
    const byContent = new Map<string, { entry: Array<{ resource: Resource }> }>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      const made = JSON.parse(line) as { entry: Array<{ resource: Resource }> };
      if (!made.entry.some((e) => e.resource.resourceType === 'Observation' || e.resource.resourceType === 'DiagnosticReport')) continue;
      const content = JSON.stringify(made.entry.map((e) => ({ ...e.resource, id: undefined })));
      if (!byContent.has(content)) byContent.set(content, made);
    }
    // In content order, not capture order: the rule-test files run in parallel workers, so the lines arrive in a
    // different order each run. Sorted, each record keeps its id from run to run (a loss found names the same record).
    return [...byContent.keys()].sort().map((content, i) => isolated(byContent.get(content)!, `eq-rt-${i}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bundle with every id prefixed, and every reference to one of its resources following. */
function isolated(made: { entry: Array<{ resource: Resource; fullUrl?: string }> }, prefix: string): Resource {
  const ids = new Set(made.entry.map((e) => e.resource.id).filter((id): id is string => !!id));
  const rename = (id: string) => (id === made.entry[0]!.resource.id ? prefix : `${prefix}-${id}`);
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, child]) => {
      if (key === 'reference' && typeof child === 'string') {
        const match = /^(urn:uuid:|[A-Za-z]+\/)(.+)$/.exec(child);
        return [key, match && ids.has(match[2]!) ? `${match[1]}${rename(match[2]!)}` : child];
      }
      return [key, walk(child)];
    }));
  };
  return {
    resourceType: 'Bundle', type: 'collection',
    entry: made.entry.map((e) => ({
      ...(e.fullUrl ? { fullUrl: e.fullUrl.replace(/^urn:uuid:(.+)$/, (_, id: string) => `urn:uuid:${ids.has(id) ? rename(id) : id}`) } : {}),
      resource: { ...(walk(e.resource) as Resource), ...(e.resource.id ? { id: rename(e.resource.id) } : {}) },
    })),
  };
}
