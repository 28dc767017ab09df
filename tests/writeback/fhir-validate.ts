// R4 structure validation with the definitions the sandbox indexes (Medplum): the same check the sandbox makes on a write.
import { validateResource } from '@medplum/core';
import type { Resource } from 'fhir/r4';
import { ensureFhirDefinitionsIndexed } from '../../sandbox/fhir/definitions';

export function r4Problems(resource: Resource): string[] {
  ensureFhirDefinitionsIndexed();
  try {
    return validateResource(resource as never).filter((i) => i.severity === 'error').map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`);
  } catch (error) {
    const issues = (error as { outcome?: { issue?: Array<{ details?: { text?: string }; expression?: string[] }> } }).outcome?.issue ?? [];
    return issues.length ? issues.map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`) : [String(error)];
  }
}
