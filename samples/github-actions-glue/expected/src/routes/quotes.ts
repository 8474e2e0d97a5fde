import type { FastifyInstance } from 'fastify';

const quotes = [
  'Simplicity is prerequisite for reliability.',
  'Make it work, make it right, make it fast.',
  'Premature optimization is the root of all evil.',
];

export async function quotesRoutes(app: FastifyInstance): Promise<void> {
  app.get('/random', async () => ({ quote: quotes[Math.floor(Math.random() * quotes.length)] }));
  app.get('/', async () => quotes);
}
