// The CDS Hooks 2.0 JSON shapes, field by field, written from the specification text (Discovery,
// HTTP Response, Card, Source, Suggestion, Action, Link). Each returns the problems found; [] is valid.
// Unknown fields are reported too: a card should carry documented fields only, so any CDS client shows it.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isAbsoluteUrl = (v: unknown) => isString(v) && /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fields(object: Json, where: string, allowed: string[], problems: string[]) {
  for (const key of Object.keys(object)) if (!allowed.includes(key) && key !== 'extension') problems.push(`${where}.${key}: not a documented field`);
}

function coding(value: unknown, where: string, problems: string[]) {
  if (!isObject(value)) return void problems.push(`${where}: must be a Coding object`);
  fields(value, where, ['system', 'code', 'display'], problems);
  for (const key of ['system', 'code', 'display']) if (value[key] !== undefined && !isString(value[key])) problems.push(`${where}.${key}: must be a string`);
}

export function discoveryProblems(body: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(body)) return ['discovery: must be a JSON object'];
  fields(body, 'discovery', ['services'], problems);
  if (!Array.isArray(body.services)) return [...problems, 'services: required array'];
  const ids = new Set<string>();
  body.services.forEach((service, i) => {
    const where = `services[${i}]`;
    if (!isObject(service)) return void problems.push(`${where}: must be an object`);
    fields(service, where, ['hook', 'title', 'description', 'id', 'prefetch', 'usageRequirements'], problems);
    for (const key of ['hook', 'description', 'id']) if (!isString(service[key]) || !service[key]) problems.push(`${where}.${key}: required string`);
    for (const key of ['title', 'usageRequirements']) if (service[key] !== undefined && !isString(service[key])) problems.push(`${where}.${key}: must be a string`);
    if (isString(service.id)) {
      if (ids.has(service.id)) problems.push(`${where}.id: duplicate`);
      ids.add(service.id);
      // The id is the {id} segment of the service URL.
      if (!/^[A-Za-z0-9\-._~]+$/.test(service.id)) problems.push(`${where}.id: not a URL path segment`);
    }
    if (service.prefetch !== undefined) {
      if (!isObject(service.prefetch)) problems.push(`${where}.prefetch: must be an object of templates`);
      else for (const [key, template] of Object.entries(service.prefetch)) if (!isString(template)) problems.push(`${where}.prefetch.${key}: must be a string`);
    }
  });
  return problems;
}

function link(value: unknown, where: string, problems: string[]) {
  if (!isObject(value)) return void problems.push(`${where}: must be an object`);
  fields(value, where, ['label', 'url', 'type', 'appContext', 'autolaunchable'], problems);
  if (!isString(value.label) || !value.label) problems.push(`${where}.label: required string`);
  if (!isAbsoluteUrl(value.url)) problems.push(`${where}.url: required absolute URL`);
  if (value.type !== 'absolute' && value.type !== 'smart') problems.push(`${where}.type: must be "absolute" or "smart"`);
  if (value.appContext !== undefined) {
    if (!isString(value.appContext)) problems.push(`${where}.appContext: must be a string`);
    if (value.type !== 'smart') problems.push(`${where}.appContext: only for smart links`);
  }
}

function action(value: unknown, where: string, problems: string[]) {
  if (!isObject(value)) return void problems.push(`${where}: must be an object`);
  fields(value, where, ['type', 'description', 'resource', 'resourceId'], problems);
  if (!['create', 'update', 'delete'].includes(value.type as string)) problems.push(`${where}.type: must be create, update or delete`);
  if (!isString(value.description) || !value.description) problems.push(`${where}.description: required string`);
  if ((value.type === 'create' || value.type === 'update') && (!isObject(value.resource) || !isString(value.resource.resourceType))) {
    problems.push(`${where}.resource: a FHIR resource is required for ${String(value.type)}`);
  }
  if (value.type === 'delete' && !isString(value.resourceId) && !Array.isArray(value.resourceId)) problems.push(`${where}.resourceId: required for delete`);
}

function suggestion(value: unknown, where: string, problems: string[]) {
  if (!isObject(value)) return void problems.push(`${where}: must be an object`);
  fields(value, where, ['label', 'uuid', 'isRecommended', 'actions'], problems);
  if (!isString(value.label) || !value.label) problems.push(`${where}.label: required string`);
  if (value.uuid !== undefined && !(isString(value.uuid) && UUID.test(value.uuid))) problems.push(`${where}.uuid: must be a UUID`);
  if (value.isRecommended !== undefined && typeof value.isRecommended !== 'boolean') problems.push(`${where}.isRecommended: must be a boolean`);
  if (value.actions !== undefined) {
    if (!Array.isArray(value.actions)) problems.push(`${where}.actions: must be an array`);
    else value.actions.forEach((a, i) => action(a, `${where}.actions[${i}]`, problems));
  }
}

export function cardProblems(card: unknown, where = 'card'): string[] {
  const problems: string[] = [];
  if (!isObject(card)) return [`${where}: must be an object`];
  fields(card, where, ['uuid', 'summary', 'detail', 'indicator', 'source', 'suggestions', 'selectionBehavior', 'overrideReasons', 'links'], problems);
  if (card.uuid !== undefined && !(isString(card.uuid) && UUID.test(card.uuid))) problems.push(`${where}.uuid: must be a UUID`);
  if (!isString(card.summary) || !card.summary) problems.push(`${where}.summary: required string`);
  else if (card.summary.length >= 140) problems.push(`${where}.summary: must be under 140 characters (${card.summary.length})`);
  if (card.detail !== undefined && !isString(card.detail)) problems.push(`${where}.detail: must be a markdown string`);
  if (!['info', 'warning', 'critical'].includes(card.indicator as string)) problems.push(`${where}.indicator: must be info, warning or critical`);
  if (!isObject(card.source)) problems.push(`${where}.source: required object`);
  else {
    fields(card.source, `${where}.source`, ['label', 'url', 'icon', 'topic'], problems);
    if (!isString(card.source.label) || !card.source.label) problems.push(`${where}.source.label: required string`);
    if (card.source.url !== undefined && !isAbsoluteUrl(card.source.url)) problems.push(`${where}.source.url: must be an absolute URL`);
    if (card.source.icon !== undefined && !isAbsoluteUrl(card.source.icon)) problems.push(`${where}.source.icon: must be an absolute URL`);
    if (card.source.topic !== undefined) coding(card.source.topic, `${where}.source.topic`, problems);
  }
  if (card.suggestions !== undefined) {
    if (!Array.isArray(card.suggestions)) problems.push(`${where}.suggestions: must be an array`);
    else {
      card.suggestions.forEach((s, i) => suggestion(s, `${where}.suggestions[${i}]`, problems));
      // selectionBehavior is required whenever suggestions are present.
      if (card.selectionBehavior !== 'at-most-one' && card.selectionBehavior !== 'any') problems.push(`${where}.selectionBehavior: required with suggestions (at-most-one or any)`);
    }
  }
  if (card.overrideReasons !== undefined) {
    if (!Array.isArray(card.overrideReasons)) problems.push(`${where}.overrideReasons: must be an array of Coding`);
    else card.overrideReasons.forEach((c, i) => coding(c, `${where}.overrideReasons[${i}]`, problems));
  }
  if (card.links !== undefined) {
    if (!Array.isArray(card.links)) problems.push(`${where}.links: must be an array`);
    else card.links.forEach((l, i) => link(l, `${where}.links[${i}]`, problems));
  }
  return problems;
}

export function hookResponseProblems(body: unknown): string[] {
  if (!isObject(body)) return ['response: must be a JSON object'];
  const problems: string[] = [];
  fields(body, 'response', ['cards', 'systemActions'], problems);
  if (!Array.isArray(body.cards)) return [...problems, 'cards: required array (empty when there is nothing to say)'];
  body.cards.forEach((card, i) => problems.push(...cardProblems(card, `cards[${i}]`)));
  return problems;
}
