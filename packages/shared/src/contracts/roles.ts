/**
 * What a caller of Fleetscore's HTTP APIs may do: the roles of the one authorization contract.
 * The same strings are Entra ID app-role values (the `roles` claim of a token; a value may not
 * contain spaces), the roles an API key is configured with (`FLEETSCORE_API_KEYS`), and what
 * each route declares it needs (`x-required-role` in the OpenAPI document).
 */
export const ROLES = ['reader', 'readings.write', 'runs.operate', 'models.publish'] as const;
export type Role = (typeof ROLES)[number];

/** What each role is for: docs, the OpenAPI document and the Entra app-role descriptions. */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  reader: 'read runs, jobs, reports, dead letters, predictions, models and schedules',
  'readings.write': 'send device readings to the ingest API',
  'runs.operate': 'start, retry and cancel runs, replay dead letters, see the queue dashboard',
  'models.publish': 'upload models, make a version current, roll back, start training runs',
};

/**
 * Roles that include another. Operators and publishers read what they act on, so
 * `runs.operate` and `models.publish` include `reader`; `readings.write` does not: a device or
 * gateway that sends readings has no business reading runs or predictions.
 */
const IMPLIES: Readonly<Record<Role, readonly Role[]>> = {
  reader: [],
  'readings.write': [],
  'runs.operate': ['reader'],
  'models.publish': ['reader'],
};

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** Whether a principal holding `held` may do what needs `needed`. */
export function grants(held: readonly Role[], needed: Role): boolean {
  return held.some((role) => role === needed || IMPLIES[role].includes(needed));
}

/** The known roles among arbitrary claim values (an Entra `roles` claim), in contract order. */
export function rolesOf(values: unknown): Role[] {
  if (!Array.isArray(values)) return [];
  return ROLES.filter((role) => values.includes(role));
}
