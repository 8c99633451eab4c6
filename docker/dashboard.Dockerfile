# syntax=docker/dockerfile:1
# Build from the repository root: docker build -f docker/dashboard.Dockerfile .
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
COPY apps/dashboard ./apps/dashboard
RUN npx nx run @switchyard/dashboard:build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 DASHBOARD_PORT=3000
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs ./libs
COPY --from=build /app/apps/dashboard ./apps/dashboard
WORKDIR /app/apps/dashboard
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.DASHBOARD_PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["sh", "-c", "exec ../../node_modules/.bin/next start -p ${DASHBOARD_PORT}"]
