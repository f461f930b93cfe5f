// The physical limit of this machine for a JSON API: the smallest Node HTTP server answering every
// POST with a fixed JSON body (the size of a CheckAvailability answer), keep-alive, nothing else.
const BODY = JSON.stringify({
  slot: { merchant_id: 'bench', service_id: 'hot', start_sec: '1893542400', duration_sec: '3600', confirmation_mode: 'CONFIRMATION_MODE_UNSPECIFIED' },
  count_available: 95,
});
const server = require('node:http')
  .createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
      res.end(BODY);
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
