import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { adminRoutes, type AdminRoute, type OpenApiPaths, openApiRouteKeys } from './admin-routes.js';

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: OpenApiPaths;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: BodySchema }> };
  parameters?: { name: string; in: string; required?: boolean }[];
  security?: Record<string, unknown>[];
}

interface BodySchema {
  type?: string;
  properties?: Record<string, unknown>;
  required?: string[];
  additionalProperties?: boolean;
}

/** Routes that need no credentials. */
const PUBLIC_ROUTES = new Set(['POST /admin/auth/login', 'GET /admin/auth/setup']);

/** Login's body is validated by its guard, so the handler binds no body argument. */
const takesBody = (route: AdminRoute) => route.takesBody || route.key === 'POST /admin/auth/login';

describe('OpenAPI document', () => {
  let api: TestApp;
  let document: OpenApiDocument;
  let routes: AdminRoute[];

  const operation = (route: AdminRoute) =>
    document.paths[route.path]?.[route.method.toLowerCase() as 'get'] as Operation | undefined;

  beforeAll(async () => {
    api = await startTestApp();
    const response = await api.http.get('/docs/json').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    document = response.body as OpenApiDocument;
    routes = adminRoutes(api.app);
  });

  afterAll(async () => {
    await api.close();
  });

  it('is an OpenAPI 3 document for the control plane with bearer auth', () => {
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(document.info).toMatchObject({ title: 'Switchyard control plane', version: '1' });
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('lists every /admin route the app serves, and nothing it does not', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(openApiRouteKeys(document.paths)).toEqual(routes.map((route) => route.key));
  });

  it('documents the JSON body schema of every route that takes one, refusing unknown fields', () => {
    const documented = routes.filter(takesBody).map((route) => {
      const schema = operation(route)?.requestBody?.content?.['application/json']?.schema ?? {};
      const properties = Object.keys(schema.properties ?? {});
      return {
        route: route.key,
        type: schema.type,
        hasProperties: properties.length > 0,
        requiredAreProperties: (schema.required ?? []).every((field) => properties.includes(field)),
        additionalProperties: schema.additionalProperties,
      };
    });
    expect(documented.length).toBeGreaterThan(15);
    expect(documented).toEqual(
      documented.map(({ route }) => ({
        route,
        type: 'object',
        hasProperties: true,
        requiredAreProperties: true,
        additionalProperties: false,
      })),
    );
  });

  it('documents no body on routes that take none', () => {
    const stray = routes
      .filter((route) => !takesBody(route) && operation(route)?.requestBody !== undefined)
      .map((route) => route.key);
    expect(stray).toEqual([]);
  });

  it('documents the query parameters of every route that reads a query', () => {
    const undocumented = routes
      .filter((route) => route.takesQuery)
      .filter((route) => !(operation(route)?.parameters ?? []).some((parameter) => parameter.in === 'query'))
      .map((route) => route.key);
    expect(undocumented).toEqual([]);
  });

  it('documents every path parameter', () => {
    const missing = routes.flatMap((route) => {
      const declared = new Set(
        (operation(route)?.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      );
      return [...route.path.matchAll(/\{(\w+)\}/g)]
        .map(([, name]) => name!)
        .filter((name) => !declared.has(name))
        .map((name) => `${route.key}: ${name}`);
    });
    expect(missing).toEqual([]);
  });

  it('marks every route but login and setup as needing the bearer credential', () => {
    const unmarked = routes
      .filter((route) => !PUBLIC_ROUTES.has(route.key))
      .filter((route) => !(operation(route)?.security ?? []).some((requirement) => 'bearer' in requirement))
      .map((route) => route.key);
    expect(unmarked).toEqual([]);
  });

  it('serves the interactive documentation at /docs', async () => {
    const response = await api.http.get('/docs').redirects(1);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toMatch(/swagger-ui/i);
  });
});
