# syntax=docker/dockerfile:1
# briefbot as a deployment runs it: the very steps the tests exercise (`npm ci`, which runs
# `prepare` (scripts/prepare.mjs, the build) and so makes dist/, then `node bin/briefbot.js`), in two stages
# so that the image holds production dependencies only and runs as a user without privileges.
# Not built where it was written: that machine has no Docker daemon and cannot pull base images.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles itself when no prebuilt binary fits: the toolchain stays in this stage.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
COPY briefings ./briefings
# `npm ci` installs exactly the lockfile and runs `prepare` (scripts/prepare.mjs builds): dist/ is made here.
RUN npm ci
# Then only what `dependencies` lists goes on.
RUN npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    BRIEFBOT_DATA_DIR=/data \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/briefings ./briefings
# The data folder holds only local files when the library is in PostgreSQL (the console transcript).
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/briefbot.js"]
CMD ["serve"]
