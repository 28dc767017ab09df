// One-line launcher summaries of the Synthea fixtures (from ../shared/fixtures/synthea/SOURCES.md).
// An unknown file falls back to its name.
const SUMMARIES: Record<string, string> = {
  'osteoporosis-osteofracture-f100-hallie-hoeger.json': 'Synthea: osteoporosis, two forearm fractures (one osteoporotic), DXA -3.31; no spine findings.',
  'osteoporosis-osteofracture-f80-twyla-moen.json': 'Synthea: osteoporosis, old osteoporotic wrist fracture; no DXA.',
  'osteoporosis-osteofracture-m76-lonnie-von.json': 'Synthea: osteoporosis with an active forearm fracture (not vertebral).',
  'osteoporosis-kneeoa-f73-elvina-lemke.json': 'Synthea: osteoporosis (DXA -2.57) and knee osteoarthritis (not a spinal pain source).',
  'osteoporosis-m74-chad-quigley.json': 'Synthea: osteoporosis, DXA -2.83; no imaging.',
  'osteoporosis-f78-margery-gibson.json': 'Synthea: osteoporosis, DXA -2.69, stroke history; largest pain record.',
  'deceased-osteoporosis-coloncancer-f100-keira-huel.json': 'Synthea: deceased; osteoporosis, old colon cancer, osteoporotic hip fracture.',
  'largest-deceased-m116-vito-feeney.json': 'Synthea: deceased; prostate cancer with metastasis; the largest record.',
  'negative-f78-ammie-huels.json': 'Synthea: none of the relevant conditions.',
  'negative-m76-adalberto-hartmann.json': 'Synthea: none of the relevant conditions.',
  'more/deceased-osteoporosis-lungcancer-m71-gilbert-wunsch.json': 'Synthea: deceased; active lung cancer with osteoporosis.',
  'more/deceased-osteoporosis-4fractures-chestimaging-f95-clorinda-wilkinson.json': 'Synthea: deceased; four non-vertebral osteoporotic fractures, chest imaging labelled "thoracic".',
  'more/spinalcordinjury-chronicpain-f63-cary-ohara.json': 'Synthea: spinal cord lesion without a fracture code, chronic pain.',
  'more/uscore-inferno-kneeoa-oldcoloncancer-m86-patient355.json': 'Synthea (US Core, Inferno): knee OA, old colon cancer, non-osteoporotic wrist fracture; no pain scores.',
};

export function syntheaSummary(file: string): string {
  return SUMMARIES[file.replace(/\\/g, '/')] ?? `Synthea: ${file.replace(/\.json$/, '')}`;
}
