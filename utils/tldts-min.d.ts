// tldts's own minified ES module (see utils/registrable-domain.ts for why that file): the same API as
// the package entry, whose types it shares.
declare module 'tldts/dist/index.esm.min.js' {
  export * from 'tldts';
}
