import type { FastifyInstance } from 'fastify';

export default async function consoleRoutes(_app: FastifyInstance) {}
