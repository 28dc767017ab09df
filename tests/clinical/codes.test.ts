// codes.md § Matching rules and § Imaging and procedures: how codings, text and imaging records are matched.
import { describe, expect, it } from 'vitest';
import { CONDITIONS, CONSERVATIVE_CARE, OBSERVATIONS, codingMatches, textHasTerm, type CodeList } from '../../src/clinical/codes';
import { imagingKind, isSpineStudy } from '../../src/clinical/facts';
import { SYS, cpt, diagnosticReport, dtAgo, imagingStudy, patient, procedure, recordOf, snomed, type Resource } from './builders';

const BRACE: CodeList = CONSERVATIVE_CARE.find((c) => c.kind === 'Brace')!.codes;

describe('codes.md matching: ICD-10-CM', () => {
  it('ICD prefix with and without dots: M80.08* matches M80.08XA and M8008XA', () => {
    expect(codingMatches({ system: SYS.icd10cm, code: 'M80.08XA' }, CONDITIONS.vertebralFracture)).toBe(true);
    expect(codingMatches({ system: SYS.icd10cm, code: 'M8008XA' }, CONDITIONS.vertebralFracture)).toBe(true);
    expect(codingMatches({ system: SYS.icd10cm, code: 'm80.08xa' }, CONDITIONS.vertebralFracture)).toBe(true);
  });

  it('ICD prefix does not match a sibling (M80.03 forearm, M80.0 alone)', () => {
    expect(codingMatches({ system: SYS.icd10cm, code: 'M80.031A' }, CONDITIONS.vertebralFracture)).toBe(false);
    expect(codingMatches({ system: SYS.icd10cm, code: 'M80.0' }, CONDITIONS.vertebralFracture)).toBe(false);
  });

  it('ICD exact entries (no *) match only the code itself: D68.1 yes, D68.51 no (thrombophilia)', () => {
    expect(codingMatches({ system: SYS.icd10cm, code: 'D68.1' }, CONDITIONS.coagulopathy)).toBe(true);
    expect(codingMatches({ system: SYS.icd10cm, code: 'D681' }, CONDITIONS.coagulopathy)).toBe(true);
    expect(codingMatches({ system: SYS.icd10cm, code: 'D68.51' }, CONDITIONS.coagulopathy)).toBe(false);
  });

  it('ICD: the icd-10 system is accepted too', () => {
    expect(codingMatches({ system: SYS.icd10, code: 'S32.010A' }, CONDITIONS.vertebralFracture)).toBe(true);
  });

  it('system required: an ICD code with no system or another system does not match', () => {
    expect(codingMatches({ code: 'M80.08XA' }, CONDITIONS.vertebralFracture)).toBe(false);
    expect(codingMatches({ system: SYS.snomed, code: 'M80.08XA' }, CONDITIONS.vertebralFracture)).toBe(false);
  });

  it('system required: a SNOMED code under the LOINC system does not match', () => {
    expect(codingMatches({ system: SYS.snomed, code: '64859006' }, CONDITIONS.osteoporosis)).toBe(true);
    expect(codingMatches({ system: SYS.loinc, code: '64859006' }, CONDITIONS.osteoporosis)).toBe(false);
    expect(codingMatches({ code: '64859006' }, CONDITIONS.osteoporosis)).toBe(false);
  });

  it('LOINC: 72514-3 is a pain score under http://loinc.org or its OID (v2), not under a local system', () => {
    expect(codingMatches({ system: SYS.loinc, code: '72514-3' }, OBSERVATIONS.painScore)).toBe(true);
    expect(codingMatches({ system: 'urn:oid:2.16.840.1.113883.6.1', code: '72514-3' }, OBSERVATIONS.painScore)).toBe(true);
    expect(codingMatches({ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.707679', code: '72514-3' }, OBSERVATIONS.painScore)).toBe(false);
  });

  it('443165006 is an osteoporotic fracture but not a vertebral fracture', () => {
    const generic = { system: SYS.snomed, code: '443165006' };
    expect(codingMatches(generic, CONDITIONS.osteoporoticFracture)).toBe(true);
    expect(codingMatches(generic, CONDITIONS.vertebralFracture)).toBe(false);
  });
});

describe('codes.md matching: HCPCS', () => {
  it('HCPCS by any system containing "hcpcs" (case-insensitive)', () => {
    expect(codingMatches({ system: SYS.hcpcs, code: 'L0625' }, BRACE)).toBe(true);
    expect(codingMatches({ system: 'http://www.cms.gov/hcpcs', code: 'L0450' }, BRACE)).toBe(true);
    expect(codingMatches({ system: 'urn:example:HCPCS-level-II', code: 'L0651' }, BRACE)).toBe(true);
  });

  it('HCPCS: range bounds L0450-L0492 and L0621-L0651; L0493 and L0620 are outside', () => {
    expect(codingMatches({ system: SYS.hcpcs, code: 'L0492' }, BRACE)).toBe(true);
    expect(codingMatches({ system: SYS.hcpcs, code: 'L0493' }, BRACE)).toBe(false);
    expect(codingMatches({ system: SYS.hcpcs, code: 'L0620' }, BRACE)).toBe(false);
  });

  it('HCPCS: a system without "hcpcs" or no system does not match', () => {
    expect(codingMatches({ system: SYS.cpt, code: 'L0625' }, BRACE)).toBe(false);
    expect(codingMatches({ code: 'L0625' }, BRACE)).toBe(false);
  });
});

describe('codes.md matching: text', () => {
  it('text: whole words or word starts, case-insensitive', () => {
    expect(textHasTerm('Vertebral fracture', 'vertebr')).toBe(true);
    expect(textHasTerm('L1 VERTEBRA', 'vertebr')).toBe(true);
    expect(textHasTerm('Intervertebral disc', 'vertebr')).toBe(false);
    expect(textHasTerm('Lumbar spondylosis', 'spondylosis')).toBe(true);
  });
});

describe('codes.md imaging: kind and spine', () => {
  const studyOf = (resource: Resource) => recordOf(patient(), resource).studies[0]!;

  it('kind by CPT first: CPT 72148 is a spine MRI even with a CT modality on the record', () => {
    const s = studyOf(imagingStudy({ procedureCode: cpt('72148'), modality: 'CT', started: dtAgo(1) }));
    expect(imagingKind(s)).toBe('spine-mri');
    expect(isSpineStudy(s)).toBe(true);
  });

  it('kind by DICOM modality: DX/CR x-ray, MR, CT, NM bone scan', () => {
    expect(imagingKind(studyOf(imagingStudy({ modality: 'CR', started: dtAgo(1) })))).toBe('spine-xray');
    expect(imagingKind(studyOf(imagingStudy({ modality: 'MR', started: dtAgo(1) })))).toBe('spine-mri');
    expect(imagingKind(studyOf(imagingStudy({ modality: 'CT', started: dtAgo(1) })))).toBe('spine-ct');
    // v2: NM is a bone scan only with bone context.
    expect(imagingKind(studyOf(imagingStudy({ modality: 'NM', started: dtAgo(1) })))).toBeUndefined();
    expect(imagingKind(studyOf(imagingStudy({ modality: 'NM', started: dtAgo(1), seriesDescription: 'Whole body bone imaging' })))).toBe('bone-scan');
  });

  it('kind by text: "CT lumbar spine", "Bone scintigraphy"', () => {
    expect(imagingKind(studyOf(diagnosticReport({ text: 'CT lumbar spine' }, dtAgo(1))))).toBe('spine-ct');
    expect(imagingKind(studyOf(procedure({ text: 'Bone scintigraphy' }, dtAgo(1))))).toBe('bone-scan');
  });

  it('spine by body site coding (122496007 lumbar spine, 421060004 vertebral column)', () => {
    expect(isSpineStudy(studyOf(imagingStudy({ modality: 'DX', bodySite: snomed('122496007'), started: dtAgo(1) })))).toBe(true);
    expect(isSpineStudy(studyOf(imagingStudy({ modality: 'DX', bodySite: snomed('421060004'), started: dtAgo(1) })))).toBe(true);
  });

  it('spine by text: "thoracic" followed by spine or vertebra, T-spine, L-spine', () => {
    expect(isSpineStudy(studyOf(diagnosticReport({ text: 'XR thoracic spine' }, dtAgo(1))))).toBe(true);
    expect(isSpineStudy(studyOf(diagnosticReport({ text: 'Thoracic vertebrae AP/lateral' }, dtAgo(1))))).toBe(true);
    expect(isSpineStudy(studyOf(diagnosticReport({ text: 'XR T-spine' }, dtAgo(1))))).toBe(true);
    expect(isSpineStudy(studyOf(imagingStudy({ modality: 'DX', seriesDescription: 'L-spine 2 views', started: dtAgo(1) })))).toBe(true);
  });

  it('"thoracic" alone is the chest: 51185008 "Thoracic structure" and 261179002 "thoracic" are not spine', () => {
    expect(isSpineStudy(studyOf(imagingStudy({ modality: 'DX', bodySite: snomed('51185008', 'Thoracic structure'), description: 'Chest X-ray', started: dtAgo(1) })))).toBe(false);
    expect(isSpineStudy(studyOf(imagingStudy({ modality: 'US', bodySite: snomed('261179002', 'thoracic'), started: dtAgo(1) })))).toBe(false);
    expect(isSpineStudy(studyOf(diagnosticReport({ text: 'Thoracic CT' }, dtAgo(1))))).toBe(false);
  });
});
