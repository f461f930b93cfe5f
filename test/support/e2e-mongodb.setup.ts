// The "mongodb" jest project: end-to-end suites build their gateways on MongoDB (test-gateway.ts).
process.env.E2E_STORE = 'mongodb';
