// A CDS Hooks request body, checked field by field: what is wrong is said in words an integrator
// can act on, and a body that passes is typed.
import type { OrderHook } from './discovery';
import { orderForAnotherPatient } from './order-subject';

export interface FhirAuthorization {
  access_token: string;
  token_type: string;
  expires_in?: number;
  scope?: string;
  subject?: string;
  patient?: string;
}

export interface OrderHookRequest {
  hook: OrderHook;
  hookInstance: string;
  fhirServer?: string;
  fhirAuthorization?: FhirAuthorization;
  context: {
    userId: string;
    patientId: string;
    encounterId?: string;
    /** order-select only: references ("ServiceRequest/123") of the orders just selected. */
    selections?: string[];
    draftOrders: { resourceType: 'Bundle'; entry?: Array<{ resource?: unknown }> };
  };
  prefetch?: Record<string, unknown>;
}

export class HookRequestError extends Error {
  override name = 'HookRequestError';
}

type Json = Record<string, unknown>;

const MAX_FHIR_SERVER_LENGTH = 2048;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(object: Json, field: string, where: string): string {
  const value = object[field];
  if (typeof value !== 'string' || value.trim() === '') throw new HookRequestError(`${where}${field} is required and must be a non-empty string`);
  return value;
}

function optionalString(object: Json, field: string, where: string): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HookRequestError(`${where}${field} must be a string`);
  return value;
}

function authorization(value: unknown): FhirAuthorization | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new HookRequestError('fhirAuthorization must be an object');
  const token = requireString(value, 'access_token', 'fhirAuthorization.');
  const type = requireString(value, 'token_type', 'fhirAuthorization.');
  if (type.toLowerCase() !== 'bearer') throw new HookRequestError('fhirAuthorization.token_type must be "Bearer"');
  const scope = optionalString(value, 'scope', 'fhirAuthorization.');
  const subject = optionalString(value, 'subject', 'fhirAuthorization.');
  const patient = optionalString(value, 'patient', 'fhirAuthorization.');
  return { access_token: token, token_type: type, ...(scope ? { scope } : {}), ...(subject ? { subject } : {}), ...(patient ? { patient } : {}) };
}

/** The body of POST /cds-services/{id} for an order hook; throws HookRequestError. */
export function parseOrderHookRequest(body: unknown, expectedHook: OrderHook): OrderHookRequest {
  if (!isObject(body)) throw new HookRequestError('the request body must be a JSON object');
  const hook = requireString(body, 'hook', '');
  if (hook !== expectedHook) throw new HookRequestError(`hook is "${hook}", but this service answers "${expectedHook}"`);
  const hookInstance = requireString(body, 'hookInstance', '');
  const fhirServer = optionalString(body, 'fhirServer', '');
  if (fhirServer !== undefined && !/^https?:\/\//i.test(fhirServer)) throw new HookRequestError('fhirServer must be an http(s) URL');
  // A FHIR base URL is short; a long one is refused before any parsing (a megabyte of slashes must cost nothing).
  if (fhirServer !== undefined && fhirServer.length > MAX_FHIR_SERVER_LENGTH) throw new HookRequestError(`fhirServer is longer than ${MAX_FHIR_SERVER_LENGTH} characters`);
  const fhirAuthorization = authorization(body.fhirAuthorization);
  if (fhirAuthorization && !fhirServer) throw new HookRequestError('fhirAuthorization was sent without fhirServer');

  if (!isObject(body.context)) throw new HookRequestError('context is required and must be an object');
  const context = body.context;
  const userId = requireString(context, 'userId', 'context.');
  const patientId = requireString(context, 'patientId', 'context.');
  const encounterId = optionalString(context, 'encounterId', 'context.');
  let selections: string[] | undefined;
  if (expectedHook === 'order-select') {
    if (!Array.isArray(context.selections) || context.selections.some((s) => typeof s !== 'string')) {
      throw new HookRequestError('context.selections is required for order-select and must be a list of references such as "ServiceRequest/123"');
    }
    selections = context.selections as string[];
  }
  const draftOrders = context.draftOrders;
  if (!isObject(draftOrders) || draftOrders.resourceType !== 'Bundle') throw new HookRequestError('context.draftOrders is required and must be a FHIR Bundle');
  if (draftOrders.entry !== undefined && !Array.isArray(draftOrders.entry)) throw new HookRequestError('context.draftOrders.entry must be a list');
  const mismatch = orderForAnotherPatient((draftOrders.entry ?? []) as Array<{ resource?: unknown }>, patientId);
  if (mismatch) {
    throw new HookRequestError(`context.draftOrders.entry[${mismatch.index}].resource.subject is ${JSON.stringify(mismatch.subject)}, but context.patientId is ${patientId}`);
  }

  let prefetch: Record<string, unknown> | undefined;
  if (body.prefetch !== undefined && body.prefetch !== null) {
    if (!isObject(body.prefetch)) throw new HookRequestError('prefetch must be an object of prefetch keys');
    prefetch = body.prefetch;
    const patient = prefetch.patient;
    if (isObject(patient) && patient.resourceType === 'Patient' && patient.id !== patientId) {
      throw new HookRequestError(`prefetch.patient is Patient/${String(patient.id)}, but context.patientId is ${patientId}`);
    }
  }

  return {
    hook: expectedHook,
    hookInstance,
    ...(fhirServer ? { fhirServer } : {}),
    ...(fhirAuthorization ? { fhirAuthorization } : {}),
    context: {
      userId,
      patientId,
      ...(encounterId ? { encounterId } : {}),
      ...(selections ? { selections } : {}),
      draftOrders: draftOrders as OrderHookRequest['context']['draftOrders'],
    },
    ...(prefetch ? { prefetch } : {}),
  };
}
