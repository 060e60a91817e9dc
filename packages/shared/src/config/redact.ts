const MASK = '[redacted]';

/**
 * Keys whose values are secret wherever they appear in a config object; `hash` is an API key
 * grant's (`apiKeys: [{ hash, roles }]`), whose roles stay readable.
 */
const SECRET_KEY = /apiKey|password|secret|token|credential|^hash$/i;
const CONNECTION_STRING_KEY = /connectionString$/i;

/**
 * Connection-string parts that only say where, never who: kept so a start-up log still shows
 * which account or namespace a service talks to. Everything else (AccountKey,
 * SharedAccessKey, SharedAccessSignature, InstrumentationKey, …) is masked.
 */
const PUBLIC_PARTS = new Set(
  [
    'AccountName',
    'BlobEndpoint',
    'DefaultEndpointsProtocol',
    'Endpoint',
    'EndpointSuffix',
    'EntityPath',
    'IngestionEndpoint',
    'LiveEndpoint',
    'QueueEndpoint',
    'SharedAccessKeyName',
    'TableEndpoint',
    'UseDevelopmentStorage',
  ].map((part) => part.toLowerCase()),
);

/** `AccountName=a;AccountKey=…` → `AccountName=a;AccountKey=[redacted]`. */
export function redactConnectionString(text: string): string {
  return text
    .split(';')
    .map((part) => {
      const at = part.indexOf('=');
      if (at < 0) return part.trim() ? MASK : part;
      const key = part.slice(0, at);
      return PUBLIC_PARTS.has(key.trim().toLowerCase()) ? part : `${key}=${MASK}`;
    })
    .join(';');
}

/** Masks the password of a URL (`redis://:secret@host`); other text is returned as is. */
export function redactUrl(text: string): string {
  if (!URL.canParse(text)) return text;
  const url = new URL(text);
  if (!url.password) return text;
  url.password = MASK;
  return url.toString();
}

/** `scheme://user:password@` in free text: the password, up to the `@`. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]+@/gi;
/** Connection-string secrets and SAS signatures in free text: the value, up to `;`, `&` or a quote. */
const SECRET_PART =
  /\b(AccountKey|SharedAccessKey|SharedAccessSignature|InstrumentationKey|sig)=[^;&\s"']+/gi;

/**
 * Masks the secrets that tend to ride along in error messages (a Redis URL with its password, a
 * connection string, a SAS URL) wherever they appear in `text`. For text that is shown as it
 * is, such as health reports on open routes; a config object goes through `redactConfig`.
 */
export function redactSecrets(text: string): string {
  return text.replace(URL_PASSWORD, `$1${MASK}@`).replace(SECRET_PART, `$1=${MASK}`);
}

/**
 * A copy of a config that is safe to log: connection strings keep only their public parts,
 * secret keys (API key hashes, passwords) are masked item by item, URL passwords are masked.
 * The shape stays the same, so the log line reads like the config.
 */
export function redactConfig<T>(config: T): T {
  return redact(config, '') as T;
}

function redact(value: unknown, key: string): unknown {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key)) return MASK;
    if (CONNECTION_STRING_KEY.test(key)) return redactConnectionString(value);
    return redactUrl(value);
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}
