# API and worker image. Chromium and Liberation fonts (metric-compatible with Times New Roman) are needed
# to print official documents to PDF.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npx tsc -p tsconfig.build.json && cp -r db/migrations dist/db/ && cp -r web/static dist/web/ && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-liberation2 ca-certificates \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production CHROMIUM_PATH=/usr/bin/chromium
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/templates ./templates
# Owned by node so a fresh named volume mounted here (docker-compose.yml) is writable by the API.
RUN mkdir -p /var/lib/tgxh/attachments && chown node:node /var/lib/tgxh/attachments
USER node
EXPOSE 3000
CMD ["node", "dist/runtime/api-main.js"]
