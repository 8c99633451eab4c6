# syntax=docker/dockerfile:1
# Build from the repository root: docker build -f docker/api.Dockerfile .
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json nx.json tsconfig.base.json jest.preset.mjs eslint.config.mjs ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY apps/api/package.json apps/api/
COPY apps/dashboard/package.json apps/dashboard/
COPY libs ./libs
RUN npm install --no-audit --no-fund
COPY apps/api ./apps/api
RUN npx nx run @switchyard/api:build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production PORT=4000
# The environment of scripts/api-process.mjs (README, "Memory").
ENV MALLOC_ARENA_MAX=2
# Migrations run at start through the Prisma CLI, so its config and the migration files ship with the API.
COPY --from=build /app/package.json /app/prisma.config.ts ./
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs ./libs
COPY --from=build /app/apps/api/package.json ./apps/api/package.json
COPY --from=build /app/apps/api/dist ./apps/api/dist
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The entry and Node flags of scripts/api-process.mjs.
CMD ["node", "--no-allocation-site-pretenuring", "--heap-growing-percent=50", "apps/api/dist/main.bundle.js"]
