// The cold-start yardstick: the smallest Node HTTP server, started and probed like the gateway.
const server = require('node:http')
  .createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"data":{"__typename":"Query"}}'));
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
