/**
 * Makes the embedded store's JavaScript views fast enough to sync through (the reach view of
 * store.ts). PouchDB 9 runs a view's map function by pasting the function's source and the
 * document's JSON into a fresh program and running it in a NEW `vm` context for every document
 * (`evalFunctionInVm` in pouchdb/lib/index.js): about 2 ms a document, so the first pull after a
 * push of 10,000 drafts spent 21 s building the view (0.04 ms a document with this in place).
 *
 * Here `vm.runInNewContext` recognises that program for the map functions this server defines,
 * compiles each function once in one sandbox context of its own (as CouchDB's query server
 * keeps a function across documents), and calls it with the document parsed from the same JSON:
 * the function sees the same copy and the same globals (emit, sum, log, isArray, toJSON) as before.
 * Any other program (another view, a reduce, a filter) goes to the original unchanged.
 *
 * Only the embedded store process loads this (dev, demo and tests); CouchDB runs the same map
 * source in its own engine.
 */
import vm from 'node:vm';

/** What PouchDB's program returns: the map's result and what it emitted. */
interface MapOutput {
  result: unknown;
  emitteds: [unknown, unknown][];
}

const PROGRAM_HEAD_END = 'var __result__ = (';
const PROGRAM_TAIL = ');return {result: __result__, emitteds: __emitteds__};})()';
/** A map function receives the document alone: PouchDB passes two more arguments, both undefined. */
const MAP_ARGUMENTS_TAIL = ',undefined,undefined';

export function installFastViews(mapSources: readonly string[]): void {
  const original = vm.runInNewContext.bind(vm);
  const emitted: [unknown, unknown][] = [];
  const sandbox = vm.createContext({
    emit: (key: unknown, value: unknown) => { emitted.push([key, value]); },
    // The helpers PouchDB's program defines for a map function (log is silent there too).
    sum: (values: number[]) => values.reduce((total, value) => total + value, 0),
    log: () => undefined,
    isArray: Array.isArray,
    toJSON: JSON.parse,
  });
  const compiled = new Map<string, (doc: unknown) => unknown>();
  for (const source of mapSources) {
    compiled.set(source, vm.runInContext(`"use strict"; (${source.replace(/;\s*$/, '')})`, sandbox) as (doc: unknown) => unknown);
  }

  const fast = (code: string): MapOutput | undefined => {
    const head = code.indexOf(PROGRAM_HEAD_END);
    if (head < 0 || !code.endsWith(PROGRAM_TAIL)) return undefined;
    const rest = code.slice(head + PROGRAM_HEAD_END.length, code.length - PROGRAM_TAIL.length);
    for (const [source, map] of compiled) {
      const prefix = `${source.replace(/;\s*$/, '')})(`;
      if (!rest.startsWith(prefix) || !rest.endsWith(MAP_ARGUMENTS_TAIL)) continue;
      const doc: unknown = JSON.parse(rest.slice(prefix.length, rest.length - MAP_ARGUMENTS_TAIL.length));
      emitted.length = 0;
      const result = map(doc);
      return { result, emitteds: emitted.splice(0) };
    }
    return undefined;
  };

  // The module object is shared: PouchDB reads vm.runInNewContext at each call.
  (vm as { runInNewContext: (code: string, ...rest: unknown[]) => unknown }).runInNewContext = (code: string, ...rest: unknown[]) =>
    (typeof code === 'string' && rest.length === 0 ? fast(code) : undefined) ?? original(code, ...(rest as []));
}
