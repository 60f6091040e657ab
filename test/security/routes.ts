/**
 * Every HTTP route of the running application, read from the controllers Nest
 * mapped (not from a hand-written list), with what the auth guard and the
 * validation pipe will make of it.
 */
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getMetadataStorage } from 'class-validator';
import { IS_PUBLIC_KEY, ROLES_KEY } from '../../src/common/auth/decorators.js';
import type { Role } from '../../src/common/auth/roles.js';
import { API_PREFIX } from '../../src/app.factory.js';

export interface RouteInfo {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify-style path with the global prefix: `/api/v1/complaints/:id`. */
  path: string;
  /** The handler's name, which is also its OpenAPI operationId. */
  operationId: string;
  isPublic: boolean;
  roles: Role[];
  /** The `@AuthRateLimit()` bucket, if any. */
  authRateLimit?: string;
  multipart: boolean;
  /** The @Body() DTO class and the properties the validation pipe lets through. */
  body?: { dto: new () => object; properties: string[] };
}

const AUTH_SCOPE_KEY = 'rateLimit:authScope';
const API_CONSUMES = 'swagger/apiConsumes';
/** Controllers served outside the global prefix (app.factory.ts). */
const UNPREFIXED = ['media'];

function join(...parts: string[]): string {
  return `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

/** Properties class-validator knows on a DTO (its whitelist), including inherited ones. */
export function dtoProperties(dto: new () => object): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))].sort();
}

export function listRoutes(app: NestFastifyApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!cls) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, cls) as string | string[]].flat()[0] ?? '';
      const prefix = UNPREFIXED.some((p) => base === p || base.startsWith(`${p}/`)) ? '' : API_PREFIX;
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = (cls.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (method === undefined || paths === undefined) continue;
        const meta = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ?? (Reflect.getMetadata(key, cls) as T | undefined);
        const consumes = (Reflect.getMetadata(API_CONSUMES, handler) as string[] | undefined) ?? [];
        for (const path of [paths].flat()) {
          routes.push({
            method: RequestMethod[method] as RouteInfo['method'],
            path: join(prefix, base, path).replace(/\{\*(\w+)\}|\*$/, '*'),
            operationId: name,
            isPublic: meta<boolean>(IS_PUBLIC_KEY) === true,
            roles: meta<Role[]>(ROLES_KEY) ?? [],
            authRateLimit: Reflect.getMetadata(AUTH_SCOPE_KEY, handler) as string | undefined,
            multipart: consumes.includes('multipart/form-data'),
            body: bodyOf(cls, name),
          });
        }
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

function bodyOf(cls: new (...args: unknown[]) => object, name: string): RouteInfo['body'] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, name) ?? {}) as Record<string, { index: number; data?: unknown }>;
  const entry = Object.entries(args).find(([key, arg]) => key.startsWith(`${RouteParamtypes.BODY}:`) && arg.data === undefined);
  if (!entry) return undefined;
  const types = Reflect.getMetadata('design:paramtypes', cls.prototype, name) as Array<new () => object>;
  const dto = types[entry[1].index];
  if (!dto || dto === Object) return undefined;
  return { dto, properties: dtoProperties(dto) };
}

/** A concrete URL for a route: every path parameter filled with something well-formed that exists nowhere. */
export function sampleUrl(route: RouteInfo, params: Record<string, string> = {}): string {
  return route.path
    .replace(/:(\w+)/g, (_, name: string) => params[name] ?? SAMPLE_PARAMS[name] ?? '7b0f8a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b')
    .replace('*', 'public/none/nothing.webp');
}

const SAMPLE_PARAMS: Record<string, string> = {
  tracking_number: 'CC202601010001',
  gateway: 'bkash',
};
