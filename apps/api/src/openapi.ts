import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * OpenAPI for /admin at /docs (UI) and /docs/json, generated from the controllers and their zod schemas. The
 * document (about 2 MB of objects) is built on the first request for it and kept, not at start: most processes
 * never serve it.
 */
export function mountOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, documentConfig()), {
    jsonDocumentUrl: 'docs/json',
  });
}

function documentConfig() {
  return new DocumentBuilder()
    .setTitle('Switchyard control plane')
    .setDescription(
      'The /admin API: users, teams, proxy tokens, provider keys, budgets, pricing, usage and audit.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A session token from /admin/auth/login, or an admin API key (sya-…)',
    })
    .build();
}
