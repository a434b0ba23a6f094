// Dexie's ESM entry (import-wrapper.mjs) imports its UMD build, which a browser cannot load
// unbundled. Dexie also ships a true ES module; this @web/dev-server plugin serves it in the
// wrapper's place. Used by the dev server and the browser tests (esbuild bundles the app itself).
export const dexieAsEsModule = {
  name: 'dexie-as-es-module',
  serve(context) {
    if (/\/node_modules\/dexie\/import-wrapper(-prod)?\.mjs$/.test(context.path)) {
      return { body: "export * from './dist/dexie.mjs';\nexport { default } from './dist/dexie.mjs';\n", type: 'js' };
    }
    return undefined;
  },
};
