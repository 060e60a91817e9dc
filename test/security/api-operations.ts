/**
 * The scheduler API's operations as its OpenAPI document describes them, reduced to what a
 * fuzzer needs: where each input goes and whether its schema constrains it (a pattern, a
 * format, an enum, a number, an object or an array), i.e. whether a hostile value there is
 * certain to be refused.
 */

interface JsonSchema {
  type?: string;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
}

interface OpenApiOperation {
  tags?: string[];
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface Input {
  name: string;
  required: boolean;
  /** A hostile value here is certainly refused by the schema. */
  constrained: boolean;
  integer: boolean;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, `{name}` for parameters. */
  path: string;
  params: Input[];
  query: Input[];
  /** `json`: an object body with declared fields; `binary`: a file upload; absent: no body. */
  body?: { kind: 'json'; fields: Input[] } | { kind: 'binary' };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function input(name: string, schema: JsonSchema | undefined, required: boolean): Input {
  const type = schema?.type;
  const integer = type === 'integer' || type === 'number';
  const constrained =
    schema?.pattern !== undefined ||
    schema?.format !== undefined ||
    schema?.enum !== undefined ||
    integer ||
    (type !== undefined && type !== 'string');
  return { name, required, constrained, integer };
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = op.parameters ?? [];
      const of = (where: string) =>
        parameters
          .filter((p) => p.in === where)
          .map((p) => input(p.name, p.schema, where === 'path' || p.required === true));
      const content = op.requestBody?.content ?? {};
      const schema = content['application/json']?.schema;
      let body: Operation['body'];
      if (schema?.type === 'object') {
        const required = new Set((schema as { required?: string[] }).required ?? []);
        const fields = Object.entries(schema.properties ?? {}).map(([name, s]) =>
          input(name, s, required.has(name)),
        );
        body = { kind: 'json', fields };
      } else if (schema !== undefined || Object.keys(content).length > 0) {
        body = { kind: 'binary' };
      }
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        params: of('path'),
        query: of('query'),
        ...(body ? { body } : {}),
      });
    }
  }
  return operations;
}

/** `POST /v1/runs/{id}/cancel`: how routes are named in tables and failure messages. */
export const routeName = (op: Operation) => `${op.method} ${op.path}`;

/** An operation with inputs to fuzz: params, a query or a body. */
export const hasInputs = (op: Operation) =>
  op.params.length > 0 || op.query.length > 0 || op.body !== undefined;

/** The slots that refuse any hostile value: path params, constrained query and body fields. */
export function hostileSlots(op: Operation): string[] {
  return [
    ...op.params.map((p) => `path:${p.name}`),
    ...op.query.filter((q) => q.constrained).map((q) => `query:${q.name}`),
    ...(op.body?.kind === 'json'
      ? [...op.body.fields.filter((f) => f.constrained).map((f) => `body:${f.name}`), 'body:*']
      : []),
    ...(op.body?.kind === 'binary' ? ['body:*'] : []),
  ];
}
