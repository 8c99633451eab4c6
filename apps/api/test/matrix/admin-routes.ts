import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

export interface AdminRoute {
  /** `METHOD /admin/path/{param}`, the way OpenAPI spells paths. */
  key: string;
  method: string;
  path: string;
  takesBody: boolean;
  takesQuery: boolean;
}

const joinPath = (...parts: (string | undefined)[]) =>
  `/${parts
    .flatMap((part) => (part ?? '').split('/'))
    .filter((segment) => segment.length > 0)
    .map((segment) => segment.replace(/^:(.+)$/, '{$1}'))
    .join('/')}`;

function argumentKinds(controller: object, handler: string): Set<number> {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller.constructor, handler) ?? {}) as Record<
    string,
    unknown
  >;
  return new Set(Object.keys(args).map((key) => Number(key.split(':')[0])));
}

/**
 * Every /admin route the running app serves, read from the controllers Nest registered, so a route added
 * anywhere shows up here without anyone listing it.
 */
export function adminRoutes(app: NestFastifyApplication): AdminRoute[] {
  const routes: AdminRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const metatype = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!metatype) continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      const base = Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined;
      for (const handler of Object.getOwnPropertyNames(prototype)) {
        const fn = prototype[handler];
        if (handler === 'constructor' || typeof fn !== 'function') continue;
        const methodCode = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
        const paths = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (methodCode === undefined || paths === undefined) continue;
        const kinds = argumentKinds(prototype, handler);
        for (const sub of [paths].flat()) {
          const path = joinPath(base, sub);
          if (!path.startsWith('/admin/')) continue;
          const method = RequestMethod[methodCode];
          routes.push({
            key: `${method} ${path}`,
            method,
            path,
            takesBody: kinds.has(RouteParamtypes.BODY),
            takesQuery: kinds.has(RouteParamtypes.QUERY),
          });
        }
      }
    }
  }
  return routes.sort((a, b) => (a.key < b.key ? -1 : 1));
}

const OPENAPI_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  parameters?: { name: string; in: string }[];
}

export type OpenApiPaths = Record<
  string,
  Partial<Record<(typeof OPENAPI_METHODS)[number], OpenApiOperation>>
>;

/** `METHOD /path` for every operation of an OpenAPI document under /admin. */
export function openApiRouteKeys(paths: OpenApiPaths): string[] {
  return Object.entries(paths)
    .filter(([path]) => path.startsWith('/admin/'))
    .flatMap(([path, operations]) =>
      OPENAPI_METHODS.filter((method) => operations[method]).map(
        (method) => `${method.toUpperCase()} ${path}`,
      ),
    )
    .sort();
}
