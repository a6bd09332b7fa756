// The reference server: bare Fastify answering a constant, the ceiling for any HTTP route on
// this machine with this load tool.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/constant', async () => ({ status: 'ok', code: '000.00.01.H40-250124-0001' }));
const port = Number(process.argv[2] ?? 0);
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write(`listening ${port}\n`);
