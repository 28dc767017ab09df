// Every error the FHIR side returns is an OperationOutcome (never HTML or plain text), so a
// client can always parse the body as FHIR JSON.
import type { OperationOutcome } from 'fhir/r4';

export type IssueCode = OperationOutcome['issue'][number]['code'];

export function operationOutcome(code: IssueCode, diagnostics: string, severity: 'error' | 'warning' | 'information' = 'error'): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code, diagnostics, details: { text: diagnostics } }],
  };
}

/** An HTTP error carrying the status and OperationOutcome the FHIR handler should answer with. */
export class FhirHttpError extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
    readonly headers: Record<string, string> = {},
  ) {
    super(outcome.issue[0]?.diagnostics ?? `HTTP ${status}`);
  }
}

export function fhirError(status: number, code: IssueCode, diagnostics: string, headers?: Record<string, string>): FhirHttpError {
  return new FhirHttpError(status, operationOutcome(code, diagnostics), headers);
}
