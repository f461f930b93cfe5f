// graphql-ws publishes its `ws` adapter only through package.json "exports" (graphql-ws/use/ws),
// which this project's moduleResolution (node10, for the CommonJS build) does not read; Node resolves
// it at run time. This names the same declarations by file.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
