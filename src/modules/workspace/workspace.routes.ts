import type { FastifyInstance } from 'fastify';

export default async function workspaceRoutes(_app: FastifyInstance) {}
