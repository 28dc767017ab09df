// Builds launch.html on its own, inside the app build, and writes it with its script and stylesheet inline
// (./launch-page.ts says why). Its own bundler pass, not a second input of the app build: built together, the two pages
// shared chunks (the bundler's helpers, the stylesheet), and an inline script can import nothing from a chunk. The
// dev server (`vite`) still serves launch.html from source, with the script as a file.
import type { InlineConfig, Plugin, PluginOption } from 'vite';
import { pageFirstRequests } from '../http-kit/page-first-requests.ts';
import { inlineLaunchPage, type LaunchPageParts } from './launch-page.ts';

export interface LaunchPageBuildOptions {
  /** The app build's own settings for what both pages bundle (fhirclient's switches, aliases, the target). */
  shared: () => Pick<InlineConfig, 'define' | 'resolve'> & { target: string };
  /** Fresh plugin instances for the launch page's pass (Preact's JSX). */
  plugins: () => PluginOption[];
}

/** What index.html loads before its script runs (script, module preloads, stylesheet), for the launch page to fetch ahead. */
export function appPageFiles(indexHtml: string): LaunchPageParts['appPageFiles'] {
  return pageFirstRequests(indexHtml).flatMap(({ href, rel, as }) => {
    const path = /^\.?\/?(assets\/.+)$/.exec(href)?.[1];
    const kind = rel === 'modulepreload' ? 'script' : as === 'style' ? 'style' : undefined;
    // Relative, like every URL of the built pages (base './'): the app works under any path.
    return path && kind ? [{ href: `./${path}`, as: kind } as const] : [];
  });
}

export function launchPageBuild(options: LaunchPageBuildOptions): Plugin {
  let root = process.cwd();
  let mode = 'production';
  return {
    name: 'kyphoplasty:launch-page-build',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      mode = config.mode;
    },
    generateBundle: {
      // After Vite has written index.html into the bundle: its files are what the launch page fetches ahead.
      order: 'post',
      async handler(_outputOptions, bundle) {
        const index = bundle['index.html'];
        if (!index || index.type !== 'asset') throw new Error('launch page: the app build wrote no index.html');
        const { build } = await import('vite');
        const shared = options.shared();
        const result = await build({
          configFile: false,
          root,
          mode,
          base: './',
          logLevel: 'warn',
          plugins: options.plugins(),
          ...(shared.define ? { define: shared.define } : {}),
          ...(shared.resolve ? { resolve: shared.resolve } : {}),
          build: {
            write: false,
            copyPublicDir: false,
            target: shared.target,
            modulePreload: { polyfill: false },
            // One self-contained script: the problem view, lazy on the app page, is inside it (about 3 KB gzip).
            rolldownOptions: { input: { launch: 'launch.html' }, output: { codeSplitting: false } },
          },
        });
        const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
        const html = outputs.find((o) => o.type === 'asset' && o.fileName === 'launch.html');
        const chunks = outputs.filter((o) => o.type === 'chunk');
        if (!html || html.type !== 'asset' || chunks.length !== 1 || chunks[0]!.type !== 'chunk') throw new Error(`launch page: expected launch.html and one script, got ${outputs.map((o) => o.fileName).join(', ')}`);
        // Only the page, its script and stylesheets are written (inline): any other file its build made (an image, a
        // font) would be lost, so it fails the build instead.
        const others = outputs.filter((o) => o.type === 'asset' && o.fileName !== 'launch.html' && !o.fileName.endsWith('.css'));
        if (others.length) throw new Error(`launch page: its build made files the inline page would lose: ${others.map((o) => o.fileName).join(', ')}`);
        const text = (source: string | Uint8Array) => (typeof source === 'string' ? source : new TextDecoder().decode(source));
        // Relative asset URLs only (base './', as vite.config.ts sets it): the launch page fetches ahead what index.html loads.
        const files = appPageFiles(text(index.source));
        if (!files.some((file) => file.as === 'script')) throw new Error('launch page: found no script of the app page to fetch ahead in index.html (is base still \'./\'?)');
        const source = inlineLaunchPage({
          html: text(html.source),
          script: { fileName: chunks[0]!.fileName, code: chunks[0]!.code },
          stylesheets: outputs.flatMap((o) => (o.type === 'asset' && o.fileName.endsWith('.css') ? [{ fileName: o.fileName, source: text(o.source) }] : [])),
          appPageFiles: files,
        });
        this.emitFile({ type: 'asset', fileName: 'launch.html', source });
      },
    },
  };
}
