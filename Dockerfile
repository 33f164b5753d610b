# The app image for docker-compose.yml. Node 22 LTS; the app also runs on Node 20 and 24.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
# The server runs as plain JavaScript (scripts/build.mjs): tsx's loader would cost some 45 MB of memory.
RUN npm run build
USER node
EXPOSE 3000
CMD ["node", "dist/server.js"]
