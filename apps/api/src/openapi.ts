import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI for /admin at /docs (UI) and /docs/json, generated from the controllers and their zod schemas. */
export function mountOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
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
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
}
