/** The OpenAPI 3.1 document, generated from the same registry that mounts the routes. */
import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { RouteRegistry } from './route-registry';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export function buildOpenApiDocument(routes: RouteRegistry): OpenApiDocument {
  return new OpenApiGeneratorV31(routes.openapi.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'tgxh-engine API',
      version: '0.1.0',
      description:
        'Quy trình trợ giúp xã hội: API cho công dân, cán bộ và quản trị. Every error has a stable `code` and ' +
        'a Vietnamese `message`; invalid input lists `fieldErrors`.',
    },
  });
}
