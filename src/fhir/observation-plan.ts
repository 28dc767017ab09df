// The ways Observations and lab reports can be read (src/fhir/queries.ts), in a module with no imports: the launch
// page validates the configuration with it and must not carry the query plan.
export const OBSERVATION_PLANS = ['latest', 'window', 'full'] as const;

export type ObservationPlan = (typeof OBSERVATION_PLANS)[number];
