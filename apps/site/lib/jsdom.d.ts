// jsdom ships no types; the site only needs a window's document to hand to Plot.
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string);
    readonly window: { document: Document };
  }
}
