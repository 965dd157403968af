# BookChat: one image, every role (ROLE=web|worker|channels, or all by default).
# Node 22 runs the TypeScript sources directly (type stripping), as `npm start` does:
# there is no build step, and no devDependency is needed at run time.
FROM node:22-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .

# A non-root user; DATA_DIR (backups, generated files) is the only place it writes.
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin bookchat \
  && mkdir -p /app/data && chown bookchat /app/data
USER bookchat
ENV DATA_DIR=/app/data PORT=3000
EXPOSE 3000

# node itself, not npm: npm does not pass SIGTERM on, so `docker stop` would orphan the service.
CMD ["node", "src/main.ts"]
