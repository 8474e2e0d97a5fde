import Fastify from 'fastify';
import { quotesRoutes } from './routes/quotes';

const app = Fastify({ logger: true });
app.register(quotesRoutes, { prefix: '/quotes' });

app.listen({ host: '0.0.0.0', port: Number(process.env.PORT ?? 3000) }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});
