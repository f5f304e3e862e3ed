/**
 * The scenario's state: the request being built (resource, headers, body, path parameter), sent
 * lazily when a step first looks at the response (CAMARA's plans often set the body after "When ...
 * is sent"), and every response validated against the operation's responses in CAMARA's YAML.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAPIResponseValidator from 'openapi-response-validator';
import { parse } from 'yaml';
import type { CamaraFixtures } from './camara-fixtures.js';

type Doc = { paths: Record<string, Record<string, { operationId: string; responses: Record<string, any> }>>; components: Record<string, any> };

const load = (file: string) => parse(readFileSync(join(import.meta.dirname, 'api', file), 'utf8')) as Doc;
export const DOCS = { volume: load('device-data-volume.yaml'), subscriptions: load('device-data-volume-subscriptions.yaml') };

interface Operation {
  doc: Doc;
  method: string;
  path: string;
  responses: Record<string, any>;
}

function operations(): Map<string, Operation> {
  const found = new Map<string, Operation>();
  for (const doc of Object.values(DOCS)) {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) found.set(op.operationId, { doc, method: method.toUpperCase(), path, responses: op.responses });
    }
  }
  return found;
}
export const OPERATIONS = operations();

/** The errors of `value` against a schema of the YAML (undefined when it complies), by the same validator. */
export function schemaErrors(doc: Doc, schema: object, value: unknown): unknown {
  const responses = { 200: { description: 'checked', content: { 'application/json': { schema } } } };
  return new OpenAPIResponseValidator({ responses, components: doc.components } as never).validateResponse('200', value)?.errors;
}

function deref(doc: Doc, value: any): any {
  return value && typeof value.$ref === 'string'
    ? value.$ref
        .slice(2)
        .split('/')
        .reduce((o: any, k: string) => o[k], doc)
    : value;
}

/** Statuses answered that an operation's YAML does not declare (asked for by the test plans). */
export const UNDECLARED = new Set<string>();

export interface Sent {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export class CamaraWorld {
  static fixtures: CamaraFixtures;
  base = '';
  resource = '';
  headers: Record<string, string> = {};
  body: any = undefined;
  operationId = '';
  pathId: string | undefined;
  ids: Record<string, string> = {};
  threshold = { value: 500, unit: 'MiB' };
  device: { phoneNumber: string; iccid: string } | undefined;
  pendingSubscription: any | undefined;
  private sent: Sent | undefined;

  get fx(): CamaraFixtures {
    return CamaraWorld.fixtures;
  }

  /** Sets a `$.a.b` property of the request body (creating objects on the way); undefined removes it. */
  setBody(path: string, value: unknown): void {
    const keys = path.replace(/^\$\.?/, '').split('.');
    this.body ??= {};
    let at = this.body;
    for (const k of keys.slice(0, -1)) at = at[k] ??= {};
    if (value === undefined) delete at[keys.at(-1)!];
    else at[keys.at(-1)!] = value;
  }

  async response(): Promise<Sent> {
    if (this.sent) return this.sent;
    const op = OPERATIONS.get(this.operationId);
    if (!op) throw new Error(`unknown operation ${this.operationId}`);
    const prefix = op.doc === DOCS.volume ? '/device-data-volume/v0.1' : '/device-data-volume-subscriptions/v0.1';
    const path = prefix + op.path.replace('{subscriptionId}', encodeURIComponent(this.pathId ?? 'none'));
    const withBody = op.method === 'POST';
    const res = await fetch(`${this.base}${path}`, {
      method: op.method,
      headers: { ...this.headers, ...(withBody ? { 'content-type': 'application/json' } : {}) },
      ...(withBody ? { body: JSON.stringify(this.body ?? {}) } : {}),
    });
    const text = await res.text();
    this.sent = { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
    this.validateAgainstYaml(op, this.sent);
    return this.sent;
  }

  /** Every response must be one the operation declares, with a body its schema accepts. */
  private validateAgainstYaml(op: Operation, sent: Sent): void {
    const declared = deref(op.doc, op.responses[String(sent.status)]);
    if (!declared) {
      // The test plan asks for a status the YAML does not list for this operation (CAMARA's own gap):
      // the body must still be CAMARA's ErrorInfo, and the gap is reported at the end of the run.
      UNDECLARED.add(`${this.operationId} ${sent.status}`);
      const errors = schemaErrors(op.doc, { $ref: '#/components/schemas/ErrorInfo' }, sent.body);
      if (errors) throw new Error(`${this.operationId} ${sent.status} is not an ErrorInfo: ${JSON.stringify(errors)}`);
      return;
    }
    const responses = { [String(sent.status)]: declared };
    const validator = new OpenAPIResponseValidator({ responses, components: op.doc.components } as never);
    const errors = validator.validateResponse(String(sent.status), sent.body ?? null);
    if (errors) throw new Error(`${this.operationId} ${sent.status} does not match the YAML: ${JSON.stringify(errors.errors)} in ${sent.text}`);
  }

  reset(): void {
    this.sent = undefined;
  }
}

/** `$.a.b[0]` of a JSON value. */
export function at(value: any, path: string): any {
  return path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((k) => k !== undefined && k !== '')
    .reduce((o, k) => (o == null ? undefined : o[k]), value);
}
