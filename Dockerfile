# The app image for docker-compose.yml. Node 22 LTS; the app also runs on Node 20 and 24.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/server.ts"]
