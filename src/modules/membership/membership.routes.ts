import type { FastifyInstance } from 'fastify';

export default async function membershipRoutes(_app: FastifyInstance) {}
